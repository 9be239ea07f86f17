import { randomUUID } from "node:crypto";
import { validateContract } from "@/lib/billing/contract-terms";
import { explainRefusal } from "@/lib/billing/errors";
import { productHasRateAt } from "@/lib/billing/rate-schedule";
import { transitionEnd } from "@/lib/billing/transitions";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { loadPricingContext } from "@/lib/services/billing/pricing-context";
import { authorize, type Actor, type ServiceContext } from "@/lib/services/context";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { parseInput } from "@/lib/services/parse-input";
import { addRechargeConfig } from "@/lib/services/auto-recharge/write-config";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { CONTRACT_SELECT, COMMIT_SELECT, MAX_CONTRACTS_PER_CUSTOMER, termCreditTypeIds, toEngineContract, type ContractRow, type CommitRow } from "./contract-record";
import { ZCreateContract, type CreateContractInput, type TCreateContract } from "./schemas";
import { lockCustomerContracts, refuseDoubleBilledUsage } from "./usage-overlap";
import { refuseBrokenHierarchy, resolveHierarchy } from "./hierarchy";
import { grantRecurringBalances, recurringField } from "./recurring-balances";
import { specifierProductRefs } from "./specifiers";
import { writeSpendThreshold } from "./spend-threshold";
import { rollOverClosedContract } from "./transition-rollover";
import { writeTerms, type Terms } from "./write-terms";
import { resolvePackageContract } from "@/lib/services/packages/resolve-package";

type Tx = Prisma.TransactionClient;

/** The rate card named by id, or by an alias in force at the contract's start. */
async function resolveRateCard(tx: Tx, input: CreateContractInput): Promise<string> {
  if (input.rate_card_id) {
    const card = await tx.rateCard.findUnique({ where: { id: input.rate_card_id }, select: { id: true, archivedAt: true } });
    if (!card || card.archivedAt) throw new AppError("not_found", "No live rate card has that rate_card_id.", { rate_card_id: "Unknown rate card" });
    return card.id;
  }
  const cards = await tx.rateCard.findMany({ where: { archivedAt: null }, select: { id: true, aliases: true } });
  const at = input.starting_at.getTime();
  const match = cards.find((c) =>
    (c.aliases as { name: string; starting_at?: string; ending_before?: string }[]).some(
      (a) => a.name === input.rate_card_alias && (!a.starting_at || Date.parse(a.starting_at) <= at) && (!a.ending_before || at < Date.parse(a.ending_before)),
    ),
  );
  if (!match) throw new AppError("not_found", `No rate card has the alias ${input.rate_card_alias} at starting_at.`, { rate_card_alias: "Unknown alias" });
  return match.id;
}

/** Every product id the terms name, with the field that names it, must exist. */
export async function checkProducts(tx: Tx, terms: Terms) {
  const refs: [string, string][] = [];
  terms.overrides?.forEach((o, i) => {
    if (o.product_id) refs.push([o.product_id, `overrides.${i}.product_id`]);
    refs.push(...specifierProductRefs(o.override_specifiers, `overrides.${i}.override_specifiers`));
  });
  for (const key of ["commits", "credits", "recurring_commits", "recurring_credits"] as const) {
    terms[key]?.forEach((b, i) => {
      refs.push([b.product_id, `${key}.${i}.product_id`]);
      b.applicable_product_ids?.forEach((id, j) => refs.push([id, `${key}.${i}.applicable_product_ids.${j}`]));
      refs.push(...specifierProductRefs(b.specifiers, `${key}.${i}.specifiers`));
    });
  }
  terms.subscriptions?.forEach((s, i) => refs.push([s.subscription_rate.product_id, `subscriptions.${i}.subscription_rate.product_id`]));
  terms.scheduled_charges?.forEach((c, i) => refs.push([c.product_id, `scheduled_charges.${i}.product_id`]));
  terms.discounts?.forEach((c, i) => refs.push([c.product_id, `discounts.${i}.product_id`]));
  terms.percentage_discounts?.forEach((d, i) => d.applicable_product_ids?.forEach((id, j) => refs.push([id, `percentage_discounts.${i}.applicable_product_ids.${j}`])));
  const found = new Set((await tx.product.findMany({ where: { id: { in: refs.map(([id]) => id) } }, select: { id: true } })).map((p) => p.id));
  const missing = refs.find(([id]) => !found.has(id));
  if (missing) throw new AppError("bad_request", `${missing[1]}: no product has the id ${missing[0]}.`, { [missing[1]]: "Unknown product" });
}

