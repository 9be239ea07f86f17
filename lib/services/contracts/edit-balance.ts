import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { applyBalanceUpdate } from "./balance-update";
import { COMMIT_SELECT, type CommitRow } from "./contract-record";
import { applyContractEdit } from "./edit-contract";
import {
  ZEditCommit,
  ZEditCredit,
  ZUpdateCommitEndDate,
  ZUpdateCreditEndDate,
  type BalanceUpdate,
  type EditContractInput,
  type TEditCommit,
  type TEditContract,
  type TEditCredit,
  type TUpdateCommitEndDate,
  type TUpdateCreditEndDate,
} from "./schemas";

// One commit or credit edited on its own (v2 commits/edit, credits/edit) or ended earlier
// (v1 customerCommits/customerCredits updateEndDate). A contract's balance is changed as a v2
// contract edit of that one balance (update_commits / update_credits), so it is checked, audited,
// announced and listed in getEditHistory like any edit; a customer-level balance belongs to no
// contract and is audited as a change of the commit. Either audit entry names the customer, which
// queues its stored billing state for refresh.

type Tx = Prisma.TransactionClient;
type Kind = "COMMIT" | "CREDIT";

const TX = { maxWait: 30_000, timeout: 60_000 };

async function readBalance(tx: Tx, customerId: string, id: string, kind: Kind): Promise<CommitRow> {
  const field = kind === "COMMIT" ? "commit_id" : "credit_id";
  // Two edits of one balance run one after the other, each checking what the other left.
  await tx.$queryRaw`SELECT id FROM "commit" WHERE id = ${id}::uuid FOR UPDATE`;
  const balance = await tx.commit.findFirst({ where: { id, customerId, kind, archivedAt: null }, select: COMMIT_SELECT });
  if (!balance) throw new AppError("not_found", `${field}: the customer has no live ${kind === "COMMIT" ? "commit" : "credit"} with the id ${id}.`, { [field]: "Unknown id" });
  return balance;
}

/**
 * Applies `update` (the edit's own `wire` form recorded in a contract's history) to the balance,
 * returning its id. `wire` is the update as the caller spelled it, before parsing.
 */
async function editBalance(tx: Tx, ctx: ServiceContext, balance: CommitRow, update: BalanceUpdate, wire: Record<string, unknown>, now: Date, extra: Prisma.CommitUpdateInput = {}) {
  const key = balance.kind === "COMMIT" ? "commit_id" : "credit_id";
  if (balance.contractId) {
    const list = balance.kind === "COMMIT" ? "update_commits" : "update_credits";
    const e = { customer_id: balance.customerId, contract_id: balance.contractId, [list]: [{ ...update, [key]: balance.id }] } as EditContractInput;
    const input = { customer_id: balance.customerId, contract_id: balance.contractId, [list]: [{ [key]: balance.id, ...wire }] } as TEditContract;
    await applyContractEdit(tx, ctx, e, input, now).catch((error: unknown) => {
      throw error instanceof AppError ? relative(error, `${list}.0.`) : error;
    });
    return { id: balance.id };
  }
  await applyBalanceUpdate(tx, balance, update, "");
  if (Object.keys(extra).length) await tx.commit.update({ where: { id: balance.id }, data: extra });
  const after = await tx.commit.findUniqueOrThrow({ where: { id: balance.id }, select: COMMIT_SELECT });
  await recordAudit(tx, ctx.actor, { action: balance.kind === "COMMIT" ? "commit.edit" : "credit.edit", objectType: "commit", objectId: balance.id, customerId: balance.customerId, before: balance, after });
  return { id: balance.id };
}

/** A contract edit's refusal, its field paths made the request's own (`access_schedule…`, not `update_commits.0.access_schedule…`). */
function relative(error: AppError, prefix: string): AppError {
  const strip = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : path);
  const fields = error.fields && Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [strip(k), v]));
  return new AppError(error.code, error.message.split(prefix).join(""), fields);
}

const wireOf = (input: object, drop: readonly string[]) => Object.fromEntries(Object.entries(input).filter(([k]) => !drop.includes(k)));

