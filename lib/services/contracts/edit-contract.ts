import { randomUUID } from "node:crypto";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { Decimal } from "@/lib/billing/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { parseInput } from "@/lib/services/parse-input";
import { addRechargeConfig, updateRechargeConfig } from "@/lib/services/auto-recharge/write-config";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { CONTRACT_SELECT, COMMIT_SELECT, readContract, type ContractRow } from "./contract-record";
import { checkBillable } from "./create-contract";
import { ZAmendContract, ZContractRef, ZEditContract, type TAmendContract, type TContractRef, type TEditContract, type EditContractInput } from "./schemas";
import { applyBalanceUpdate } from "./balance-update";
import { grantRecurringBalances } from "./recurring-balances";
import { refuseDoubleBilledUsage } from "./usage-overlap";
import { addSeatChanges, countedAsUnassigned, seatUpdateChanges } from "./subscription-seats";
import { writeTerms, type Terms } from "./write-terms";
import { updatedSpendThreshold, writeSpendThreshold } from "./spend-threshold";

// Edits and amendments change a contract from a date on. Drafts are computed live from the
// contract's terms, so they follow at once; finalized invoices are stored and never change.

type Tx = Prisma.TransactionClient;

async function termsContext(tx: Tx, row: ContractRow, editId: string, startingAt: Date) {
  const card = await tx.rateCard.findUniqueOrThrow({ where: { id: row.rateCardId! }, select: { fiatCreditTypeId: true, creditTypeConversions: true } });
  const ids = [card.fiatCreditTypeId, ...(card.creditTypeConversions as { custom_credit_type_id: string }[]).map((c) => c.custom_credit_type_id)];
  const creditTypes: Map<string, CreditType> = await readCreditTypes(tx, ids);
  return { contractId: row.id, customerId: row.customerId, editId, startingAt, endingBefore: row.endingBefore, fiat: creditTypes.get(card.fiatCreditTypeId)!, creditTypes };
}

function own<T extends { id: string }>(items: readonly T[], id: string, field: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new AppError("not_found", `${field}: this contract has nothing with the id ${id}.`, { [field]: "Unknown id" });
  return item;
}

/** Records the change as `editId` (the id its terms were written with), after checking the contract is still billable. */
async function finish(tx: Tx, ctx: ServiceContext, contractId: string, editId: string, kind: string, effectiveAt: Date, input: object, before: ContractRow) {
  const row = await tx.contract.findUniqueOrThrow({ where: { id: contractId }, select: CONTRACT_SELECT });
  const customerBalances = await tx.commit.findMany({ where: { customerId: row.customerId, contractId: null, archivedAt: null }, select: COMMIT_SELECT });
  await checkBillable(tx, row, customerBalances, row.startingAt);
  const edit = await tx.contractEdit.create({ data: { id: editId, contractId, kind, effectiveAt, payload: JSON.parse(JSON.stringify(input)), actorName: ctx.actor.name }, select: { id: true } });
  await recordAudit(tx, ctx.actor, { action: `contract.${kind.toLowerCase()}`, objectType: "contract", objectId: contractId, customerId: row.customerId, before, after: row });
  // Metronome announces edits and amendments alike as contract.edit.
  await tx.outboxEvent.create({ data: { type: "contract.edit", payload: { contract_id: contractId, customer_id: row.customerId, edit_id: edit.id, kind } } });
  return { id: contractId, editId: edit.id };
}

/**
 * add_ and update_spend_threshold_configuration: a contract has one threshold, added once and
 * then updated. The billing-state refresh the edit queues evaluates it at once (an enabled
 * threshold already reached is billed then).
 */
async function editSpendThreshold(tx: Tx, row: ContractRow, fiat: CreditType, e: EditContractInput) {
  const target = { customerId: row.customerId, contractId: row.id, fiat };
  if (e.add_spend_threshold_configuration) {
    if (row.spendThreshold) {
      throw new AppError("conflict", "add_spend_threshold_configuration: the contract has a spend threshold already; change it with update_spend_threshold_configuration.", { add_spend_threshold_configuration: "Already set" });
    }
    if (e.update_spend_threshold_configuration) {
      throw new AppError("bad_request", "Give add_spend_threshold_configuration or update_spend_threshold_configuration, not both.", { update_spend_threshold_configuration: "Not with add_spend_threshold_configuration" });
    }
    await writeSpendThreshold(tx, target, e.add_spend_threshold_configuration, "add_spend_threshold_configuration");
  }
  if (e.update_spend_threshold_configuration) {
    if (!row.spendThreshold) {
      throw new AppError("not_found", "update_spend_threshold_configuration: the contract has no spend threshold; add one with add_spend_threshold_configuration.", { update_spend_threshold_configuration: "No spend threshold" });
    }
    await writeSpendThreshold(tx, target, updatedSpendThreshold(row.spendThreshold, e.update_spend_threshold_configuration), "update_spend_threshold_configuration");
  }
}