/**
 * Refuses terms that cannot be billed, naming the field: a product the rate card cannot price,
 * a subscription without a rate of its frequency, balances whose draw-down order would be
 * decided by nothing but their ids, anything the engine rejects.
 */
export async function checkBillable(tx: Tx, row: ContractRow, customerBalances: CommitRow[], at: Date) {
  const pricing = await loadPricingContext(tx, row.rateCardId!, [...row.commits, ...customerBalances].map((c) => c.productId!).concat(row.subscriptions.map((s) => s.productId), row.scheduledCharges.map((c) => c.productId)), at);
  const creditTypes = await readCreditTypes(tx, termCreditTypeIds(row, customerBalances));
  const contract = toEngineContract(row, customerBalances, creditTypes);
  const issue = (field: string, message: string): never => {
    throw new AppError("unprocessable", `${field}: ${message}`, { [field]: message });
  };
  row.overrides.forEach((o, i) => {
    if (o.productId && !pricing.index.ratesByProduct.has(o.productId)) issue(`overrides.${i}.product_id`, "the rate card has no rate for this product");
  });
  // A child its parent pays for draws on the parent's balances (lib/billing/hierarchy.ts): an
  // edit or amendment cannot give it balances or discounts of its own either.
  if (row.hierarchyPayer === "PARENT") {
    const own = "a child contract its parent pays for draws on the parent's commits and credits; it cannot have this of its own";
    if (row.commits.some((c) => c.kind !== "CREDIT")) issue("commits", own);
    if (row.commits.some((c) => c.kind === "CREDIT")) issue("credits", own);
    if (row.recurringCommits.length) issue("recurring_commits", own);
    if (row.percentageDiscounts.length) issue("percentage_discounts", own);
    if (row.scheduledCharges.some((c) => c.kind === "DISCOUNT")) issue("discounts", own);
    if (row.spendThreshold) issue("spend_threshold_configuration", own);
    if (row.scheduledChargesOnUsageInvoices) issue("scheduled_charges_on_usage_invoices", own);
  }
  row.subscriptions.forEach((s, i) => {
    const hasRate = pricing.index.ratesByProduct.get(s.productId)?.some((r) => r.rateType === "SUBSCRIPTION" && (r.billingFrequency ?? "MONTHLY") === s.billingFrequency);
    if (!hasRate) issue(`subscriptions.${i}.subscription_rate`, `the rate card has no ${s.billingFrequency} SUBSCRIPTION rate for this product`);
    if (!productHasRateAt(pricing.index, s.productId, s.startingAt)) issue(`subscriptions.${i}.subscription_rate`, "the rate card has no rate for this product when the subscription starts");
  });
  // Field paths count commits and credits apart, as the request lists them; a balance a
  // recurring commit or credit granted is named by it.
  const field = (c: CommitRow) => {
    const recurring = c.recurringCommitId ? row.recurringCommits.find((r) => r.id === c.recurringCommitId) : undefined;
    if (recurring) return recurringField(row.recurringCommits, recurring);
    const kind = row.commits.filter((other) => other.kind === c.kind && !other.recurringCommitId);
    return `${c.kind === "CREDIT" ? "credits" : "commits"}.${kind.indexOf(c)}`;
  };
  row.commits.filter((c) => !c.recurringCommitId).forEach((c) => {
    c.applicableProductIds.forEach((id, j) => {
      if (!pricing.index.ratesByProduct.has(id)) issue(`${field(c)}.applicable_product_ids.${j}`, "the rate card has no rate for this product");
    });
  });
  row.recurringCommits.forEach((r) => {
    r.applicableProductIds.forEach((id, j) => {
      if (!pricing.index.ratesByProduct.has(id)) issue(`${recurringField(row.recurringCommits, r)}.applicable_product_ids.${j}`, "the rate card has no rate for this product");
    });
  });
  // Two balances that overlap in time with the same priority, end and start would be drawn in
  // an order set only by their ids: a finance team could not predict it, so refuse it.
  const segments = row.commits.flatMap((c) => c.segments.map((s) => ({ c, s })));
  // Two auto-recharges of one hour are alike but for their amounts: their ids order them as bought
  // (lib/services/auto-recharge/recharge-contract.ts).
  const recharges = new Set((await tx.autoRecharge.findMany({ where: { contractId: row.id }, select: { commitId: true } })).map((r) => r.commitId));
  for (const a of segments) {
    for (const b of segments) {
      if (recharges.has(a.c.id) && recharges.has(b.c.id)) continue;
      if (a.c.id >= b.c.id || String(a.c.priority) !== String(b.c.priority) || a.s.endingBefore.getTime() !== b.s.endingBefore.getTime()) continue;
      if (a.s.startingAt.getTime() !== b.s.startingAt.getTime()) continue;
      if (a.s.startingAt < b.s.endingBefore && b.s.startingAt < a.s.endingBefore) {
        issue(`${field(b.c)}.priority`, "overlaps another balance with the same priority and end date; give them different priorities so draw-down order is defined");
      }
    }
  }
  explainRefusal({ prefix: "The contract cannot be billed" }, () => validateContract(contract, pricing.index));
  await refuseBrokenHierarchy(tx, row);
  return pricing;
}

