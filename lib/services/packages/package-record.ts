import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { addMonthsClamped, HOUR_MS } from "@/lib/billing/calendar";
import type { Decimal } from "@/lib/billing/decimal";
import type { TCreateContract } from "@/lib/services/contracts/schemas";
import type { Offset, ZCreatePackage } from "./schemas";

/** A value as JSON stores it: decimals and instants as strings. */
type Stored<T> = T extends Decimal ? string : T extends Date ? string : T extends (infer U)[] ? Stored<U>[] : T extends object ? { [K in keyof T]: Stored<T[K]> } : T;
/** Every object in an array carries an id (a term, a schedule item), as the SDK returns them. */
type WithIds<T> = T extends (infer U)[] ? (U extends object ? WithIds<U> & { id: string } : U)[] : T extends object ? { [K in keyof T]: WithIds<T[K]> } : T;

/** A package's terms as stored in `package.terms`: its validated create body, ids given. */
export type PackageTerms = WithIds<Stored<z.output<typeof ZCreatePackage>>>;

export const PACKAGE_SELECT = { id: true, name: true, aliases: true, terms: true, uniquenessKey: true, createdAt: true, createdBy: true, archivedAt: true } as const;
export type PackageRow = { id: string; name: string; aliases: unknown; terms: unknown; uniquenessKey: string | null; createdAt: Date; createdBy: string | null; archivedAt: Date | null };

/** The validated create body as it is stored: JSON, with an id on every term and schedule item. */
export function toStoredTerms(data: z.output<typeof ZCreatePackage>): PackageTerms {
  const withIds = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? { id: randomUUID(), ...(withIds(v) as object) } : withIds(v)));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIds(v)]));
    return value;
  };
  return withIds(JSON.parse(JSON.stringify(data))) as PackageTerms;
}

/** The instant `offset` after `start`: days and weeks exactly, months and years on the calendar (clamped to a month's last day). */
export function addOffset(start: Date, offset: Offset | { unit: string; value: number }): Date {
  switch (offset.unit) {
    case "DAYS":
      return new Date(start.getTime() + offset.value * 24 * HOUR_MS);
    case "WEEKS":
      return new Date(start.getTime() + offset.value * 7 * 24 * HOUR_MS);
    case "MONTHS":
      return addMonthsClamped(start, offset.value);
    default:
      return addMonthsClamped(start, offset.value * 12);
  }
}

/** The contract-level fields a create request may give beside package_id: the rest is the package's. */
export const PACKAGE_CONTRACT_FIELDS = ["customer_id", "starting_at", "ending_before", "name", "uniqueness_key", "custom_fields", "usage_filter", "package_id", "package_alias"] as const;

/**
 * The package's terms as an ordinary contract create input: every offset resolved against the
 * contract's `starting_at`, every duration into an `ending_before`. The contract's own end is
 * the request's `ending_before`, else the package's duration, else none.
 */
