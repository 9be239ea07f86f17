import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { CONTRACT_SELECT, COMMIT_SELECT, readContract } from "./contract-record";
import { checkBillable } from "./create-contract";
import { ZSetUsageFilter, type TSetUsageFilter } from "./schemas";
import { lockCustomerContracts, refuseDoubleBilledUsage } from "./usage-overlap";

// POST /v1/contracts/setUsageFilter: which of the customer's usage the contract bills from
// `starting_at` on (lib/billing/usage-filters.ts). The new filter holds from then until the
// contract's end: any filter set from that instant or later is replaced, earlier ones stay.
// Drafts are computed from the terms, so they follow at once (the audit entry queues the
// customer's stored billing state for a refresh); a finalized invoice never changes, so the
// change may not reach into a period already finalized. To move usage from one contract to
// another, take it off the first, then add it to the second: in between neither bills it twice.

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function setUsageFilter(ctx: ServiceContext, input: TSetUsageFilter) {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZSetUsageFilter, input);
  return ctx.db.$transaction(
    async (tx) => {
      const { row } = await readContract(tx, data.customer_id, data.contract_id);
      // Filters of one customer's contracts are written one at a time (refuseDoubleBilledUsage takes it again).
      await lockCustomerContracts(tx, row.customerId);
      if (row.archivedAt) throw new AppError("conflict", "The contract is archived; its usage filter cannot be set.");
      const from = data.starting_at;
      if (from < row.startingAt) throw new AppError("bad_request", `starting_at: must not be before the contract's starting_at (${row.startingAt.toISOString()}).`, { starting_at: "Before the contract starts" });
      if (row.endingBefore && from >= row.endingBefore) throw new AppError("bad_request", `starting_at: must be before the contract's ending_before (${row.endingBefore.toISOString()}).`, { starting_at: "After the contract ends" });
      const finalized = await tx.invoice.findFirst({
        where: { contractId: row.id, type: "USAGE", status: "FINALIZED", endTimestamp: { gt: from } },
        orderBy: { endTimestamp: "desc" },
        select: { startTimestamp: true, endTimestamp: true },
      });
      if (finalized) {
        throw new AppError(
          "conflict",
          `starting_at falls in the finalized invoice from ${day(finalized.startTimestamp)} to ${day(finalized.endTimestamp)}, which never changes; set the filter from ${finalized.endTimestamp.toISOString()} or later (or void that invoice first).`,
          { starting_at: "Inside a finalized invoice's period" },
        );
      }
      const before = await tx.contractUsageFilter.findMany({ where: { contractId: row.id }, orderBy: { startingAt: "asc" }, select: CONTRACT_SELECT.usageFilters.select });
      const editId = randomUUID();
      await tx.contractUsageFilter.deleteMany({ where: { contractId: row.id, startingAt: { gte: from } } });
      await tx.contractUsageFilter.create({ data: { customerId: row.customerId, contractId: row.id, groupKey: data.group_key, groupValues: data.group_values, startingAt: from, editId } });

      const updated = await tx.contract.findUniqueOrThrow({ where: { id: row.id }, select: CONTRACT_SELECT });
      const customerBalances = await tx.commit.findMany({ where: { customerId: row.customerId, contractId: null, archivedAt: null }, select: COMMIT_SELECT });
      await checkBillable(tx, updated, customerBalances, row.startingAt);
      await refuseDoubleBilledUsage(tx, { id: row.id, customerId: row.customerId, rateCardId: row.rateCardId, startingAt: row.startingAt, endingBefore: row.endingBefore }, "group_values");

      // In the edit history as the SDK's edits spell a filter added (add_usage_filters).
      const change = { group_key: data.group_key, group_values: data.group_values, starting_at: from.toISOString() };
      await tx.contractEdit.create({ data: { id: editId, contractId: row.id, kind: "SET_USAGE_FILTER", effectiveAt: from, payload: { add_usage_filters: [change] }, actorName: ctx.actor.name } });
      await recordAudit(tx, ctx.actor, { action: "contract.set_usage_filter", objectType: "contract", objectId: row.id, customerId: row.customerId, before: { usage_filter: before }, after: { usage_filter: updated.usageFilters } });
      await tx.outboxEvent.create({ data: { type: "contract.edit", payload: { contract_id: row.id, customer_id: row.customerId, edit_id: editId, kind: "SET_USAGE_FILTER" } } });
      return { id: row.id };
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}
