import type { PackageListContractsOnPackageResponse, PackageListResponse } from "@metronome/sdk/resources/v1/packages";
import { Decimal } from "@/lib/billing/decimal";
import type { PackageRecord } from "@/lib/services/packages/get-package";
import type { OnWire } from "./sdk-shape";

// Packages (v1/packages.ts in @metronome/sdk) from their stored terms. get answers
// `{data: <this>}` and list pages of it: the SDK's PackageRetrieveResponse.Data and
// PackageListResponse are the same shape.

const d = (value: string) => new Decimal(value);
const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export function packageToWire(p: PackageRecord) {
  const t = p.terms;
  const product = (id: string) => ({ id, name: p.products.get(id) ?? "" });
  const creditType = (id: string | undefined) => ({ id: id ?? p.fiatCreditTypeId, name: p.creditTypes.get(id ?? p.fiatCreditTypeId) ?? "" });
  const accessOf = (s: NonNullable<PackageRecord["terms"]["credits"]>[number]["access_schedule"]) => ({
    credit_type: creditType(s.credit_type_id),
    schedule_items: s.schedule_items.map((i) => ({ id: i.id, amount: d(i.amount), starting_at_offset: i.starting_at_offset, duration: i.duration })),
  });
  const chargeOf = (s: NonNullable<NonNullable<PackageRecord["terms"]["commits"]>[number]["invoice_schedule"]>) => ({
    credit_type: creditType(s.credit_type_id),
    schedule_items: s.schedule_items.map((i) => ({ id: i.id, date_offset: i.date_offset, quantity: d(i.quantity), unit_price: d(i.unit_price) })),
  });
  const balance = (b: NonNullable<PackageRecord["terms"]["credits"]>[number]) =>
    defined({
      id: b.id,
      product: product(b.product_id),
      access_schedule: accessOf(b.access_schedule),
      applicable_product_ids: b.applicable_product_ids,
      applicable_product_tags: b.applicable_product_tags,
      custom_fields: b.custom_fields,
      description: b.description,
      name: b.name,
      priority: b.priority,
    });
  const recurring = (r: NonNullable<PackageRecord["terms"]["recurring_credits"]>[number]) =>
    defined({
      id: r.id,
      access_amount: defined({ credit_type_id: r.access_amount.credit_type_id, unit_price: d(r.access_amount.unit_price), quantity: r.access_amount.quantity === undefined ? undefined : d(r.access_amount.quantity) }),
      commit_duration: defined({ value: r.commit_duration.value, unit: r.commit_duration.unit }),
      priority: r.priority,
      product: product(r.product_id),
      rate_type: r.rate_type ?? "COMMIT_RATE",
      starting_at_offset: r.starting_at_offset,
      duration: r.duration,
      applicable_product_ids: r.applicable_product_ids,
      applicable_product_tags: r.applicable_product_tags,
      description: r.description,
      name: r.name,
      proration: r.proration,
      recurrence_frequency: r.recurrence_frequency,
      rollover_fraction: r.rollover_fraction === undefined ? undefined : d(r.rollover_fraction),
    });
  return defined({
    id: p.id,
    name: p.name,
    created_at: p.createdAt.toISOString(),
    created_by: p.createdBy,
    archived_at: p.archivedAt?.toISOString(),
    aliases: p.aliases.map((a) => defined({ name: a.name, starting_at: a.starting_at, ending_before: a.ending_before })),
    contract_name: t.contract_name,
    duration: t.duration,
    rate_card_id: t.rate_card_id,
    net_payment_terms_days: t.net_payment_terms_days,
    multiplier_override_prioritization: t.multiplier_override_prioritization,
    uniqueness_key: p.uniquenessKey ?? undefined,
    usage_statement_schedule: { frequency: t.usage_statement_schedule?.frequency ?? "MONTHLY", day: t.usage_statement_schedule?.day ?? "CONTRACT_START" },
    commits: (t.commits ?? []).map((c) =>
      defined({
        ...balance(c),
        type: c.type,
        invoice_schedule: c.invoice_schedule ? { ...chargeOf(c.invoice_schedule), do_not_invoice: c.invoice_schedule.do_not_invoice ?? false } : undefined,
        rollover_fraction: c.rollover_fraction === undefined ? undefined : d(c.rollover_fraction),
      }),
    ),
    credits: (t.credits ?? []).map(balance),
    overrides: (t.overrides ?? []).map((o) =>
      defined({
        id: o.id,
        override_specifiers: o.override_specifiers.map((s) => defined({ product_id: s.product_id, product_tags: s.product_tags, pricing_group_values: s.pricing_group_values })),
        starting_at_offset: o.starting_at_offset,
        duration: o.duration,
        entitled: o.entitled,
        multiplier: o.multiplier === undefined ? undefined : d(o.multiplier),
        override_tiers: o.tiers?.map((tier) => defined({ multiplier: d(tier.multiplier), size: tier.size == null ? undefined : d(tier.size) })),
        overwrite_rate: o.overwrite_rate
          ? defined({
              // Rateline's own VOLUME and PACKAGE overwrites have no SDK name: the nearest is given.
              rate_type: (["FLAT", "PERCENTAGE", "SUBSCRIPTION", "TIERED"] as const).find((r) => r === o.overwrite_rate!.rate_type) ?? "TIERED",
              credit_type: creditType(o.overwrite_rate.credit_type_id),
              price: o.overwrite_rate.price === undefined ? undefined : d(o.overwrite_rate.price),
              tiers: o.overwrite_rate.tiers?.map((tier) => defined({ price: d(tier.price), size: tier.size == null ? undefined : d(tier.size) })),
            })
          : undefined,
        priority: o.priority,
        product: o.override_specifiers[0]?.product_id ? product(o.override_specifiers[0].product_id) : undefined,
        type: o.type,
      }),
    ),
    scheduled_charges: (t.scheduled_charges ?? []).map((c) => defined({ id: c.id, product: product(c.product_id), schedule: chargeOf(c.schedule), custom_fields: c.custom_fields, name: c.name })),
    recurring_commits: (t.recurring_commits ?? []).map((r) =>
      defined({
        ...recurring(r),
        invoice_amount: r.invoice_amount ? { credit_type_id: r.invoice_amount.credit_type_id, quantity: d(r.invoice_amount.quantity), unit_price: d(r.invoice_amount.unit_price) } : undefined,
        proration_rounding: r.proration_rounding,
      }),
    ),
    recurring_credits: (t.recurring_credits ?? []).map((r) => defined({ ...recurring(r), proration_rounding: r.proration_rounding })),
    subscriptions: (t.subscriptions ?? []).map((sub) =>
      defined({
        id: sub.id,
        collection_schedule: sub.collection_schedule,
        proration: { invoice_behavior: sub.proration.invoice_behavior ?? "BILL_ON_NEXT_COLLECTION_DATE", is_prorated: sub.proration.is_prorated },
        subscription_rate: { billing_frequency: sub.subscription_rate.billing_frequency, product: product(sub.subscription_rate.product_id) },
        quantity_management_mode: sub.quantity_management_mode ?? "QUANTITY_ONLY",
        initial_quantity: sub.initial_quantity === undefined ? undefined : d(sub.initial_quantity),
        name: sub.name,
        description: sub.description,
        starting_at_offset: sub.starting_at_offset,
        duration: sub.duration,
        fiat_credit_type_id: p.fiatCreditTypeId,
      }),
    ),
  }) satisfies OnWire<PackageListResponse>;
}

export function contractOnPackageToWire(c: { id: string; customerId: string; startingAt: Date; endingBefore: Date | null; archivedAt: Date | null }) {
  return defined({
    contract_id: c.id,
    customer_id: c.customerId,
    starting_at: c.startingAt.toISOString(),
    ending_before: c.endingBefore?.toISOString(),
    archived_at: c.archivedAt?.toISOString(),
  }) satisfies OnWire<PackageListContractsOnPackageResponse>;
}
