import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { STORED_INVOICE_SELECT, voidStoredInvoice } from "@/lib/services/invoices/void-invoice";
import { parseInput } from "@/lib/services/parse-input";
import { readContract } from "./contract-record";
import { moveContractEnd } from "./create-contract";
import { readChildren } from "./hierarchy";
import { refuseDoubleBilledUsage } from "./usage-overlap";
import { ZArchiveContract, ZUpdateEndDate, type TArchiveContract, type TUpdateEndDate } from "./schemas";

/** POST /v1/contracts/archive; with void_invoices, its finalized invoices are voided with it. */
export async function archiveContract(ctx: ServiceContext, input: TArchiveContract) {
  authorize(ctx.actor, "customers:write");
  const { customer_id, contract_id, void_invoices } = parseInput(ZArchiveContract, input);
  return ctx.db.$transaction(async (tx) => {
    const { row } = await readContract(tx, customer_id, contract_id);
    if (row.archivedAt) return { id: row.id };
    // Its children's charges are billed on its invoices: without it they would be billed nowhere.
    const [child] = await readChildren(tx, [row.id]);
    if (child) throw new AppError("conflict", `contract_id: contract ${child.id} (customer ${child.customerId}) is a child this contract pays for; archive the children first.`, { contract_id: "Has live children" });
    const archivedAt = new Date();
    if (void_invoices) {
      const finalized = await tx.invoice.findMany({ where: { contractId: row.id, status: "FINALIZED" }, select: STORED_INVOICE_SELECT });
      for (const invoice of finalized) await voidStoredInvoice(tx, invoice, ctx.actor, archivedAt);
    }
    await tx.contract.update({ where: { id: row.id }, data: { archivedAt } });
    await tx.contractEdit.create({ data: { contractId: row.id, kind: "ARCHIVE", effectiveAt: archivedAt, payload: { void_invoices }, actorName: ctx.actor.name } });
    await recordAudit(tx, ctx.actor, { action: "contract.archive", objectType: "contract", objectId: row.id, customerId: row.customerId, before: { archived_at: null }, after: { archived_at: archivedAt } });
    await tx.outboxEvent.create({ data: { type: "contract.archive", payload: { contract_id: row.id, customer_id: row.customerId, void_invoices } } });
    return { id: row.id };
  });
}

/**
 * POST /v1/contracts/updateEndDate. A finalized invoice never changes, so the end may not fall
 * inside a finalized period unless the caller says it knows.
 */
export async function updateContractEndDate(ctx: ServiceContext, input: TUpdateEndDate, now = new Date()) {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZUpdateEndDate, input);
  return ctx.db.$transaction(async (tx) => {
    const { row } = await readContract(tx, data.customer_id, data.contract_id);
    const end = data.ending_before ?? null;
    if (end && end <= row.startingAt) throw new AppError("bad_request", "ending_before: must be after the contract's starting_at.", { ending_before: "Must be after starting_at" });
    if (end && !data.allow_ending_before_finalized_invoice) {
      const later = await tx.invoice.count({ where: { contractId: row.id, status: "FINALIZED", endTimestamp: { gt: end } } });
      if (later) throw new AppError("conflict", "ending_before falls before the end of a finalized invoice; pass allow_ending_before_finalized_invoice to confirm.");
    }
    await moveContractEnd(tx, ctx.actor, row, end, now);
    await refuseDoubleBilledUsage(tx, { id: row.id, customerId: row.customerId, rateCardId: row.rateCardId, startingAt: row.startingAt, endingBefore: end }, "ending_before");
    return { id: row.id };
  });
}
