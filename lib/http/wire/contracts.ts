import type { ContractV2, ContractWithoutAmendments, Discount, HierarchyConfiguration, ProService, ScheduledCharge, Subscription } from "@metronome/sdk/resources/shared";
import type { Decimal } from "@/lib/billing/decimal";
import type { EffectiveRate, PriceSpec } from "@/lib/billing/types";
import { fromDb } from "@/lib/db/decimal";
import type { BalanceRecord } from "@/lib/services/balances/balance-record";
import { overwriteSpec, type ContractRow } from "@/lib/services/contracts/contract-record";
import { storedSpecifiers } from "@/lib/services/contracts/specifiers";
import type { ContractView } from "@/lib/services/contracts/get-contract";
import { rechargeConfigToWire } from "./auto-recharge";
import { spendThresholdToWire } from "@/lib/services/contracts/spend-threshold";
import { commitToWire, creditToWire } from "./balances";
import type { OnWire } from "./sdk-shape";

// Contracts in Metronome's ContractV2 shape (@metronome/sdk resources/shared.ts), checked
// against it by `satisfies`; the parts v1 shares (overrides, charges, subscriptions) are built
// here too. Money and quantities are Decimals, written as exact JSON numbers. Beyond Metronome,
// declared in the types below: VOLUME and PACKAGE overwrite rates (with package_size and
// package_rounding), a PERCENTAGE one's minimum and maximum, and `percentage_discounts`.

type SdkOverwriteRate = OnWire<ContractV2.Override.OverwriteRate>;
export type WireOverwriteRate = Omit<SdkOverwriteRate, "rate_type"> & {
  rate_type: SdkOverwriteRate["rate_type"] | "VOLUME" | "PACKAGE";
  package_size?: Decimal;
  package_rounding?: "ROUND_UP" | "ROUND_DOWN";
  minimum?: Decimal;
  maximum?: Decimal;
};
/** An SDK override type with Rateline's overwrite rates. */
export type WithOverwriteRate<T> = Omit<T, "overwrite_rate"> & { overwrite_rate?: WireOverwriteRate };

type Override = ContractRow["overrides"][number];
type StoredRate = Parameters<typeof overwriteSpec>[0] & { credit_type_id?: string };
type StoredTier = { size?: string; multiplier: string };

export function productOf(view: ContractView, id: string) {
  return { id, name: view.productNames.get(id) ?? "" };
}

function specToWire(spec: PriceSpec) {
  switch (spec.rateType) {
    case "TIERED":
    case "VOLUME":
      return { rate_type: spec.rateType, tiers: spec.tiers.map((t) => (t.size ? { size: t.size, price: t.price } : { price: t.price })) };
    case "PACKAGE":
      return { rate_type: spec.rateType, price: spec.price, package_size: spec.packageSize, package_rounding: spec.packageRounding ?? "ROUND_UP" };
    case "PERCENTAGE":
      return { rate_type: spec.rateType, price: spec.price, ...(spec.minimum ? { minimum: spec.minimum } : {}), ...(spec.maximum ? { maximum: spec.maximum } : {}) };
    default:
      return { rate_type: spec.rateType, price: spec.price };
  }
}

/** The replacement rate as stored, in numbers, with the credit type it names (none: the overridden rate's). */
function overwriteRateToWire(view: ContractView, stored: StoredRate): WireOverwriteRate {
  const creditType = stored.credit_type_id ? view.creditTypes.get(stored.credit_type_id) : undefined;
  return { ...specToWire(overwriteSpec(stored)), ...(creditType ? { credit_type: { id: creditType.id, name: creditType.name } } : {}) };
}

/** The specifiers as given; an override stored before them kept one specifier's pricing group values in columns. */
function overrideSpecifiersToWire(o: Override) {
  const specifiers = storedSpecifiers(o.specifiers);
  if (specifiers) return { override_specifiers: specifiers };
  if (!o.pricingGroupValues) return {};
  return { override_specifiers: [{ ...(o.productId ? { product_id: o.productId } : {}), pricing_group_values: o.pricingGroupValues as Record<string, string> }] };
}

