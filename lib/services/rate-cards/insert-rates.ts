import { assertRateTypeFits } from "@/lib/billing/rate-schedule";
import { BillingInputError } from "@/lib/billing/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { PRODUCT_SELECT, toEngineProduct, toProductRecord, versionAt, type ProductRecord } from "@/lib/services/products/product-record";
import type { RateCardRecord } from "./rate-card-record";
import { RATE_SELECT, rateSeriesKey, rateToDb, toRateRecord, windowsOverlap, type RateRecord } from "./rate-record";
import type { RateInput } from "./schemas";

/** A rate's window in its series; `id` is null for a rate this request adds. */
type Window = { id: string | null; startingAt: Date; endingBefore: Date | null };

export type InsertedRates = { added: RateRecord[]; ended: { id: string; endingBefore: Date }[] };

function refuse(field: string, message: string): never {
  throw new AppError("bad_request", `Invalid request: ${field}: ${message}`, { [field]: message });
}

const describeGroup = (values: Record<string, string> | null) =>
  values ? ` (${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(", ")})` : "";
const describeWindow = (r: { startingAt: Date; endingBefore: Date | null }) =>
  `from ${r.startingAt.toISOString()}${r.endingBefore ? ` until ${r.endingBefore.toISOString()}` : ", open-ended"}`;

/**
 * Adds rates to a card, in order, inside the caller's transaction: all of them or (by throwing)
 * none. Each is checked against its product (exists, not archived, a rate type that fits it,
 * pricing group values for exactly its pricing group keys) and the card (its fiat credit type or
 * a custom unit it converts).
 *
 * A price change supersedes as in Metronome: the open-ended rate of the same product and pricing
 * group values that started earlier ends when the new one starts. Any other overlap (a rate that
 * starts at the same time or later, or one with an end date past the new start) is a 409: it is
 * not clear which price the caller meant, so nothing is changed.
 *
 * `fieldOf(i, field)` names a field of the i-th input for error messages (`rates.3.price`).
 */
export async function insertRates(
  tx: Prisma.TransactionClient,
  actor: Actor,
  card: RateCardRecord,
  inputs: readonly RateInput[],
  fieldOf: (index: number, field: string) => string,
  now: Date,
): Promise<InsertedRates> {
  if (card.archivedAt) throw new AppError("conflict", "This rate card is archived; archived rate cards take no new rates.");
  // Rates of a card are checked against each other: one writer per card at a time.
  await tx.$queryRawUnsafe("SELECT id FROM rate_card WHERE id = $1::uuid FOR UPDATE", card.id);

  const productIds = [...new Set(inputs.map((r) => r.productId))];
  const products = new Map(
    (await tx.product.findMany({ where: { id: { in: productIds } }, select: PRODUCT_SELECT })).map((row) => [row.id, toProductRecord(row, now)]),
  );
  const creditTypes = new Map([card.fiatCreditType, ...card.creditTypeConversions.map((c) => c.customCreditType)].map((t) => [t.id, t]));
  const existing = await tx.rate.findMany({
    where: { rateCardId: card.id, productId: { in: productIds } },
    select: { id: true, productId: true, pricingGroupValues: true, billingFrequency: true, startingAt: true, endingBefore: true },
  });
  const series = new Map<string, Window[]>();
  for (const row of existing) {
    const key = rateSeriesKey({ ...row, pricingGroupValues: row.pricingGroupValues as Record<string, string> | null });
    series.set(key, [...(series.get(key) ?? []), { id: row.id, startingAt: row.startingAt, endingBefore: row.endingBefore }]);
  }

  const ended = new Map<string, Date>();
  // Each new row with its window in the series, which a later input of this request may end.
  const pending: { data: ReturnType<typeof rateToDb> & { creditTypeId: string }; window: Window }[] = [];
  inputs.forEach((rate, i) => {
    const field = (name: string) => fieldOf(i, name);
    const product = products.get(rate.productId);
    if (!product) throw new AppError("not_found", `No product has the id ${rate.productId}.`, { [field("product_id")]: "No product has that id" });
    checkAgainstProduct(product, rate, field);
    const creditTypeId = creditTypeFor(card, rate, field);

    const key = rateSeriesKey(rate);
    const others = series.get(key) ?? [];
    for (const other of others.filter((o) => windowsOverlap(o, rate))) {
      if (other.endingBefore === null && other.startingAt < rate.startingAt) {
        other.endingBefore = rate.startingAt;
        if (other.id) ended.set(other.id, rate.startingAt);
        continue;
      }
      throw new AppError(
        "conflict",
        `${field("starting_at")}: a rate for “${product.current.name}”${describeGroup(rate.pricingGroupValues)} already applies ${describeWindow(other)}, which overlaps the new rate ${describeWindow(rate)}. Only an open-ended rate that starts earlier is superseded; end or replace the other rate first.`,
        { [field("starting_at")]: `Overlaps the rate ${describeWindow(other)}` },
      );
    }
    const window: Window = { id: null, startingAt: rate.startingAt, endingBefore: rate.endingBefore };
    series.set(key, [...others, window]);
    pending.push({ data: { ...rateToDb(rate), creditTypeId }, window });
  });

  for (const [id, endingBefore] of ended) await tx.rate.update({ where: { id }, data: { endingBefore } });
  const created = await tx.rate.createManyAndReturn({
    data: pending.map(({ data, window }) => ({ ...data, endingBefore: window.endingBefore, rateCardId: card.id, createdBy: actor.name })),
    select: RATE_SELECT,
  });
  const added = created.map((row) => toRateRecord(row, creditTypes));
  return { added, ended: [...ended].map(([id, endingBefore]) => ({ id, endingBefore })) };
}

