import type { Decimal } from "@/lib/billing/decimal";
import type { EffectiveRate } from "@/lib/billing/types";
import { fromDb } from "@/lib/db/decimal";
import type { ContractView } from "@/lib/services/contracts/get-contract";
import type { ContractRow, CommitRow } from "@/lib/services/contracts/contract-record";

// Contracts in Metronome's ContractV2 shape (@metronome/sdk resources/shared.ts). Money and
// quantities are Decimals, written as exact JSON numbers.

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
const num = (d: { toString(): string } | null | undefined) => (d === null || d === undefined ? undefined : fromDb(d));

function product(view: ContractView, id: string | null) {
  return id ? { id, name: view.productNames.get(id) ?? "" } : undefined;
}

function creditType(view: ContractView, id: string) {
  const ct = view.creditTypes.get(id);
  return { id, name: ct?.name ?? "" };
}

function schedule(view: ContractView, creditTypeId: string | null, items: ContractRow["scheduledCharges"][number]["schedule"]) {
  return {
    ...(creditTypeId ? { credit_type: creditType(view, creditTypeId) } : {}),
    schedule_items: items.map((i) => ({
      id: i.id,
      timestamp: i.timestamp.toISOString(),
      amount: fromDb(i.amount),
      quantity: fromDb(i.quantity),
      unit_price: fromDb(i.unitPrice),
      ...(i.invoiceId ? { invoice_id: i.invoiceId } : {}),
    })),
  };
}

function balanceToWire(view: ContractView, c: CommitRow) {
  const balance = view.balances?.get(c.id);
  return {
    id: c.id,
    created_at: c.createdAt.toISOString(),
    product: product(view, c.productId)!,
    ...(c.kind === "CREDIT" ? { type: "CREDIT" as const } : { type: c.type! }),
    name: c.name ?? undefined,
    description: c.description ?? undefined,
    access_schedule: {
      credit_type: creditType(view, c.creditTypeId),
      schedule_items: c.segments.map((s) => ({ id: s.id, amount: fromDb(s.amount), starting_at: s.startingAt.toISOString(), ending_before: s.endingBefore.toISOString() })),
    },
    ...(c.kind === "COMMIT" && c.invoiceSchedule.length ? { invoice_schedule: schedule(view, c.creditTypeId, c.invoiceSchedule) } : {}),
    applicable_product_ids: c.applicableProductIds,
    applicable_product_tags: c.applicableProductTags,
    priority: c.priority === null ? undefined : Number(c.priority.toString()),
    rollover_fraction: num(c.rolloverFraction),
    custom_fields: c.customFields as Record<string, string>,
    ...(c.contractId ? { contract: { id: c.contractId } } : {}),
    ...(balance ? { balance: balance.remaining } : {}),
  };
}

export function contractToWire(view: ContractView) {
  const c = view.row;
  return {
    id: c.id,
    customer_id: c.customerId,
    created_at: c.createdAt.toISOString(),
    created_by: c.createdBy ?? "",
    starting_at: c.startingAt.toISOString(),
    ending_before: iso(c.endingBefore),
    name: c.name ?? undefined,
    rate_card_id: c.rateCardId ?? undefined,
    net_payment_terms_days: c.netPaymentTermsDays,
    uniqueness_key: c.uniquenessKey ?? undefined,
    custom_fields: c.customFields as Record<string, string>,
    archived_at: iso(c.archivedAt),
    multiplier_override_prioritization: c.multiplierOverridePrioritization,
    usage_statement_schedule: {
      frequency: c.usageStatementFrequency,
      day: c.usageStatementDay,
      billing_anchor_date: (c.usageStatementDay === "CUSTOM_DATE" && c.billingAnchorDate ? c.billingAnchorDate : c.usageStatementDay === "FIRST_OF_MONTH" ? new Date(Date.UTC(c.startingAt.getUTCFullYear(), c.startingAt.getUTCMonth(), 1)) : c.startingAt).toISOString(),
    },
    overrides: c.overrides.map((o) => ({
      id: o.id,
      created_at: o.createdAt.toISOString(),
      starting_at: o.startingAt.toISOString(),
      ending_before: iso(o.endingBefore),
      type: o.type,
      product: product(view, o.productId),
      applicable_product_tags: o.applicableProductTags,
      ...(o.pricingGroupValues ? { override_specifiers: [{ product_id: o.productId ?? undefined, pricing_group_values: o.pricingGroupValues }] } : {}),
      multiplier: num(o.multiplier),
      overwrite_rate: o.overwriteRate ?? undefined,
      override_tiers: o.tiers ?? undefined,
      priority: o.priority === null ? undefined : Number(o.priority.toString()),
      entitled: o.entitled ?? undefined,
    })),
    commits: c.commits.filter((b) => b.kind === "COMMIT").map((b) => balanceToWire(view, b)),
    credits: c.commits.filter((b) => b.kind === "CREDIT").map((b) => balanceToWire(view, b)),
    subscriptions: c.subscriptions.map((s) => ({
      id: s.id,
      name: s.name ?? undefined,
      collection_schedule: s.collectionSchedule,
      proration: { is_prorated: s.isProrated, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" as const },
      quantity_management_mode: "QUANTITY_ONLY" as const,
      quantity_schedule: s.quantities.map((q, i) => ({ quantity: fromDb(q.quantity), starting_at: q.startingAt.toISOString(), ending_before: iso(s.quantities[i + 1]?.startingAt ?? s.endingBefore) })),
      starting_at: s.startingAt.toISOString(),
      ending_before: iso(s.endingBefore),
      subscription_rate: { billing_frequency: s.billingFrequency, product: product(view, s.productId)! },
      billing_periods: {},
    })),
    scheduled_charges: c.scheduledCharges.filter((s) => s.kind === "CHARGE").map((s) => ({ id: s.id, name: s.name ?? undefined, product: product(view, s.productId)!, schedule: schedule(view, null, s.schedule) })),
    discounts: c.scheduledCharges.filter((s) => s.kind === "DISCOUNT").map((s) => ({ id: s.id, name: s.name ?? undefined, product: product(view, s.productId)!, schedule: schedule(view, null, s.schedule) })),
    /** Rateline extension: a percentage off products for a date range. */
    percentage_discounts: c.percentageDiscounts.map((d) => ({
      id: d.id,
      name: d.name,
      fraction: fromDb(d.fraction),
      applicable_product_ids: d.applicableProductIds,
      applicable_product_tags: d.applicableProductTags,
      starting_at: d.startingAt.toISOString(),
      ending_before: iso(d.endingBefore),
    })),
    transitions: [],
    usage_filter: [],
  };
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