/**
 * Moves a contract's end to `end` (null: no end) with what follows from it: its recurring
 * balances regranted, the terms checked again, the change in its history, audit log and outbox
 * (updateEndDate, and a SUPERSEDE transition ending the contract it takes over from). The caller
 * has checked finalized invoices and refuses double-billed usage once every contract is written.
 */
export async function moveContractEnd(tx: Tx, actor: Actor, row: { id: string; customerId: string; startingAt: Date; endingBefore: Date | null }, end: Date | null, now: Date) {
  await tx.contract.update({ where: { id: row.id }, data: { endingBefore: end } });
  await grantRecurringBalances(tx, row.id, now, row.endingBefore);
  const updated = await tx.contract.findUniqueOrThrow({ where: { id: row.id }, select: CONTRACT_SELECT });
  const customerBalances = await tx.commit.findMany({ where: { customerId: row.customerId, contractId: null, archivedAt: null }, select: COMMIT_SELECT });
  await checkBillable(tx, updated, customerBalances, row.startingAt);
  await tx.contractEdit.create({ data: { contractId: row.id, kind: "UPDATE_END_DATE", effectiveAt: end ?? row.startingAt, payload: { ending_before: end?.toISOString() ?? null }, actorName: actor.name } });
  await recordAudit(tx, actor, { action: "contract.update_end_date", objectType: "contract", objectId: row.id, customerId: row.customerId, before: { ending_before: row.endingBefore }, after: { ending_before: end } });
  await tx.outboxEvent.create({ data: { type: "contract.edit", payload: { contract_id: row.id, customer_id: row.customerId, kind: "UPDATE_END_DATE", ending_before: end?.toISOString() ?? null } } });
}

/**
 * The contract `data.transition` takes over from, its end moved to this one's start when it is
 * superseded (lib/billing/transitions.ts). Returns its id.
 */
async function takeOver(tx: Tx, actor: Actor, customerId: string, data: CreateContractInput, now: Date): Promise<string | undefined> {
  const transition = data.transition;
  if (!transition) return undefined;
  const field = "transition.from_contract_id";
  const previous = await tx.contract.findFirst({
    where: { id: transition.from_contract_id, customerId },
    select: { id: true, customerId: true, name: true, startingAt: true, endingBefore: true, archivedAt: true, transitionTo: { select: { id: true } }, commits: { where: { archivedAt: null, rolloverFraction: { not: null } }, select: { id: true } } },
  });
  if (!previous) throw new AppError("not_found", `${field}: the customer has no contract with that id.`, { [field]: "Unknown contract" });
  if (previous.archivedAt) throw new AppError("conflict", `${field}: that contract is archived.`, { [field]: "Archived" });
  if (previous.transitionTo) throw new AppError("conflict", `${field}: contract ${previous.transitionTo.id} already took over from that contract.`, { [field]: "Already taken over" });
  const next = { startingAt: data.starting_at, ...(data.ending_before ? { endingBefore: data.ending_before } : {}) };
  const end = explainRefusal({ prefix: "transition.type", field: "transition.type" }, () => transitionEnd(transition.type, { startingAt: previous.startingAt, ...(previous.endingBefore ? { endingBefore: previous.endingBefore } : {}) }, next));
  // A balance rolled over holds until the new contract's end: it needs one.
  if (previous.commits.length > 0 && !data.ending_before) {
    throw new AppError("bad_request", "ending_before: the previous contract has commits or credits with a rollover_fraction, which roll over into this contract until its end; give it an ending_before.", { ending_before: "Needed for the rollover" });
  }
  if (end.getTime() !== previous.endingBefore?.getTime()) {
    const later = await tx.invoice.count({ where: { contractId: previous.id, status: "FINALIZED", endTimestamp: { gt: end } } });
    if (later) throw new AppError("conflict", `${field}: that contract has a finalized invoice past this contract's starting_at, so it cannot end then.`, { [field]: "Finalized past starting_at" });
    await moveContractEnd(tx, actor, previous, end, now);
  }
  return previous.id;
}