export function overrideToWire(view: ContractView, o: Override) {
  return {
    id: o.id,
    created_at: o.createdAt.toISOString(),
    starting_at: o.startingAt.toISOString(),
    ...(o.endingBefore ? { ending_before: o.endingBefore.toISOString() } : {}),
    type: o.type,
    ...(o.productId ? { product: productOf(view, o.productId) } : {}),
    applicable_product_tags: o.applicableProductTags,
    ...overrideSpecifiersToWire(o),
    ...(o.multiplier !== null ? { multiplier: fromDb(o.multiplier) } : {}),
    ...(o.overwriteRate ? { overwrite_rate: overwriteRateToWire(view, o.overwriteRate as StoredRate) } : {}),
    ...(o.tiers ? { override_tiers: (o.tiers as StoredTier[]).map((t) => ({ ...(t.size !== undefined ? { size: fromDb(t.size) } : {}), multiplier: fromDb(t.multiplier) })) } : {}),
    ...(o.priority !== null ? { priority: fromDb(o.priority) } : {}),
    ...(o.entitled !== null ? { entitled: o.entitled } : {}),
    is_commit_specific: o.isCommitSpecific,
  } satisfies WithOverwriteRate<OnWire<ContractV2.Override>>;
}

type Charge = ContractRow["scheduledCharges"][number];

/** A scheduled charge, or a discount: discounts are stored as negative charges and shown as they were given. */
export function chargeToWire(view: ContractView, c: Charge) {
  const sign = c.kind === "DISCOUNT" ? -1 : 1;
  return {
    id: c.id,
    product: productOf(view, c.productId),
    ...(c.name !== null ? { name: c.name } : {}),
    custom_fields: c.customFields as Record<string, string>,
    schedule: {
      schedule_items: c.schedule.map((i) => ({
        id: i.id,
        timestamp: i.timestamp.toISOString(),
        amount: fromDb(i.amount).times(sign),
        quantity: fromDb(i.quantity),
        unit_price: fromDb(i.unitPrice).times(sign),
        invoice_id: i.invoiceId,
      })),
    },
  } satisfies OnWire<ScheduledCharge> & OnWire<Discount>;
}

