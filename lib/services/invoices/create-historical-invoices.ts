import { randomUUID } from "node:crypto";
import { explainRefusal } from "@/lib/billing/errors";
import { historicalInvoice } from "@/lib/billing/historical-invoices";
import { billingPeriodAt } from "@/lib/billing/periods";
import type { UsageRecord } from "@/lib/billing/types";
import { toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudits } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readContract } from "@/lib/services/contracts/contract-record";
import { parseInput } from "@/lib/services/parse-input";
import { closeIdempotencyKey } from "./close-periods";
import { loadContractForBilling } from "./draft-invoice";
import { withCustomFields } from "./invoice-custom-fields";
import { draftRecord, INVOICE_SELECT, lineItemRows, storedRecords, type InvoiceRecord } from "./invoice-record";
import { ZCreateHistoricalInvoices, type TCreateHistoricalInvoices } from "./schemas";

// POST /v1/contracts/createHistoricalInvoices: for teams migrating their history, FINALIZED
// usage invoices of past periods from the quantities they billed elsewhere, priced at each
// contract's rates (lib/billing/historical-invoices.ts). Each invoice must be one whole billing
// period of its contract, ended, and not invoiced yet: it is stored under the period's close key,
// so the period counts as closed — the close job never bills it again from events, and a second
// historical invoice for it is refused. All of a request's invoices are written in one
// transaction, or none; `preview: true` writes nothing and returns them as they would be.
//
// A historical invoice's lines are marked (detail.historical): they were given, not measured, so
// its period has no breakdown by day or hour to compute (list-invoice-breakdowns.ts refuses it).

export async function createHistoricalInvoices(ctx: ServiceContext, input: TCreateHistoricalInvoices, now = new Date()): Promise<InvoiceRecord[]> {
  authorize(ctx.actor, "invoices:write");
  const data = parseInput(ZCreateHistoricalInvoices, input);
  return ctx.db.$transaction(
    async (tx) => {
      const built = [];
      for (const [i, inv] of data.invoices.entries()) {
        const field = (name: string) => `invoices.${i}.${name}`;
        const refuse = (name: string, message: string): never => {
          throw new AppError("bad_request", `Invalid request: ${field(name)}: ${message}`, { [field(name)]: message });
        };
        const { row } = await readContract(tx, inv.customer_id, inv.contract_id).catch((error: unknown) => {
          throw error instanceof AppError && error.code === "not_found" ? new AppError("not_found", `${field("contract_id")}: ${error.message}`) : error;
        });
        if (row.archivedAt) throw new AppError("conflict", `${field("contract_id")}: the contract is archived.`);
        const billing = await loadContractForBilling(tx, row.customerId, row.id, now);
        if (inv.credit_type_id !== billing.pricing.fiat.id) refuse("credit_type_id", `must be the contract's rate card credit type (${billing.pricing.fiat.id}, ${billing.pricing.fiat.name})`);
        const period = billingPeriodAt(billing.contract, inv.inclusive_start_date);
        if (!period || period.startingAt.getTime() !== inv.inclusive_start_date.getTime() || period.endingBefore.getTime() !== inv.exclusive_end_date.getTime()) {
          const there = period ? ` (the period there is ${period.startingAt.toISOString()} to ${period.endingBefore.toISOString()})` : " (the contract is not in force then)";
          refuse("inclusive_start_date", `must be the start of one of the contract's billing periods, and exclusive_end_date its end${there}`);
        }
        if (inv.exclusive_end_date > now) refuse("exclusive_end_date", "the period has not ended; a historical invoice is for a past period");

        inv.usage_line_items.forEach((l, j) => {
          if (!billing.pricing.products.has(l.product_id)) refuse(`usage_line_items.${j}.product_id`, "the contract's rate card does not price this product");
        });
        const usage: UsageRecord[] = inv.usage_line_items.flatMap((l) => {
          const groupValues = { ...l.pricing_group_values, ...l.presentation_group_values };
          const windows = l.subtotals_with_quantity?.map((s) => ({ startingAt: s.inclusive_start_date, endingBefore: s.exclusive_end_date, quantity: s.quantity })) ?? [
            { startingAt: l.inclusive_start_date, endingBefore: l.exclusive_end_date, quantity: l.quantity! },
          ];
          return windows.map((w) => ({ productId: l.product_id, groupValues, ...w }));
        });
        const invoice = explainRefusal({ prefix: `invoices.${i}` }, () => historicalInvoice(billing.contract, billing.pricing.index, period!, usage));
        built.push({ inv, row, billing, invoice, id: randomUUID() });
      }

      if (data.preview) {
        return withCustomFields(tx, built.map(({ inv, row, billing, invoice, id }) => ({
          ...draftRecord({ invoice, contract: billing.contract, customerId: row.customerId, pricing: billing.pricing, id, type: "USAGE", billing }),
          status: "FINALIZED" as const,
          issuedAt: inv.issue_date,
        })));
      }
      for (const [i, { inv, row, invoice, id }] of built.entries()) {
        const inserted = await tx.invoice.createManyAndReturn({
          data: [
            {
              id,
              customerId: row.customerId,
              contractId: row.id,
              type: "USAGE",
              status: "FINALIZED",
              creditTypeId: invoice.creditType.id,
              startTimestamp: invoice.startingAt,
              endTimestamp: invoice.endingBefore,
              issuedAt: inv.issue_date,
              finalizedAt: now,
              subtotal: toDb(invoice.subtotal),
              total: toDb(invoice.total),
              idempotencyKey: closeIdempotencyKey(row.id, invoice.startingAt),
            },
          ],
          skipDuplicates: true,
          select: { id: true },
        });
        if (inserted.length === 0) {
          throw new AppError("conflict", `invoices.${i}: the contract's period from ${invoice.startingAt.toISOString()} is invoiced already (a finalized or voided invoice, or another invoice of this request).`);
        }
        const lines = lineItemRows(row.customerId, invoice.lines).map((line) => ({ ...line, invoiceId: id, detail: { ...(line.detail as object), historical: true } }));
        await tx.invoiceLineItem.createMany({ data: lines });
      }
      await recordAudits(
        tx,
        ctx.actor,
        built.map(({ row, invoice, id, inv }) => ({
          action: "invoice.create_historical",
          objectType: "invoice",
          objectId: id,
          customerId: row.customerId,
          after: { id, customer_id: row.customerId, contract_id: row.id, type: "USAGE", start_timestamp: invoice.startingAt, end_timestamp: invoice.endingBefore, issued_at: inv.issue_date, credit_type_id: invoice.creditType.id, subtotal: invoice.subtotal, total: invoice.total },
        })),
      );
      await tx.outboxEvent.createMany({
        data: built.map(({ row, invoice, id }) => ({
          type: "invoice.finalized",
          payload: { invoice_id: id, customer_id: row.customerId, contract_id: row.id, invoice_type: "USAGE", credit_type_id: invoice.creditType.id, total: invoice.total.toFixed(), historical: true },
        })),
      });
      const rows = await tx.invoice.findMany({ where: { id: { in: built.map((b) => b.id) } }, select: INVOICE_SELECT });
      const records = new Map((await storedRecords(tx, rows, now)).map((r) => [r.id, r]));
      return withCustomFields(tx, built.map((b) => records.get(b.id)!));
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}