/** POST /v2/contracts/edit. */
export async function editContract(ctx: ServiceContext, input: TEditContract, now = new Date()) {
  authorize(ctx.actor, "customers:write");
  const e = parseInput(ZEditContract, input);
  return ctx.db.$transaction((tx) => applyContractEdit(tx, ctx, e, input, now), { maxWait: 30_000, timeout: 60_000 });
}

/**
 * The writes of editContract inside the caller's transaction (so a preview can run them and
 * roll back). The caller has authorized the actor and validated `e` from `input`.
 */
export async function applyContractEdit(tx: Tx, ctx: ServiceContext, e: EditContractInput, input: TEditContract, now: Date) {
  const { row } = await readContract(tx, e.customer_id, e.contract_id);
  if (row.archivedAt) throw new AppError("conflict", "The contract is archived; it cannot be edited.");
  if (e.uniqueness_key && (await tx.contractEdit.count({ where: { contractId: row.id, payload: { path: ["uniqueness_key"], equals: e.uniqueness_key } } }))) {
    return { id: row.id, editId: null };
  }
  for (const ref of e.remove_overrides ?? []) {
    own(row.overrides, ref.id, "remove_overrides");
    await tx.contractOverride.delete({ where: { id: ref.id } });
  }
  for (const [key, kind] of [["archive_commits", "COMMIT"], ["archive_credits", "CREDIT"]] as const) {
    for (const ref of e[key] ?? []) {
      own(row.commits.filter((c) => c.kind === kind), ref.id, key);
      await tx.commit.update({ where: { id: ref.id }, data: { archivedAt: now } });
    }
  }
  for (const ref of e.archive_scheduled_charges ?? []) {
    const charge = own(row.scheduledCharges, ref.id, "archive_scheduled_charges");
    // What was already invoiced stays; what is still due is cancelled.
    await tx.scheduleItem.deleteMany({ where: { scheduledChargeId: charge.id, invoiceId: null } });
  }
  for (const [i, u] of (e.update_commits ?? []).entries()) {
    await applyBalanceUpdate(tx, own(row.commits.filter((c) => c.kind === "COMMIT"), u.commit_id, `update_commits.${i}.commit_id`), u, `update_commits.${i}.`);
  }
  for (const [i, u] of (e.update_credits ?? []).entries()) {
    await applyBalanceUpdate(tx, own(row.commits.filter((c) => c.kind === "CREDIT"), u.credit_id, `update_credits.${i}.credit_id`), u, `update_credits.${i}.`);
  }
  for (const [i, u] of (e.update_subscriptions ?? []).entries()) {
    const sub = own(row.subscriptions, u.subscription_id, `update_subscriptions.${i}.subscription_id`);
    if (u.ending_before !== undefined) await tx.subscription.update({ where: { id: sub.id }, data: { endingBefore: u.ending_before } });
    if (sub.seatGroupKey !== null && u.quantity_updates?.length) {
      throw new AppError("bad_request", `update_subscriptions.${i}.quantity_updates: a SEAT_BASED subscription's quantity is its seats; change them with seat_updates.`, { [`update_subscriptions.${i}.quantity_updates`]: "Not for a SEAT_BASED subscription" });
    }
    for (const q of u.quantity_updates ?? []) {
      const current = [...sub.quantities].reverse().find((x) => x.startingAt <= q.starting_at)?.quantity;
      const quantity = q.quantity ?? new Decimal(current?.toString() ?? "0").plus(q.quantity_delta!);
      if (quantity.lt(0) || !quantity.isInteger()) throw new AppError("bad_request", `update_subscriptions.${i}.quantity_updates: the quantity would be ${quantity.toFixed()}; seats are whole and not negative.`);
      await tx.subscriptionQuantity.upsert({
        where: { subscriptionId_startingAt: { subscriptionId: sub.id, startingAt: q.starting_at } },
        update: { quantity: toDb(quantity) },
        create: { subscriptionId: sub.id, startingAt: q.starting_at, quantity: toDb(quantity) },
      });
    }
    const toSeats = u.quantity_management_mode_update;
    if (toSeats) {
      const field = `update_subscriptions.${i}.quantity_management_mode_update`;
      if (sub.seatGroupKey !== null) throw new AppError("conflict", `${field}: the subscription is SEAT_BASED already.`, { [field]: "Already SEAT_BASED" });
      // Its seats so far were counted, not named: they become unassigned seats.
      const counted = await tx.subscriptionQuantity.findMany({ where: { subscriptionId: sub.id }, orderBy: { startingAt: "asc" }, select: { startingAt: true, quantity: true } });
      await tx.subscription.update({ where: { id: sub.id }, data: { seatGroupKey: toSeats.seat_config.seat_group_key } });
      // eslint-disable-next-line no-restricted-syntax -- a seat count: a whole number (validated on write), not money
      await addSeatChanges(tx, sub.id, countedAsUnassigned(counted.map((q) => ({ startingAt: q.startingAt, quantity: Number(q.quantity) }))));
    }
    if (u.seat_updates) {
      if (sub.seatGroupKey === null && !toSeats) {
        throw new AppError("bad_request", `update_subscriptions.${i}.seat_updates: only a SEAT_BASED subscription has seats; change this one's quantity with quantity_updates.`, { [`update_subscriptions.${i}.seat_updates`]: "Not a SEAT_BASED subscription" });
      }
      await addSeatChanges(tx, sub.id, seatUpdateChanges(u.seat_updates));
    }
  }
  const terms: Terms = {
    overrides: e.add_overrides,
    commits: e.add_commits,
    credits: e.add_credits,
    subscriptions: e.add_subscriptions,
    scheduled_charges: e.add_scheduled_charges,
    discounts: e.add_discounts,
    percentage_discounts: e.add_percentage_discounts,
    recurring_commits: e.add_recurring_commits,
    recurring_credits: e.add_recurring_credits,
  };
  const editId = randomUUID();
  const context = await termsContext(tx, row, editId, now);
  await writeTerms(tx, context, terms);
  await editSpendThreshold(tx, row, context.fiat, e);
  if (e.add_prepaid_balance_threshold_configuration && row.hierarchyPayer === "PARENT") {
    const field = "add_prepaid_balance_threshold_configuration";
    throw new AppError("bad_request", `${field}: a child contract its parent pays for draws on the parent's commits and credits; it cannot buy its own.`, { [field]: "A child paid by its parent" });
  }
  if (e.add_prepaid_balance_threshold_configuration) await addRechargeConfig(tx, row, e.add_prepaid_balance_threshold_configuration, "add_prepaid_balance_threshold_configuration");
  if (e.update_prepaid_balance_threshold_configuration) await updateRechargeConfig(tx, row, e.update_prepaid_balance_threshold_configuration, "update_prepaid_balance_threshold_configuration");
  if (e.update_contract_end_date !== undefined || e.update_contract_name !== undefined || e.update_net_payment_terms_days !== undefined) {
    const end = e.update_contract_end_date;
    if (end && end <= row.startingAt) throw new AppError("bad_request", "update_contract_end_date: must be after the contract's starting_at.", { update_contract_end_date: "Must be after starting_at" });
    if (end && !e.allow_contract_ending_before_finalized_invoice && (await tx.invoice.count({ where: { contractId: row.id, status: "FINALIZED", endTimestamp: { gt: end } } }))) {
      throw new AppError("conflict", "update_contract_end_date falls before the end of a finalized invoice; pass allow_contract_ending_before_finalized_invoice to confirm.");
    }
    await tx.contract.update({
      where: { id: row.id },
      data: {
        ...(end !== undefined ? { endingBefore: end } : {}),
        ...(e.update_contract_name !== undefined ? { name: e.update_contract_name } : {}),
        ...(e.update_net_payment_terms_days !== undefined ? { netPaymentTermsDays: e.update_net_payment_terms_days ?? 0 } : {}),
      },
    });
  }
  // Recurring balances follow a new end (those not yet begun), and added ones grant theirs.
  await grantRecurringBalances(tx, row.id, now, e.update_contract_end_date !== undefined ? row.endingBefore : undefined);
  // A later end (or none) may reach into another live contract of the customer.
  if (e.update_contract_end_date !== undefined) {
    await refuseDoubleBilledUsage(tx, { id: row.id, customerId: row.customerId, rateCardId: row.rateCardId, startingAt: row.startingAt, endingBefore: e.update_contract_end_date ?? null }, "update_contract_end_date");
  }
  return finish(tx, ctx, row.id, editId, "EDIT", now, input, row);
}