export function subscriptionToWire(view: ContractView, s: ContractRow["subscriptions"][number]) {
  const untilNext = (i: number) => s.quantities[i + 1]?.startingAt ?? s.endingBefore;
  return {
    id: s.id,
    ...(s.name !== null ? { name: s.name } : {}),
    ...(s.description !== null ? { description: s.description } : {}),
    collection_schedule: s.collectionSchedule,
    proration: { is_prorated: s.isProrated, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
    quantity_management_mode: s.seatGroupKey !== null ? "SEAT_BASED" : "QUANTITY_ONLY",
    ...(s.seatGroupKey !== null ? { seat_config: { seat_group_key: s.seatGroupKey } } : {}),
    quantity_schedule: s.quantities.map((q, i) => ({ quantity: fromDb(q.quantity), starting_at: q.startingAt.toISOString(), ...(untilNext(i) ? { ending_before: untilNext(i)!.toISOString() } : {}) })),
    starting_at: s.startingAt.toISOString(),
    ...(s.endingBefore ? { ending_before: s.endingBefore.toISOString() } : {}),
    subscription_rate: { billing_frequency: s.billingFrequency, product: productOf(view, s.productId) },
    billing_periods: {},
  } satisfies OnWire<ContractV2.Subscription> & OnWire<Subscription>;
}

type Recurring = ContractRow["recurringCommits"][number];
type StoredRounding = { decimal_places: number; rounding_method: "HALF_UP" | "FLOOR" | "CEILING" };

/** A recurring commit's or credit's terms, as given (the balances it granted are in `commits`/`credits`). */
function recurringTerms(view: ContractView, r: Recurring) {
  return {
    id: r.id,
    product: productOf(view, r.productId),
    access_amount: { credit_type_id: r.creditTypeId, unit_price: fromDb(r.accessUnitPrice), quantity: fromDb(r.accessQuantity) },
    commit_duration: { value: r.commitDuration, unit: "PERIODS" as const },
    priority: fromDb(r.priority),
    // Balances draw what the contract's rates charge (LIST_RATE is refused).
    rate_type: "COMMIT_RATE" as const,
    starting_at: r.startingAt.toISOString(),
    ...(r.endingBefore ? { ending_before: r.endingBefore.toISOString() } : {}),
    applicable_product_ids: r.applicableProductIds,
    applicable_product_tags: r.applicableProductTags,
    ...(storedSpecifiers(r.specifiers) ? { specifiers: storedSpecifiers(r.specifiers) } : {}),
    contract: { id: r.contractId },
    ...(r.name !== null ? { name: r.name } : {}),
    ...(r.description !== null ? { description: r.description } : {}),
    proration: r.proration,
    ...(r.recurrenceFrequency ? { recurrence_frequency: r.recurrenceFrequency } : {}),
    ...(r.rolloverFraction !== null ? { rollover_fraction: fromDb(r.rolloverFraction) } : {}),
  };
}

export function recurringCommitToWire(view: ContractView, r: Recurring) {
  const rounding = r.prorationRounding as { access?: StoredRounding; invoice?: StoredRounding } | null;
  return {
    ...recurringTerms(view, r),
    ...(r.invoiceUnitPrice !== null && r.invoiceQuantity !== null
      ? { invoice_amount: { credit_type_id: r.invoiceCreditTypeId!, unit_price: fromDb(r.invoiceUnitPrice), quantity: fromDb(r.invoiceQuantity) } }
      : {}),
    ...(rounding ? { proration_rounding: rounding } : {}),
  } satisfies OnWire<ContractV2.RecurringCommit> & OnWire<ContractWithoutAmendments.RecurringCommit>;
}

export function recurringCreditToWire(view: ContractView, r: Recurring) {
  const rounding = r.prorationRounding as { access?: StoredRounding } | null;
  return {
    ...recurringTerms(view, r),
    ...(rounding?.access ? { proration_rounding: { access: rounding.access } } : {}),
  } satisfies OnWire<ContractV2.RecurringCredit> & OnWire<ContractWithoutAmendments.RecurringCredit>;
}

/** The statement schedule's anchor: the given date, the first of the start's month, or the start. */
export function usageStatementScheduleToWire(c: ContractRow) {
  const anchor =
    c.usageStatementDay === "CUSTOM_DATE" && c.billingAnchorDate
      ? c.billingAnchorDate
      : c.usageStatementDay === "FIRST_OF_MONTH"
        ? new Date(Date.UTC(c.startingAt.getUTCFullYear(), c.startingAt.getUTCMonth(), 1))
        : c.startingAt;
  return { frequency: c.usageStatementFrequency, billing_anchor_date: anchor.toISOString() };
}

/**
 * A transition as it appears on both of its contracts: the SDK types `type` as RENEWAL, which
 * Metronome documents as depending on the account's configuration; SUPERSEDE is the other.
 */
export type WireTransition = { from_contract_id: string; to_contract_id: string; type: "RENEWAL" | "SUPERSEDE" };

/** The transitions a contract is part of: the one it took over by, then the one that took it over. */
export function transitionsToWire(c: ContractRow): WireTransition[] {
  return [
    ...(c.transitionFromId && c.transitionType ? [{ from_contract_id: c.transitionFromId, to_contract_id: c.id, type: c.transitionType }] : []),
    ...(c.transitionTo?.transitionType ? [{ from_contract_id: c.id, to_contract_id: c.transitionTo.id, type: c.transitionTo.transitionType }] : []),
  ];
}

/** The professional services terms (Shared.ProService). */
export function professionalServicesToWire(c: ContractRow) {
  return c.professionalServices.map(
    (p) =>
      ({
        id: p.id,
        product_id: p.productId,
        max_amount: fromDb(p.maxAmount),
        quantity: fromDb(p.quantity),
        unit_price: fromDb(p.unitPrice),
        ...(p.description !== null ? { description: p.description } : {}),
      }) satisfies OnWire<ProService>,
  );
}

/** Rateline's percentage discounts (no Metronome counterpart). */
export function percentageDiscountsToWire(c: ContractRow) {
  return c.percentageDiscounts.map((d) => ({
    id: d.id,
    name: d.name,
    fraction: fromDb(d.fraction),
    applicable_product_ids: d.applicableProductIds,
    applicable_product_tags: d.applicableProductTags,
    starting_at: d.startingAt.toISOString(),
    ...(d.endingBefore ? { ending_before: d.endingBefore.toISOString() } : {}),
  }));
}

type UsageFilterRow = ContractRow["usageFilters"][number];

/** The filters in force at some time: those from the contract's end on never are (an end moved earlier). */
export function liveUsageFilters(c: ContractRow): UsageFilterRow[] {
  return c.usageFilters.filter((f) => !c.endingBefore || f.startingAt < c.endingBefore);
}

/** v2's usage_filter: each filter with the span it holds for (until the next, or the contract's end). */
export function usageFiltersToWire(c: ContractRow) {
  const filters = liveUsageFilters(c);
  return filters.map((f, i) => {
    const end = filters[i + 1]?.startingAt ?? c.endingBefore;
    return { group_key: f.groupKey, group_values: f.groupValues, starting_at: f.startingAt.toISOString(), ...(end ? { ending_before: end.toISOString() } : {}) } satisfies OnWire<ContractV2.UsageFilter>;
  });
}

/**
 * A contract's place in an account hierarchy (lib/billing/hierarchy.ts), in the shape v2's
 * ContractV2 and v1's ContractWithoutAmendments share: a child names its parent and who pays; a
 * parent lists its children and how it consolidates them. Neither: none.
 */
export function hierarchyToWire(view: ContractView) {
  const c = view.row;
  if (c.parentContractId && c.parentCustomerId) {
    return {
      parent: { contract_id: c.parentContractId, customer_id: c.parentCustomerId },
      ...(c.hierarchyPayer ? { payer: c.hierarchyPayer as "PARENT" } : {}),
      ...(c.usageStatementBehavior ? { usage_statement_behavior: c.usageStatementBehavior as "CONSOLIDATE" } : {}),
    } satisfies OnWire<ContractV2.ChildHierarchyConfigurationV2> & OnWire<HierarchyConfiguration.ChildHierarchyConfiguration>;
  }
  if (!c.invoiceConsolidationType && view.children.length === 0) return undefined;
  return {
    children: view.children.map((child) => ({ contract_id: child.id, customer_id: child.customerId })),
    ...(c.invoiceConsolidationType ? { parent_behavior: { invoice_consolidation_type: c.invoiceConsolidationType as "CONCATENATE" } } : {}),
  } satisfies OnWire<ContractV2.ParentHierarchyConfiguration> & OnWire<HierarchyConfiguration.ParentHierarchyConfiguration>;
}

export const commitsToWire = (records: readonly BalanceRecord[]) => records.filter((r) => r.kind === "COMMIT").map(commitToWire);
export const creditsToWire = (records: readonly BalanceRecord[]) => records.filter((r) => r.kind === "CREDIT").map(creditToWire);

type WireContractV2 = Omit<OnWire<ContractV2>, "overrides" | "transitions"> & { overrides: WithOverwriteRate<OnWire<ContractV2.Override>>[]; transitions: WireTransition[] };

export function contractToWire(view: ContractView) {
  const c = view.row;
  const hierarchy = hierarchyToWire(view);
  const contract = {
    id: c.id,
    customer_id: c.customerId,
    created_at: c.createdAt.toISOString(),
    created_by: c.createdBy ?? "",
    starting_at: c.startingAt.toISOString(),
    ...(c.endingBefore ? { ending_before: c.endingBefore.toISOString() } : {}),
    ...(c.name !== null ? { name: c.name } : {}),
    ...(c.rateCardId ? { rate_card_id: c.rateCardId } : {}),
    net_payment_terms_days: c.netPaymentTermsDays,
    ...(c.uniquenessKey ? { uniqueness_key: c.uniquenessKey } : {}),
    custom_fields: c.customFields as Record<string, string>,
    ...(c.archivedAt ? { archived_at: c.archivedAt.toISOString() } : {}),
    ...(c.totalContractValue !== null ? { total_contract_value: fromDb(c.totalContractValue) } : {}),
    ...(c.scheduledChargesOnUsageInvoices ? { scheduled_charges_on_usage_invoices: "ALL" as const } : {}),
    multiplier_override_prioritization: c.multiplierOverridePrioritization,
    usage_statement_schedule: usageStatementScheduleToWire(c),
    overrides: c.overrides.map((o) => overrideToWire(view, o)),
    commits: commitsToWire(view.balanceRecords),
    credits: view.balanceRecords.filter((r) => r.kind === "CREDIT").map((r) => ({ ...creditToWire(r), created_at: r.createdAt.toISOString() })),
    subscriptions: c.subscriptions.map((s) => subscriptionToWire(view, s)),
    scheduled_charges: c.scheduledCharges.filter((s) => s.kind === "CHARGE").map((s) => chargeToWire(view, s)),
    discounts: c.scheduledCharges.filter((s) => s.kind === "DISCOUNT").map((s) => chargeToWire(view, s)),
    recurring_commits: c.recurringCommits.filter((r) => r.kind === "COMMIT").map((r) => recurringCommitToWire(view, r)),
    recurring_credits: c.recurringCommits.filter((r) => r.kind === "CREDIT").map((r) => recurringCreditToWire(view, r)),
    transitions: transitionsToWire(c),
    usage_filter: usageFiltersToWire(c),
    ...(view.recharge ? { prepaid_balance_threshold_configuration: rechargeConfigToWire(view.recharge) } : {}),
    ...(c.spendThreshold ? { spend_threshold_configuration: spendThresholdToWire(c.spendThreshold) } : {}),
    ...(c.professionalServices.length ? { professional_services: professionalServicesToWire(c) } : {}),
    ...(hierarchy ? { hierarchy_configuration: hierarchy } : {}),
  } satisfies WireContractV2;
  return { ...contract, percentage_discounts: percentageDiscountsToWire(c) };
}

/** What a contract pays for a rate (Shared.Rate): the engine's effective price; multiplier bands shown as override tiers. */
export function effectiveRateToWire(rate: EffectiveRate, pricingGroupValues: Record<string, string> | null) {
  const spec = rate.spec;
  const onlyBand = rate.bands?.length === 1 && rate.bands[0]!.from.isZero() && !rate.bands[0]!.to ? rate.bands[0]!.multiplier : undefined;
  const scaled = (d: Decimal) => (onlyBand ? d.times(onlyBand) : d);
  return {
    rate_type: spec.rateType,
    credit_type: { id: rate.creditType.id, name: rate.creditType.name },
    ...(spec.rateType === "TIERED" || spec.rateType === "VOLUME"
      ? { tiers: spec.tiers.map((t) => (t.size ? { size: t.size, price: scaled(t.price) } : { price: scaled(t.price) })) }
      : { price: spec.rateType === "PERCENTAGE" ? spec.price : scaled(spec.price) }),
    ...(spec.rateType === "PACKAGE" ? { package_size: spec.packageSize, package_rounding: spec.packageRounding ?? "ROUND_UP" } : {}),
    ...(rate.bands && !onlyBand ? { override_tiers: rate.bands.map((b) => ({ from: b.from, ...(b.to ? { to: b.to } : {}), multiplier: b.multiplier })) } : {}),
    ...(pricingGroupValues ? { pricing_group_values: pricingGroupValues } : {}),
  };
}
