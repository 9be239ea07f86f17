import type { Contract, ContractWithoutAmendments, Override } from "@metronome/sdk/resources/shared";
import { spendThresholdToWire } from "@/lib/services/contracts/spend-threshold";
import { fromDb } from "@/lib/db/decimal";
import type { BalanceRecord } from "@/lib/services/balances/balance-record";
import type { ContractRow } from "@/lib/services/contracts/contract-record";
import { rechargeConfigToWire } from "./auto-recharge";
import type { ContractView, CreatedHeader } from "@/lib/services/contracts/get-contract";
import {
  chargeToWire,
  commitsToWire,
  creditsToWire,
  liveUsageFilters,
  overrideToWire,
  percentageDiscountsToWire,
  professionalServicesToWire,
  recurringCommitToWire,
  recurringCreditToWire,
  subscriptionToWire,
  transitionsToWire,
  hierarchyToWire,
  usageStatementScheduleToWire,
  type WireTransition,
  type WithOverwriteRate,
} from "./contracts";
import type { OnWire } from "./sdk-shape";

// Contracts in Metronome's v1 shape (Contract in @metronome/sdk resources/shared.ts): the terms
// the contract was created with (`initial`), each amendment's terms, and all of them together
// (`current`). Every term keeps the change that wrote it (its edit id); terms a v2 edit added
// are in `current` only, and terms written before Rateline kept the change count as initial.
// Terms show as they stand now: an archived commit or a removed override is in none of them.
// The usage filter is one object with its history (initial, updates, current), in `current`, and
// in `initial` too when the contract was created with one. Beyond Metronome, beside
// `subscriptions`: `percentage_discounts` and `multiplier_override_prioritization` (both in v2's shape).

type WireOverride = WithOverwriteRate<OnWire<Override>>;
type WireTerms = Omit<OnWire<ContractWithoutAmendments>, "overrides" | "transitions"> & { overrides: WireOverride[]; transitions: WireTransition[] };
type WireAmendment = Omit<OnWire<Contract.Amendment>, "overrides"> & { overrides: WireOverride[] };
type WireContract = Omit<OnWire<Contract>, "initial" | "current" | "amendments"> & { initial: WireTerms; current: WireTerms; amendments: WireAmendment[] };

type Terms = { overrides: ContractRow["overrides"]; charges: ContractRow["scheduledCharges"]; balances: BalanceRecord[]; recurring: ContractRow["recurringCommits"] };

function termsWrittenBy(view: ContractView, written: (editId: string | null) => boolean): Terms {
  const editOf = new Map(view.row.commits.map((c) => [c.id, c.editId]));
  return {
    overrides: view.row.overrides.filter((o) => written(o.editId)),
    charges: view.row.scheduledCharges.filter((c) => written(c.editId)),
    balances: view.balanceRecords.filter((b) => written(editOf.get(b.id) ?? null)),
    recurring: view.row.recurringCommits.filter((r) => written(r.editId)),
  };
}

function termsToWire(view: ContractView, terms: Terms) {
  return {
    overrides: terms.overrides.map((o) => overrideToWire(view, o)),
    commits: commitsToWire(terms.balances),
    credits: creditsToWire(terms.balances),
    scheduled_charges: terms.charges.filter((c) => c.kind === "CHARGE").map((c) => chargeToWire(view, c)),
    discounts: terms.charges.filter((c) => c.kind === "DISCOUNT").map((c) => chargeToWire(view, c)),
  };
}

/** Recurring commits and credits are in `initial` and `current` (the SDK's amendments have none). */
function recurringToWire(view: ContractView, terms: Terms) {
  return {
    recurring_commits: terms.recurring.filter((r) => r.kind === "COMMIT").map((r) => recurringCommitToWire(view, r)),
    recurring_credits: terms.recurring.filter((r) => r.kind === "CREDIT").map((r) => recurringCreditToWire(view, r)),
  };
}

/**
 * v1's usage_filter: the first filter (`initial`), the later changes (`updates`) and the one in
 * force at the view's instant (`current`, null before the first starts). None without filters.
 */