/** POST /v2/contracts/commits/edit. */
export async function editCommit(ctx: ServiceContext, input: TEditCommit, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const { customer_id, commit_id, invoice_contract_id, ...update } = parseInput(ZEditCommit, input);
  return ctx.db.$transaction(async (tx) => {
    const balance = await readBalance(tx, customer_id, commit_id, "COMMIT");
    if (invoice_contract_id !== undefined) {
      if (balance.contractId) throw new AppError("bad_request", "invoice_contract_id: a contract's commit is invoiced on its own contract; only a customer-level commit's can be changed.", { invoice_contract_id: "Contract-level commit" });
      const contract = await tx.contract.findFirst({ where: { id: invoice_contract_id, customerId: customer_id, archivedAt: null }, select: { id: true } });
      if (!contract) throw new AppError("not_found", "invoice_contract_id: the customer has no live contract with that id.", { invoice_contract_id: "Unknown id" });
    }
    return editBalance(tx, ctx, balance, update, wireOf(input, ["customer_id", "commit_id"]), now, invoice_contract_id ? { invoiceContractId: invoice_contract_id } : {});
  }, TX);
}

/** POST /v2/contracts/credits/edit. */
export async function editCredit(ctx: ServiceContext, input: TEditCredit, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const { customer_id, credit_id, ...update } = parseInput(ZEditCredit, input);
  return ctx.db.$transaction(async (tx) => {
    const balance = await readBalance(tx, customer_id, credit_id, "CREDIT");
    return editBalance(tx, ctx, balance, update, wireOf(input, ["customer_id", "credit_id"]), now);
  }, TX);
}

/**
 * The access segments cut at `end`: those starting at or after it removed, the one spanning it
 * shortened. Moving the end later is not this operation's (Metronome: use edit).
 */
function cutAccess(balance: CommitRow, end: Date, field: string): BalanceUpdate["access_schedule"] {
  const last = balance.segments.reduce<Date | null>((max, s) => (!max || s.endingBefore > max ? s.endingBefore : max), null);
  if (last && end > last) {
    throw new AppError("bad_request", `${field}: ${end.toISOString()} is after the balance's access ends (${last.toISOString()}); updateEndDate only ends it earlier, use edit to extend it.`, { [field]: "Later than the current end" });
  }
  return {
    remove_schedule_items: balance.segments.filter((s) => s.startingAt >= end).map((s) => ({ id: s.id })),
    update_schedule_items: balance.segments.filter((s) => s.startingAt < end && s.endingBefore > end).map((s) => ({ id: s.id, ending_before: end })),
  };
}

const wireAccess = (a: NonNullable<BalanceUpdate["access_schedule"]>) => ({
  remove_schedule_items: a.remove_schedule_items,
  update_schedule_items: a.update_schedule_items?.map((u) => ({ id: u.id, ending_before: u.ending_before!.toISOString() })),
});

/** POST /v1/contracts/customerCommits/updateEndDate (a contract's prepaid commit too, as Metronome). */
export async function updateCommitEndDate(ctx: ServiceContext, input: TUpdateCommitEndDate, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const u = parseInput(ZUpdateCommitEndDate, input);
  return ctx.db.$transaction(async (tx) => {
    const balance = await readBalance(tx, u.customer_id, u.commit_id, "COMMIT");
    if (balance.type !== "PREPAID") throw new AppError("bad_request", `commit_id: only a PREPAID commit's end date can be updated; this one is ${balance.type}.`, { commit_id: "Not a PREPAID commit" });
    const update: BalanceUpdate = {};
    const wire: Record<string, unknown> = {};
    if (u.access_ending_before) {
      update.access_schedule = cutAccess(balance, u.access_ending_before, "access_ending_before");
      wire.access_schedule = wireAccess(update.access_schedule!);
    }
    if (u.invoices_ending_before) {
      const end = u.invoices_ending_before;
      update.invoice_schedule = { remove_schedule_items: balance.invoiceSchedule.filter((i) => i.timestamp >= end).map((i) => ({ id: i.id })) };
      wire.invoice_schedule = update.invoice_schedule;
    }
    return editBalance(tx, ctx, balance, update, wire, now);
  }, TX);
}

/** POST /v1/contracts/customerCredits/updateEndDate (a contract's credit too, as Metronome). */
export async function updateCreditEndDate(ctx: ServiceContext, input: TUpdateCreditEndDate, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const u = parseInput(ZUpdateCreditEndDate, input);
  return ctx.db.$transaction(async (tx) => {
    const balance = await readBalance(tx, u.customer_id, u.credit_id, "CREDIT");
    const access = cutAccess(balance, u.access_ending_before, "access_ending_before");
    return editBalance(tx, ctx, balance, { access_schedule: access }, { access_schedule: wireAccess(access!) }, now);
  }, TX);
}
