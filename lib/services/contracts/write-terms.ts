import type { ChargeSchedule } from "@/lib/billing/contract-terms";
import { Decimal } from "@/lib/billing/decimal";
import { explainRefusal } from "@/lib/billing/errors";
import { expandSchedule } from "@/lib/billing/scheduled-charges";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { refuseSpecifiersWithApplicable, specifiersToDb } from "./specifiers";
import type { CommitInput, CreditInput, OverrideInput, PercentageDiscountInput, RecurringCommitInput, RecurringCreditInput, ScheduledChargeInput, SubscriptionInput } from "./schemas";

// Writes a contract's terms (at creation, or added by an edit or amendment) as rows. Recurring
// charge schedules are expanded into their dated items here, by the engine's rule, so an
// invoice reads plain items and the contract shows exactly what will be charged when.

export type Terms = {
  overrides?: OverrideInput[];
  commits?: CommitInput[];
  credits?: CreditInput[];
  subscriptions?: SubscriptionInput[];
  scheduled_charges?: ScheduledChargeInput[];
  discounts?: ScheduledChargeInput[];
  percentage_discounts?: PercentageDiscountInput[];
  recurring_commits?: RecurringCommitInput[];
  recurring_credits?: RecurringCreditInput[];
};

export type TermsContext = {
  contractId: string;
  customerId: string;
  /** The change (contract_edit id) writing the terms, kept on each so v1 reads can tell initial terms from amendments. */
  editId: string;
  /** When a subscription without its own start begins (the contract's start, or the edit's date). */
  startingAt: Date;
  endingBefore: Date | null;
  fiat: CreditType;
  /** Credit types a balance may be kept in: the fiat one and the rate card's custom units. */
  creditTypes: ReadonlyMap<string, CreditType>;
};

type Tx = Prisma.TransactionClient;

function creditTypeOf(ctx: TermsContext, id: string | undefined, field: string): CreditType {
  if (id === undefined) return ctx.fiat;
  const creditType = ctx.creditTypes.get(id);
  if (!creditType) {
    throw new AppError("bad_request", `${field}: ${id} is neither the rate card's currency nor one of its custom pricing units.`, { [field]: "Currency mismatch with the rate card" });
  }
  return creditType;
}

/** A charge schedule's dated items, expanded by the engine's rule (`sign` −1 for discounts). */
export function dueItems(schedule: Pick<ScheduledChargeInput["schedule"], "schedule_items" | "recurring_schedule">, creditType: CreditType, field: string, sign = 1) {
  const engineSchedule: ChargeSchedule = {
    creditType,
    scheduleItems: (schedule.schedule_items ?? []).map((i) => ({ timestamp: i.timestamp, amount: i.amount, quantity: i.quantity, unitPrice: i.unit_price })),
    recurringSchedule: schedule.recurring_schedule && {
      startingAt: schedule.recurring_schedule.starting_at,
      endingBefore: schedule.recurring_schedule.ending_before,
      frequency: schedule.recurring_schedule.frequency,
      amountDistribution: schedule.recurring_schedule.amount_distribution,
      amount: schedule.recurring_schedule.amount,
      quantity: schedule.recurring_schedule.quantity,
      unitPrice: schedule.recurring_schedule.unit_price,
    },
  };
  return explainRefusal({ field }, () => expandSchedule(engineSchedule, creditType, field)).map((due) => ({
    timestamp: due.timestamp,
    quantity: toDb(due.quantity),
    unitPrice: toDb(due.unitPrice.times(sign)),
    amount: toDb(due.amount.times(sign)),
  }));
}