export function packageContractInput(terms: PackageTerms, request: { customer_id: string; starting_at: Date; ending_before?: Date; name?: string; uniqueness_key?: string; custom_fields?: Record<string, string>; usage_filter?: TCreateContract["usage_filter"] }): TCreateContract {
  const start = request.starting_at;
  const at = (o: { unit: string; value: number }) => addOffset(start, o).toISOString();
  const end = (from: { unit: string; value: number }, duration: { unit: string; value: number }) => addOffset(addOffset(start, from), duration).toISOString();
  const strip = <T extends { id: string }>({ id: _id, ...rest }: T) => (void _id, rest);
  const accessOf = (schedule: NonNullable<PackageTerms["credits"]>[number]["access_schedule"]) => ({
    ...(schedule.credit_type_id ? { credit_type_id: schedule.credit_type_id } : {}),
    schedule_items: schedule.schedule_items.map((i) => ({ amount: i.amount, starting_at: at(i.starting_at_offset), ending_before: end(i.starting_at_offset, i.duration) })),
  });
  const chargeOf = (schedule: NonNullable<NonNullable<PackageTerms["commits"]>[number]["invoice_schedule"]>) => ({
    ...(schedule.credit_type_id ? { credit_type_id: schedule.credit_type_id } : {}),
    ...(schedule.do_not_invoice !== undefined ? { do_not_invoice: schedule.do_not_invoice } : {}),
    schedule_items: schedule.schedule_items.map((i) => ({ timestamp: at(i.date_offset), quantity: i.quantity, unit_price: i.unit_price })),
  });
  const timing = (r: { starting_at_offset: { unit: string; value: number }; duration?: { unit: string; value: number } }) => ({
    starting_at: at(r.starting_at_offset),
    ...(r.duration ? { ending_before: end(r.starting_at_offset, r.duration) } : {}),
  });
  const ending = request.ending_before?.toISOString() ?? (terms.duration ? end({ unit: "DAYS", value: 0 }, terms.duration) : undefined);
  const input: TCreateContract = {
    customer_id: request.customer_id,
    starting_at: start.toISOString(),
    ...(ending ? { ending_before: ending } : {}),
    ...(terms.rate_card_id ? { rate_card_id: terms.rate_card_id } : { rate_card_alias: terms.rate_card_alias }),
    ...((request.name ?? terms.contract_name) !== undefined ? { name: request.name ?? terms.contract_name } : {}),
    ...(terms.net_payment_terms_days !== undefined ? { net_payment_terms_days: terms.net_payment_terms_days } : {}),
    ...(terms.multiplier_override_prioritization ? { multiplier_override_prioritization: terms.multiplier_override_prioritization } : {}),
    ...(terms.usage_statement_schedule ? { usage_statement_schedule: { frequency: terms.usage_statement_schedule.frequency, day: terms.usage_statement_schedule.day ?? "CONTRACT_START" } } : {}),
    ...(request.uniqueness_key ? { uniqueness_key: request.uniqueness_key } : {}),
    ...(request.custom_fields ? { custom_fields: request.custom_fields } : {}),
    ...(request.usage_filter ? { usage_filter: request.usage_filter } : {}),
  };
  if (terms.commits?.length) {
    input.commits = terms.commits.map(({ id: _id, access_schedule, invoice_schedule, ...c }) => (void _id, { ...c, access_schedule: accessOf(access_schedule), ...(invoice_schedule ? { invoice_schedule: chargeOf(invoice_schedule) } : {}) }));
  }
  if (terms.credits?.length) input.credits = terms.credits.map(({ id: _id, access_schedule, ...c }) => (void _id, { ...c, access_schedule: accessOf(access_schedule) }));
  if (terms.scheduled_charges?.length) input.scheduled_charges = terms.scheduled_charges.map(({ id: _id, schedule, ...c }) => (void _id, { ...c, schedule: chargeOf(schedule) }));
  if (terms.overrides?.length) {
    input.overrides = terms.overrides.map(({ id: _id, starting_at_offset, duration, override_specifiers, tiers, ...o }) => (void _id, {
      ...o,
      ...timing({ starting_at_offset, duration }),
      override_specifiers: override_specifiers.map(strip),
      ...(tiers ? { tiers: tiers.map(strip) } : {}),
      ...(o.overwrite_rate?.tiers ? { overwrite_rate: { ...o.overwrite_rate, tiers: o.overwrite_rate.tiers.map(strip) } } : {}),
    }));
  }
  if (terms.recurring_commits?.length) input.recurring_commits = terms.recurring_commits.map(({ id: _id, starting_at_offset, duration, ...r }) => (void _id, { ...r, ...timing({ starting_at_offset, duration }) }));
  if (terms.recurring_credits?.length) input.recurring_credits = terms.recurring_credits.map(({ id: _id, starting_at_offset, duration, ...r }) => (void _id, { ...r, ...timing({ starting_at_offset, duration }) }));
  if (terms.subscriptions?.length) {
    const contractStart = { unit: "DAYS", value: 0 };
    input.subscriptions = terms.subscriptions.map(({ id: _id, starting_at_offset, duration, ...sub }) => (void _id, { ...sub, ...timing({ starting_at_offset: starting_at_offset ?? contractStart, duration }) }));
  }
  return input;
}
