import { segmentRemaining } from "@/lib/billing/balances";
import { isAtPrecision } from "@/lib/billing/money";
import { toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { COMMIT_SELECT } from "@/lib/services/contracts/contract-record";
import { parseInput } from "@/lib/services/parse-input";
import { balanceState } from "./balance-state";
import { ZAddManualLedgerEntry, type TAddManualLedgerEntry } from "./schemas";

/**
 * POST /v1/contracts/addManualBalanceLedgerEntry: adds to (positive) or takes from (negative)
 * one segment of a commit or credit, with a reason shown in its ledger. A segment never holds
 * less than zero: taking more than it has left — after what the open draft invoices already
 * draw — is refused. The commit row is locked, so two entries at once cannot both pass.
 */
export async function addManualLedgerEntry(ctx: ServiceContext, input: TAddManualLedgerEntry, now = new Date()): Promise<void> {
  authorize(ctx.actor, "customers:write");
  const q = parseInput(ZAddManualLedgerEntry, input);
  await ctx.db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "commit" WHERE id = ${q.id}::uuid FOR UPDATE`;
      const row = await tx.commit.findFirst({ where: { id: q.id, customerId: q.customer_id }, select: COMMIT_SELECT });
      if (!row) throw new AppError("not_found", "id: the customer has no commit or credit with that id.", { id: "Unknown balance" });
      if (row.contractId !== (q.contract_id ?? null)) {
        const where = row.contractId ? `contract ${row.contractId}; pass it as contract_id` : "the customer, not to a contract; leave out contract_id";
        throw new AppError("not_found", `contract_id: this balance belongs to ${where}.`, { contract_id: "Not the balance's contract" });
      }
      if (row.archivedAt) throw new AppError("unprocessable", "id: the balance is archived.", { id: "Archived" });
      const segment = row.segments.find((s) => s.id === q.segment_id);
      if (!segment) throw new AppError("not_found", "segment_id: the balance has no segment with that id.", { segment_id: "Unknown segment" });
      const creditType = await tx.creditType.findUniqueOrThrow({ where: { id: row.creditTypeId }, select: { id: true, name: true, precision: true } });
      if (!isAtPrecision(q.amount, creditType)) {
        throw new AppError("bad_request", `amount: at most ${creditType.precision} decimal places of ${creditType.name}.`, { amount: `At most ${creditType.precision} decimal places` });
      }

      const state = await balanceState(tx, q.customer_id, [row], now);
      const before = segmentRemaining(state.segments.get(segment.id)!);
      if (before.plus(q.amount).lt(0)) {
        throw new AppError("unprocessable", `amount: the segment holds ${before.toFixed()} ${creditType.name} (after what open invoices draw); it cannot go below zero.`, {
          amount: `At most ${before.toFixed()} can be taken`,
        });
      }
      const timestamp = q.timestamp ?? segment.startingAt;
      await tx.ledgerEntry.create({
        data: { customerId: q.customer_id, commitId: row.id, segmentId: segment.id, type: "MANUAL", amount: toDb(q.amount), timestamp, reason: q.reason },
      });
      await recordAudit(tx, ctx.actor, {
        action: "balance.manual_entry",
        objectType: "commit",
        objectId: row.id,
        customerId: q.customer_id,
        before: { segment_id: segment.id, remaining: before.toFixed() },
        after: { segment_id: segment.id, amount: q.amount.toFixed(), reason: q.reason, timestamp, remaining: before.plus(q.amount).toFixed() },
      });
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}