function overrideRow(ctx: TermsContext, o: OverrideInput, field: string) {
  const specifiers = o.override_specifiers;
  const rate = o.overwrite_rate;
  // The replacement rate is billed in the unit it names (the engine prices it there, and a custom
  // unit converts to fiat as the rate card says), so it must be one the rate card can bill.
  if (rate?.credit_type_id) creditTypeOf(ctx, rate.credit_type_id, `${field}.overwrite_rate.credit_type_id`);
  return {
    editId: ctx.editId,
    startingAt: o.starting_at,
    endingBefore: o.ending_before ?? null,
    type: o.type ?? "MULTIPLIER",
    // With specifiers they are the target; the product of a sole one is what the override shows.
    productId: o.product_id ?? (specifiers?.length === 1 ? specifiers[0]!.product_id : undefined) ?? null,
    applicableProductTags: o.applicable_product_tags ?? [],
    specifiers: specifiersToDb(specifiers),
    // An entitlement-only override multiplies by one.
    multiplier: o.multiplier ? toDb(o.multiplier) : o.type ? null : "1",
    overwriteRate: rate
      ? {
          rate_type: rate.rate_type,
          ...(rate.price ? { price: toDb(rate.price) } : {}),
          ...(rate.tiers ? { tiers: rate.tiers.map((t) => (t.size ? { size: toDb(t.size), price: toDb(t.price) } : { price: toDb(t.price) })) } : {}),
          ...(rate.package_size ? { package_size: toDb(rate.package_size), package_rounding: rate.package_rounding ?? "ROUND_UP" } : {}),
          ...(rate.minimum ? { minimum: toDb(rate.minimum) } : {}),
          ...(rate.maximum ? { maximum: toDb(rate.maximum) } : {}),
          ...(rate.credit_type_id ? { credit_type_id: rate.credit_type_id } : {}),
        }
      : undefined,
    tiers: o.tiers ? o.tiers.map((t) => (t.size ? { size: toDb(t.size), multiplier: toDb(t.multiplier) } : { multiplier: toDb(t.multiplier) })) : undefined,
    priority: o.priority !== undefined ? String(o.priority) : null,
    entitled: o.entitled ?? null,
  };
}

async function writeBalance(tx: Tx, ctx: TermsContext, b: CommitInput | CreditInput, kind: "COMMIT" | "CREDIT", field: string) {
  const creditType = creditTypeOf(ctx, b.access_schedule.credit_type_id, `${field}.access_schedule.credit_type_id`);
  const commit = "type" in b ? b : undefined;
  refuseSpecifiersWithApplicable(b, `${field}.specifiers`);
  await claimCustomFieldValues(tx, kind === "COMMIT" ? "commit" : "contract_credit", null, b.custom_fields, `${field}.custom_fields`);
  return tx.commit.create({
    data: {
      customerId: ctx.customerId,
      contractId: ctx.contractId,
      kind,
      type: commit?.type ?? null,
      name: b.name,
      description: b.description,
      productId: b.product_id,
      creditTypeId: creditType.id,
      applicableProductIds: b.applicable_product_ids ?? [],
      applicableProductTags: b.applicable_product_tags ?? [],
      specifiers: specifiersToDb(b.specifiers),
      priority: b.priority !== undefined ? String(b.priority) : null,
      rolloverFraction: b.rollover_fraction ? toDb(b.rollover_fraction) : null,
      customFields: b.custom_fields ?? {},
      editId: ctx.editId,
      segments: {
        create: b.access_schedule.schedule_items.map((s) => ({ customerId: ctx.customerId, amount: toDb(s.amount), startingAt: s.starting_at, endingBefore: s.ending_before })),
      },
      invoiceSchedule: commit?.invoice_schedule
        ? {
            create: dueItems(commit.invoice_schedule, creditTypeOf(ctx, commit.invoice_schedule.credit_type_id, `${field}.invoice_schedule.credit_type_id`), `${field}.invoice_schedule`).map((i) => ({
              customerId: ctx.customerId,
              ...i,
            })),
          }
        : undefined,
    },
    select: { id: true },
  });
}

/**
 * A recurring commit's or credit's terms; the balances it grants are written by
 * grantRecurringBalances (recurring-balances.ts) once the contract's dates are settled.
 */
