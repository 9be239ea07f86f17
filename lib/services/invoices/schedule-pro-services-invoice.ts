import { randomUUID } from "node:crypto";
import { sum } from "@/lib/billing/decimal";
import { explainRefusal } from "@/lib/billing/errors";
import { USD_CENTS } from "@/lib/billing/money";
import { professionalServiceLines } from "@/lib/billing/professional-services";
import type { Decimal } from "@/lib/billing/decimal";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { loadEngineProducts } from "@/lib/services/billing/pricing-context";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readContract } from "@/lib/services/contracts/contract-record";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { withCustomFields } from "./invoice-custom-fields";
import { INVOICE_SELECT, lineItemRows, storedRecords, type InvoiceRecord } from "./invoice-record";
import { ZScheduleProServicesInvoice, type TScheduleProServicesInvoice } from "./schemas";

// POST /v1/contracts/scheduleProServicesInvoice: invoices a contract's professional services
// terms (stored with the contract, billed only when asked). One SCHEDULED invoice dated
// `issued_at`, in the contract's rate card currency, FINALIZED at once: it draws on no commit or
// credit (as a scheduled charge's own invoice does not), and voiding it gives its amounts back to
// the terms' max_amount. The contract's row is locked while the terms' invoiced totals are read,
// so two concurrent requests cannot together take a term past its max_amount.
//
// An `issued_at` still to come is refused: Rateline stores no drafts, and an invoice finalized
// before its date would be one the customer could be asked to pay early.

export async function scheduleProServicesInvoice(ctx: ServiceContext, input: TScheduleProServicesInvoice, now = new Date()): Promise<InvoiceRecord[]> {
  authorize(ctx.actor, "invoices:write");
  const data = parseInput(ZScheduleProServicesInvoice, input);
  if (data.issued_at > now) {
    throw new AppError("bad_request", "issued_at: must not be in the future; Rateline finalizes a professional services invoice when it is created.", { issued_at: "In the future" });
  }
  return ctx.db.$transaction(
    async (tx) => {
      const { row } = await readContract(tx, data.customer_id, data.contract_id);
      if (row.archivedAt) throw new AppError("conflict", "The contract is archived; its professional services cannot be invoiced.");
      await tx.$queryRawUnsafe(`SELECT id FROM contract WHERE id = $1::uuid FOR UPDATE`, row.id);

      const fiatId = row.rateCardId ? (await tx.rateCard.findUniqueOrThrow({ where: { id: row.rateCardId }, select: { fiatCreditTypeId: true } })).fiatCreditTypeId : USD_CENTS.id;
      const creditType = (await readCreditTypes(tx, [fiatId])).get(fiatId) ?? USD_CENTS;
      const products = await loadEngineProducts(tx, row.professionalServices.map((p) => p.productId), data.issued_at);
      const names = new Map(
        (await tx.productVersion.findMany({ where: { productId: { in: row.professionalServices.map((p) => p.productId) } }, orderBy: { startingAt: "asc" }, select: { productId: true, name: true } })).map((v) => [v.productId, v.name]),
      );
      const terms = row.professionalServices.map((p) => ({
        id: p.id,
        productId: p.productId,
        name: products.get(p.productId)?.name ?? names.get(p.productId) ?? "Professional services",
        maxAmount: fromDb(p.maxAmount),
        unitPrice: fromDb(p.unitPrice),
      }));
      const invoiced = await invoicedSoFar(tx, row.id);
      const charges = data.line_items.map((l) => ({ professionalServiceId: l.professional_service_id, amount: l.amount, quantity: l.quantity, unitPrice: l.unit_price, metadata: l.metadata }));
      const lines = explainRefusal({}, () => professionalServiceLines(terms, charges, invoiced, creditType, data.issued_at));
      const total = sum(lines.map((l) => l.total));

      const id = randomUUID();
      await tx.invoice.create({
        data: {
          id,
          customerId: row.customerId,
          contractId: row.id,
          type: "SCHEDULED",
          status: "FINALIZED",
          creditTypeId: creditType.id,
          startTimestamp: data.issued_at,
          endTimestamp: data.issued_at,
          issuedAt: data.issued_at,
          finalizedAt: now,
          subtotal: toDb(total),
          total: toDb(total),
          idempotencyKey: `pro-services:${row.id}:${id}`,
          lineItems: { create: lineItemRows(row.customerId, lines) },
        },
      });
      const after = {
        id,
        customer_id: row.customerId,
        contract_id: row.id,
        type: "SCHEDULED",
        issued_at: data.issued_at,
        credit_type_id: creditType.id,
        total,
        professional_services: lines.map((l) => ({ professional_service_id: l.professionalServiceId, quantity: l.quantity, unit_price: l.unitPrice, total: l.total })),
      };
      await recordAudit(tx, ctx.actor, { action: "invoice.finalize", objectType: "invoice", objectId: id, customerId: row.customerId, after });
      await tx.outboxEvent.create({
        data: { type: "invoice.finalized", payload: { invoice_id: id, customer_id: row.customerId, contract_id: row.id, invoice_type: "SCHEDULED", credit_type_id: creditType.id, total: total.toFixed() } },
      });
      const stored = await tx.invoice.findUniqueOrThrow({ where: { id }, select: INVOICE_SELECT });
      return withCustomFields(tx, await storedRecords(tx, [stored], now));
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

/** What each of the contract's professional services terms totals on invoices that stand (not VOID). */
async function invoicedSoFar(tx: Prisma.TransactionClient, contractId: string): Promise<Map<string, Decimal>> {
  const rows = await tx.$queryRawUnsafe<{ id: string; total: string }[]>(
    `SELECT li.detail->>'professional_service_id' AS id, sum(li.total)::text AS total
       FROM invoice_line_item li JOIN invoice i ON i.id = li.invoice_id
      WHERE i.contract_id = $1::uuid AND i.status <> 'VOID' AND li.type = 'PROFESSIONAL_SERVICE'
      GROUP BY 1`,
    contractId,
  );
  return new Map(rows.map((r) => [r.id, fromDb(r.total)]));
}