function usageFilterToWire(view: ContractView) {
  const [first, ...later] = liveUsageFilters(view.row);
  if (!first) return undefined;
  const base = (f: typeof first) => ({ group_key: f.groupKey, group_values: f.groupValues, starting_at: f.startingAt.toISOString() });
  const current = [first, ...later].filter((f) => f.startingAt <= view.asOf).at(-1);
  return { initial: base(first), current: current ? base(current) : null, updates: later.map(base) } satisfies OnWire<ContractWithoutAmendments.UsageFilter>;
}

/** `recharge`: whether these terms show the contract's auto-recharge (its configuration as it is now, in `current`). */
function withoutAmendments(view: ContractView, header: CreatedHeader, terms: Terms, usageFilter: ReturnType<typeof usageFilterToWire>, recharge = false) {
  const c = view.row;
  const hierarchy = hierarchyToWire(view);
  return {
    created_at: c.createdAt.toISOString(),
    created_by: c.createdBy ?? "",
    starting_at: c.startingAt.toISOString(),
    ...(header.endingBefore ? { ending_before: header.endingBefore.toISOString() } : {}),
    ...(header.name !== null ? { name: header.name } : {}),
    ...(c.rateCardId ? { rate_card_id: c.rateCardId } : {}),
    net_payment_terms_days: header.netPaymentTermsDays,
    usage_statement_schedule: usageStatementScheduleToWire(c),
    ...(c.totalContractValue !== null ? { total_contract_value: fromDb(c.totalContractValue) } : {}),
    ...(c.scheduledChargesOnUsageInvoices ? { scheduled_charges_on_usage_invoices: "ALL" as const } : {}),
    transitions: transitionsToWire(c),
    ...(c.professionalServices.length ? { professional_services: professionalServicesToWire(c) } : {}),
    ...(usageFilter ? { usage_filter: usageFilter } : {}),
    ...(c.spendThreshold ? { spend_threshold_configuration: spendThresholdToWire(c.spendThreshold) } : {}),
    ...termsToWire(view, terms),
    ...recurringToWire(view, terms),
    ...(recharge && view.recharge ? { prepaid_balance_threshold_configuration: rechargeConfigToWire(view.recharge) } : {}),
    ...(hierarchy ? { hierarchy_configuration: hierarchy } : {}),
  } satisfies WireTerms;
}

export function contractToV1Wire(view: ContractView) {
  const c = view.row;
  const created = view.changes.find((change) => change.kind === "CREATE")?.id;
  const amendments = view.changes.filter((change) => change.kind === "AMEND");
  // The filter's history is one object; `initial` shows it when the contract was created with one.
  const usageFilter = usageFilterToWire(view);
  const createdWithFilter = c.usageFilters[0] !== undefined && c.usageFilters[0].editId === created;
  const contract = {
    id: c.id,
    customer_id: c.customerId,
    initial: withoutAmendments(view, view.created, termsWrittenBy(view, (editId) => editId === null || editId === created), createdWithFilter ? usageFilter : undefined),
    current: withoutAmendments(view, { name: c.name, endingBefore: c.endingBefore, netPaymentTermsDays: c.netPaymentTermsDays }, termsWrittenBy(view, () => true), usageFilter, true),
    amendments: amendments.map((a) => ({
      id: a.id,
      created_at: a.createdAt.toISOString(),
      created_by: a.createdBy,
      starting_at: a.effectiveAt.toISOString(),
      ...termsToWire(view, termsWrittenBy(view, (editId) => editId === a.id)),
    })),
    custom_fields: c.customFields as Record<string, string>,
    ...(c.archivedAt ? { archived_at: c.archivedAt.toISOString() } : {}),
    ...(c.uniquenessKey ? { uniqueness_key: c.uniquenessKey } : {}),
    ...(c.packageId ? { package_id: c.packageId } : {}),
    subscriptions: c.subscriptions.map((s) => subscriptionToWire(view, s)),
  } satisfies WireContract;
  return { ...contract, multiplier_override_prioritization: c.multiplierOverridePrioritization, percentage_discounts: percentageDiscountsToWire(c) };
}