async function writeRecurring(tx: Tx, ctx: TermsContext, r: RecurringCommitInput | RecurringCreditInput, kind: "COMMIT" | "CREDIT", position: number, field: string) {
  const access = creditTypeOf(ctx, r.access_amount.credit_type_id, `${field}.access_amount.credit_type_id`);
  const invoice = "invoice_amount" in r ? r.invoice_amount : undefined;
  if (invoice) creditTypeOf(ctx, invoice.credit_type_id, `${field}.invoice_amount.credit_type_id`);
  const rounding = r.proration_rounding;
  refuseSpecifiersWithApplicable(r, `${field}.specifiers`);
  await tx.recurringCommit.create({
    data: {
      customerId: ctx.customerId,
      contractId: ctx.contractId,
      kind,
      productId: r.product_id,
      name: r.name,
      description: r.description,
      creditTypeId: access.id,
      accessUnitPrice: toDb(r.access_amount.unit_price),
      accessQuantity: toDb(r.access_amount.quantity!),
      invoiceCreditTypeId: invoice?.credit_type_id ?? null,
      invoiceUnitPrice: invoice ? toDb(invoice.unit_price) : null,
      invoiceQuantity: invoice ? toDb(invoice.quantity) : null,
      commitDuration: r.commit_duration.value,
      priority: String(r.priority),
      applicableProductIds: r.applicable_product_ids ?? [],
      applicableProductTags: r.applicable_product_tags ?? [],
      specifiers: specifiersToDb(r.specifiers),
      startingAt: r.starting_at,
      endingBefore: r.ending_before ?? null,
      proration: r.proration ?? "FIRST_AND_LAST",
      recurrenceFrequency: r.recurrence_frequency ?? null,
      rolloverFraction: r.rollover_fraction ? toDb(r.rollover_fraction) : null,
      prorationRounding: rounding ? JSON.parse(JSON.stringify(rounding)) : undefined,
      editId: ctx.editId,
      position,
    },
  });
}

/** Writes every term; field paths in errors are relative to the terms object (e.g. `commits.1`). */
export async function writeTerms(tx: Tx, ctx: TermsContext, terms: Terms): Promise<void> {
  for (const [i, o] of (terms.overrides ?? []).entries()) await tx.contractOverride.create({ data: { contractId: ctx.contractId, ...overrideRow(ctx, o, `overrides.${i}`) } });
  for (const [i, c] of (terms.commits ?? []).entries()) await writeBalance(tx, ctx, c, "COMMIT", `commits.${i}`);
  for (const [i, c] of (terms.credits ?? []).entries()) await writeBalance(tx, ctx, c, "CREDIT", `credits.${i}`);
  for (const [i, r] of (terms.recurring_commits ?? []).entries()) await writeRecurring(tx, ctx, r, "COMMIT", i, `recurring_commits.${i}`);
  for (const [i, r] of (terms.recurring_credits ?? []).entries()) await writeRecurring(tx, ctx, r, "CREDIT", i, `recurring_credits.${i}`);
  for (const s of terms.subscriptions ?? []) {
    const startingAt = s.starting_at ?? ctx.startingAt;
    await tx.subscription.create({
      data: {
        contractId: ctx.contractId,
        customerId: ctx.customerId,
        productId: s.subscription_rate.product_id,
        name: s.name,
        description: s.description,
        startingAt,
        endingBefore: s.ending_before ?? ctx.endingBefore,
        collectionSchedule: s.collection_schedule,
        isProrated: s.proration.is_prorated,
        billingFrequency: s.subscription_rate.billing_frequency,
        quantities: { create: [{ startingAt, quantity: toDb(s.initial_quantity ?? new Decimal(1)) }] },
      },
    });
  }
  const charges = [
    ...(terms.scheduled_charges ?? []).map((c, i) => ({ c, kind: "CHARGE" as const, field: `scheduled_charges.${i}` })),
    ...(terms.discounts ?? []).map((c, i) => ({ c, kind: "DISCOUNT" as const, field: `discounts.${i}` })),
  ];
  for (const { c, kind, field } of charges) {
    const creditType = creditTypeOf(ctx, c.schedule.credit_type_id, `${field}.schedule.credit_type_id`);
    const items = dueItems(c.schedule, creditType, `${field}.schedule`, kind === "DISCOUNT" ? -1 : 1);
    await claimCustomFieldValues(tx, kind === "DISCOUNT" ? "discount" : "scheduled_charge", null, c.custom_fields, `${field}.custom_fields`);
    await tx.scheduledCharge.create({
      data: {
        contractId: ctx.contractId,
        customerId: ctx.customerId,
        productId: c.product_id,
        kind,
        name: c.name,
        customFields: c.custom_fields ?? {},
        editId: ctx.editId,
        schedule: { create: items.map((i) => ({ customerId: ctx.customerId, ...i })) },
      },
    });
  }
  for (const d of terms.percentage_discounts ?? []) {
    await tx.percentageDiscount.create({
      data: {
        contractId: ctx.contractId,
        customerId: ctx.customerId,
        name: d.name,
        fraction: toDb(d.fraction),
        applicableProductIds: d.applicable_product_ids ?? [],
        applicableProductTags: d.applicable_product_tags ?? [],
        startingAt: d.starting_at,
        endingBefore: d.ending_before ?? null,
      },
    });
  }
}