/** POST /v1/contracts/amend: adds terms from `starting_at` on. */
export async function amendContract(ctx: ServiceContext, input: TAmendContract) {
  authorize(ctx.actor, "customers:write");
  const a = parseInput(ZAmendContract, input);
  return ctx.db.$transaction(
    async (tx) => {
      const { row } = await readContract(tx, a.customer_id, a.contract_id);
      if (row.archivedAt) throw new AppError("conflict", "The contract is archived; it cannot be amended.");
      const editId = randomUUID();
      await writeTerms(tx, await termsContext(tx, row, editId, a.starting_at), { overrides: a.overrides, commits: a.commits, credits: a.credits, scheduled_charges: a.scheduled_charges, discounts: a.discounts });
      if (a.custom_fields) {
        await claimCustomFieldValues(tx, "contract", row.id, a.custom_fields);
        await tx.contract.update({ where: { id: row.id }, data: { customFields: { ...(row.customFields as object), ...a.custom_fields } } });
      }
      return finish(tx, ctx, row.id, editId, "AMEND", a.starting_at, input, row);
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

/** The most edits getEditHistory returns (Metronome's endpoint has no pages): the newest ones. */
export const MAX_EDIT_HISTORY = 1000;

/** POST /v2/contracts/getEditHistory: the changes (the newest MAX_EDIT_HISTORY), oldest first, as they were asked for. */
export async function getContractEditHistory(ctx: ServiceContext, input: TContractRef) {
  const { customer_id, contract_id } = parseInput(ZContractRef, input);
  const { row } = await readContract(ctx.db, customer_id, contract_id);
  const newest = await ctx.db.contractEdit.findMany({
    where: { contractId: row.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_EDIT_HISTORY,
    select: { id: true, kind: true, effectiveAt: true, payload: true, actorName: true, createdAt: true },
  });
  return newest.reverse();
}