function checkAgainstProduct(product: ProductRecord, rate: RateInput, field: (name: string) => string): void {
  if (product.archivedAt) refuse(field("product_id"), `“${product.current.name}” is archived; archived products take no new rates`);
  const version = versionAt(product.versions, rate.startingAt);
  try {
    assertRateTypeFits(toEngineProduct(product, version), rate.spec.rateType, "rate");
  } catch (error) {
    if (!(error instanceof BillingInputError)) throw error;
    refuse(field("rate_type"), `A ${rate.spec.rateType} rate cannot price “${version.name}”, a ${product.type} product`);
  }
  const keys = Object.keys(rate.pricingGroupValues ?? {}).sort();
  const expected = [...version.pricingGroupKey].sort();
  if (keys.join("\u0000") !== expected.join("\u0000")) {
    refuse(
      field("pricing_group_values"),
      expected.length
        ? `Give a value for each of the product's pricing group keys (${expected.join(", ")}), and no other key`
        : `“${version.name}” has no pricing group key, so its rates take no pricing_group_values`,
    );
  }
  if (rate.billingFrequency && product.type !== "SUBSCRIPTION") refuse(field("billing_frequency"), "Only rates of SUBSCRIPTION products take a billing_frequency");
}

/** The rate's credit type: the card's fiat one by default, or a custom unit the card converts. */
function creditTypeFor(card: RateCardRecord, rate: RateInput, field: (name: string) => string): string {
  const id = rate.creditTypeId ?? card.fiatCreditType.id;
  if (id === card.fiatCreditType.id) return id;
  if (rate.spec.rateType === "PERCENTAGE") {
    refuse(field("credit_type_id"), "A PERCENTAGE rate is in the credit type of the spend it covers; leave credit_type_id out");
  }
  if (!card.creditTypeConversions.some((c) => c.customCreditType.id === id)) {
    refuse(field("credit_type_id"), `The rate card has no conversion for this pricing unit; add one (add_credit_type_conversions) or use ${card.fiatCreditType.name}`);
  }
  return id;
}