/** POST /v1/contracts/create. */
export async function createContract(ctx: ServiceContext, input: TCreateContract, now = new Date()) {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZCreateContract, input);
  return ctx.db.$transaction((tx) => insertRequestedContract(tx, ctx.actor, data, input, now), { maxWait: 30_000, timeout: 60_000 });
}

/**
 * insertContract for a create request as given: one from a package (package_id, package_alias)
 * is the package's terms, dated from the contract's start, resolved into an ordinary create input.
 */
export async function insertRequestedContract(tx: Tx, actor: Actor, data: CreateContractInput, input: TCreateContract, now = new Date()) {
  if (!data.package_id && !data.package_alias) return insertContract(tx, actor, data, input, now);
  const resolved = await resolvePackageContract(tx, data, input);
  return insertContract(tx, actor, parseInput(ZCreateContract, resolved.input), resolved.input, now, resolved.packageId);
}

/**
 * The writes of createContract inside the caller's transaction (so a preview can run them and
 * roll back). The caller has authorized the actor and validated `data` from `input`.
 */
export async function insertContract(tx: Tx, actor: Actor, data: CreateContractInput, input: TCreateContract, now = new Date(), packageId: string | null = null) {
  const customer = await tx.customer.findUnique({ where: { id: data.customer_id }, select: { id: true, archivedAt: true } });
  if (!customer || customer.archivedAt) throw new AppError("not_found", "No live customer has that customer_id.", { customer_id: "Unknown customer" });
  // Before anything is written (so the wait holds no other lock): one customer's contracts are
  // created one at a time, and the count is exact.
  await lockCustomerContracts(tx, customer.id);
  if ((await tx.contract.count({ where: { customerId: customer.id } })) >= MAX_CONTRACTS_PER_CUSTOMER) {
    throw new AppError("conflict", `A customer has at most ${MAX_CONTRACTS_PER_CUSTOMER} contracts, archived ones included; this one has that many.`, { customer_id: `Has ${MAX_CONTRACTS_PER_CUSTOMER} contracts already` });
  }
  if (data.uniqueness_key && (await tx.contract.findUnique({ where: { uniquenessKey: data.uniqueness_key }, select: { id: true } }))) {
    throw new AppError("conflict", "A contract with this uniqueness_key already exists.", { uniqueness_key: "Already used" });
  }
  await claimCustomFieldValues(tx, "contract", null, data.custom_fields);
  const transitionFromId = await takeOver(tx, actor, customer.id, data, now);
  const rateCardId = await resolveRateCard(tx, data);
  await checkProducts(tx, data);
  const hierarchy = await resolveHierarchy(tx, customer.id, data);
  const card = await tx.rateCard.findUniqueOrThrow({ where: { id: rateCardId }, select: { fiatCreditTypeId: true, creditTypeConversions: true } });
  const unitIds = [card.fiatCreditTypeId, ...(card.creditTypeConversions as { custom_credit_type_id: string }[]).map((c) => c.custom_credit_type_id)];
  const creditTypes: Map<string, CreditType> = await readCreditTypes(tx, unitIds);
  const schedule = data.usage_statement_schedule;
  const contract = await tx.contract.create({
    data: {
      customerId: customer.id,
      rateCardId,
      name: data.name,
      startingAt: data.starting_at,
      endingBefore: data.ending_before ?? null,
      usageStatementFrequency: schedule?.frequency ?? "MONTHLY",
      usageStatementDay: schedule?.day ?? "CONTRACT_START",
      billingAnchorDate: schedule?.billing_anchor_date ?? null,
      multiplierOverridePrioritization: data.multiplier_override_prioritization ?? "LOWEST_MULTIPLIER",
      netPaymentTermsDays: data.net_payment_terms_days ?? 0,
      uniquenessKey: data.uniqueness_key ?? null,
      customFields: data.custom_fields ?? {},
      transitionFromId: transitionFromId ?? null,
      transitionType: data.transition?.type ?? null,
      totalContractValue: data.total_contract_value ? toDb(data.total_contract_value) : null,
      scheduledChargesOnUsageInvoices: data.scheduled_charges_on_usage_invoices === "ALL",
      nextPeriodStart: data.starting_at,
      ...hierarchy,
      packageId,
      createdBy: actor.name,
    },
    select: { id: true },
  });
  // The creation is the contract's first change; its terms name it (see TermsContext.editId).
  const editId = randomUUID();
  await writeTerms(
    tx,
    { contractId: contract.id, customerId: customer.id, editId, startingAt: data.starting_at, endingBefore: data.ending_before ?? null, fiat: creditTypes.get(card.fiatCreditTypeId)!, creditTypes },
    data,
  );
  for (const [i, p] of (data.professional_services ?? []).entries()) {
    if (!(await tx.product.findUnique({ where: { id: p.product_id }, select: { id: true } }))) {
      throw new AppError("bad_request", `professional_services.${i}.product_id: no product has the id ${p.product_id}.`, { [`professional_services.${i}.product_id`]: "Unknown product" });
    }
  }
  if (data.professional_services?.length) {
    await tx.professionalService.createMany({
      data: data.professional_services.map((p, position) => ({
        customerId: customer.id,
        contractId: contract.id,
        productId: p.product_id,
        maxAmount: toDb(p.max_amount),
        quantity: toDb(p.quantity),
        unitPrice: toDb(p.unit_price),
        description: p.description ?? null,
        editId,
        position,
      })),
    });
  }
  if (data.usage_filter) {
    const { group_key, group_values, starting_at } = data.usage_filter;
    await tx.contractUsageFilter.create({ data: { customerId: customer.id, contractId: contract.id, groupKey: group_key, groupValues: group_values, startingAt: starting_at ?? data.starting_at, editId } });
  }
  if (data.prepaid_balance_threshold_configuration) {
    await addRechargeConfig(tx, { id: contract.id, customerId: customer.id, rateCardId }, data.prepaid_balance_threshold_configuration, "prepaid_balance_threshold_configuration");
  }
  if (data.spend_threshold_configuration) {
    await writeSpendThreshold(tx, { customerId: customer.id, contractId: contract.id, fiat: creditTypes.get(card.fiatCreditTypeId)! }, data.spend_threshold_configuration);
  }
  await grantRecurringBalances(tx, contract.id, now);
  if (transitionFromId) await rollOverClosedContract(tx, customer.id, transitionFromId);
  const row = await tx.contract.findUniqueOrThrow({ where: { id: contract.id }, select: CONTRACT_SELECT });
  const customerBalances = await tx.commit.findMany({ where: { customerId: customer.id, contractId: null, archivedAt: null }, select: COMMIT_SELECT });
  await checkBillable(tx, row, customerBalances, data.starting_at);
  await refuseDoubleBilledUsage(tx, { id: contract.id, customerId: customer.id, rateCardId, startingAt: data.starting_at, endingBefore: data.ending_before ?? null }, data.usage_filter ? "usage_filter" : "starting_at");
  await tx.contractEdit.create({ data: { id: editId, contractId: contract.id, kind: "CREATE", effectiveAt: data.starting_at, payload: JSON.parse(JSON.stringify(input)), actorName: actor.name } });
  await recordAudit(tx, actor, { action: "contract.create", objectType: "contract", objectId: contract.id, customerId: customer.id, after: input });
  await tx.outboxEvent.create({ data: { type: "contract.create", payload: { contract_id: contract.id, customer_id: customer.id } } });
  return { id: contract.id };
}
