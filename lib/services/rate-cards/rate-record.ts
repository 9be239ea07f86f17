import type { Decimal } from "@/lib/billing/decimal";
import type { BillingFrequency, PriceSpec, Tier } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import type { CreditTypeRecord } from "./rate-card-record";
import type { CommitRateInput, RateInput } from "./schemas";

// A rate as services return it: its price as the engine's PriceSpec (Decimals throughout), the
// window it is in force, and what it prices. The columns it maps to are in prisma/schema.prisma.

export type RateRecord = {
  id: string;
  rateCardId: string;
  productId: string;
  startingAt: Date;
  endingBefore: Date | null;
  entitled: boolean;
  spec: PriceSpec;
  creditType: CreditTypeRecord;
  quantity: Decimal | null;
  isProrated: boolean | null;
  billingFrequency: BillingFrequency | null;
  pricingGroupValues: Record<string, string> | null;
  commitRate: CommitRateInput | null;
  createdAt: Date;
  createdBy: string | null;
};

export const RATE_SELECT = {
  id: true,
  rateCardId: true,
  productId: true,
  startingAt: true,
  endingBefore: true,
  entitled: true,
  rateType: true,
  creditTypeId: true,
  price: true,
  tiers: true,
  packageSize: true,
  packageRounding: true,
  fraction: true,
  minimum: true,
  maximum: true,
  quantity: true,
  isProrated: true,
  billingFrequency: true,
  pricingGroupValues: true,
  commitRate: true,
  createdAt: true,
  createdBy: true,
} as const satisfies Prisma.RateSelect;

export type RateRow = Prisma.RateGetPayload<{ select: typeof RATE_SELECT }>;

type StoredTier = { size?: string; price: string };
type StoredCommitRate = { rate_type: "FLAT"; price: string } | { rate_type: "TIERED"; tiers: StoredTier[] };

const tiersToDb = (tiers: readonly Tier[]): StoredTier[] => tiers.map((t) => (t.size ? { size: toDb(t.size), price: toDb(t.price) } : { price: toDb(t.price) }));
const tiersFromDb = (tiers: StoredTier[]): Tier[] => tiers.map((t) => (t.size ? { size: fromDb(t.size), price: fromDb(t.price) } : { price: fromDb(t.price) }));

function specFromRow(row: RateRow): PriceSpec {
  const price = () => fromDb(row.price!);
  switch (row.rateType) {
    case "TIERED":
    case "VOLUME":
      return { rateType: row.rateType, tiers: tiersFromDb(row.tiers as StoredTier[]) };
    case "PACKAGE":
      return { rateType: "PACKAGE", price: price(), packageSize: fromDb(row.packageSize!), packageRounding: (row.packageRounding ?? "ROUND_UP") as "ROUND_UP" | "ROUND_DOWN" };
    case "PERCENTAGE":
      return {
        rateType: "PERCENTAGE",
        price: fromDb(row.fraction!),
        ...(row.minimum ? { minimum: fromDb(row.minimum) } : {}),
        ...(row.maximum ? { maximum: fromDb(row.maximum) } : {}),
      };
    case "FLAT":
    case "SUBSCRIPTION":
      return { rateType: row.rateType, price: price() };
    case "CUSTOM":
      // Never written: the API refuses CUSTOM rates, and nothing else inserts them.
      throw new Error(`rate ${row.id} is CUSTOM, which Rateline does not price`);
  }
}

export function toRateRecord(row: RateRow, creditTypes: ReadonlyMap<string, CreditTypeRecord>): RateRecord {
  const commit = row.commitRate as StoredCommitRate | null;
  return {
    id: row.id,
    rateCardId: row.rateCardId,
    productId: row.productId,
    startingAt: row.startingAt,
    endingBefore: row.endingBefore,
    entitled: row.entitled,
    spec: specFromRow(row),
    creditType: creditTypes.get(row.creditTypeId)!,
    quantity: fromDb(row.quantity),
    isProrated: row.isProrated,
    // WEEKLY is in the column's enum (Metronome has it) but the API refuses it, so never stored.
    billingFrequency: row.billingFrequency === "WEEKLY" ? null : row.billingFrequency,
    pricingGroupValues: (row.pricingGroupValues as Record<string, string> | null) ?? null,
    commitRate: commit && (commit.rate_type === "FLAT" ? { rateType: "FLAT", price: fromDb(commit.price) } : { rateType: "TIERED", tiers: tiersFromDb(commit.tiers) }),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

/** The columns of a new rate row (its card, credit type and author are the caller's). */
export function rateToDb(rate: RateInput) {
  const spec = rate.spec;
  const commit = rate.commitRate;
  return {
    productId: rate.productId,
    startingAt: rate.startingAt,
    endingBefore: rate.endingBefore,
    entitled: rate.entitled,
    rateType: spec.rateType,
    price: spec.rateType === "FLAT" || spec.rateType === "SUBSCRIPTION" || spec.rateType === "PACKAGE" ? toDb(spec.price) : null,
    tiers: spec.rateType === "TIERED" || spec.rateType === "VOLUME" ? tiersToDb(spec.tiers) : undefined,
    packageSize: spec.rateType === "PACKAGE" ? toDb(spec.packageSize) : null,
    packageRounding: spec.rateType === "PACKAGE" ? (spec.packageRounding ?? "ROUND_UP") : null,
    fraction: spec.rateType === "PERCENTAGE" ? toDb(spec.price) : null,
    minimum: spec.rateType === "PERCENTAGE" ? toDb(spec.minimum) : null,
    maximum: spec.rateType === "PERCENTAGE" ? toDb(spec.maximum) : null,
    quantity: toDb(rate.quantity),
    isProrated: rate.isProrated,
    billingFrequency: rate.billingFrequency,
    pricingGroupValues: rate.pricingGroupValues ?? undefined,
    commitRate: commit ? (commit.rateType === "FLAT" ? { rate_type: "FLAT", price: toDb(commit.price) } : { rate_type: "TIERED", tiers: tiersToDb(commit.tiers) }) : undefined,
  };
}

/** A rate as input again: how a duplicated card copies its rates and a promotion restores one. */
export function rateToInput(rate: RateRecord): RateInput {
  return {
    productId: rate.productId,
    entitled: rate.entitled,
    startingAt: rate.startingAt,
    endingBefore: rate.endingBefore,
    creditTypeId: rate.creditType.id,
    spec: rate.spec,
    quantity: rate.quantity,
    isProrated: rate.isProrated,
    billingFrequency: rate.billingFrequency,
    pricingGroupValues: rate.pricingGroupValues,
    commitRate: rate.commitRate,
  };
}

/** Which rates supersede one another: same product, same pricing group values, same cadence. */
export function rateSeriesKey(rate: { productId: string; pricingGroupValues: Record<string, string> | null; billingFrequency: string | null }): string {
  const values = Object.entries(rate.pricingGroupValues ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([rate.productId, values, rate.billingFrequency ?? null]);
}

/** Whether two [start, end) windows share an instant; a null end is open. */
export function windowsOverlap(a: { startingAt: Date; endingBefore: Date | null }, b: { startingAt: Date; endingBefore: Date | null }): boolean {
  return (a.endingBefore === null || a.endingBefore > b.startingAt) && (b.endingBefore === null || b.endingBefore > a.startingAt);
}
