import type { Decimal } from "@/lib/billing/decimal";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { pathId } from "@/lib/services/ids";
import type { AliasInput, CreditTypeConversionInput } from "./schemas";

export type CreditTypeRecord = { id: string; name: string; isFiat: boolean; precision: number };

export type RateCardRecord = {
  id: string;
  name: string;
  description: string | null;
  fiatCreditType: CreditTypeRecord;
  creditTypeConversions: { customCreditType: CreditTypeRecord; fiatPerCustomCredit: Decimal }[];
  aliases: AliasInput[];
  customFields: Record<string, string>;
  /** The order of the card's products on invoices, as set (product-order.ts reads it whole). */
  productOrder: string[];
  createdAt: Date;
  createdBy: string | null;
  archivedAt: Date | null;
};

// The JSON columns hold Metronome's snake_case with decimal strings (see prisma/schema.prisma).
type StoredConversion = { custom_credit_type_id: string; fiat_per_custom_credit: string };
type StoredAlias = { name: string; starting_at?: string; ending_before?: string };

export function conversionsToDb(list: readonly CreditTypeConversionInput[]): StoredConversion[] {
  return list.map((c) => ({ custom_credit_type_id: c.customCreditTypeId, fiat_per_custom_credit: toDb(c.fiatPerCustomCredit) }));
}

export function aliasesToDb(list: readonly AliasInput[]): StoredAlias[] {
  return list.map((a) => ({
    name: a.name,
    ...(a.startingAt ? { starting_at: a.startingAt.toISOString() } : {}),
    ...(a.endingBefore ? { ending_before: a.endingBefore.toISOString() } : {}),
  }));
}

export const RATE_CARD_SELECT = {
  id: true,
  name: true,
  description: true,
  fiatCreditTypeId: true,
  creditTypeConversions: true,
  aliases: true,
  customFields: true,
  productOrder: true,
  createdAt: true,
  createdBy: true,
  archivedAt: true,
} as const satisfies Prisma.RateCardSelect;

type RateCardRow = Prisma.RateCardGetPayload<{ select: typeof RATE_CARD_SELECT }>;

const CREDIT_TYPE_SELECT = { id: true, name: true, isFiat: true, precision: true } as const satisfies Prisma.CreditTypeSelect;

/** The credit types with these ids, by id (there are few; rate cards and rates name them). */
export async function readCreditTypes(db: Prisma.TransactionClient, ids: Iterable<string>): Promise<Map<string, CreditTypeRecord>> {
  const rows = await db.creditType.findMany({ where: { id: { in: [...new Set(ids)] } }, select: CREDIT_TYPE_SELECT });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Rate card rows as records, with the credit types they name read in one query. */
export async function toRateCardRecords(db: Prisma.TransactionClient, rows: readonly RateCardRow[]): Promise<RateCardRecord[]> {
  const conversionsOf = (row: RateCardRow) => (row.creditTypeConversions as StoredConversion[] | null) ?? [];
  const creditTypes = await readCreditTypes(db, rows.flatMap((row) => [row.fiatCreditTypeId, ...conversionsOf(row).map((c) => c.custom_credit_type_id)]));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    fiatCreditType: creditTypes.get(row.fiatCreditTypeId)!,
    creditTypeConversions: conversionsOf(row).map((c) => ({
      customCreditType: creditTypes.get(c.custom_credit_type_id)!,
      fiatPerCustomCredit: fromDb(c.fiat_per_custom_credit),
    })),
    aliases: ((row.aliases as StoredAlias[] | null) ?? []).map((a) => ({
      name: a.name,
      startingAt: a.starting_at ? new Date(a.starting_at) : null,
      endingBefore: a.ending_before ? new Date(a.ending_before) : null,
    })),
    customFields: row.customFields as Record<string, string>,
    productOrder: (row.productOrder as string[] | null) ?? [],
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    archivedAt: row.archivedAt,
  }));
}

export const RATE_CARD_NOT_FOUND = "No rate card has that id.";

/** The rate card, archived or not, or a 404; `rateCardId` may come straight from a request. */
export async function readRateCard(db: Prisma.TransactionClient, rateCardId: string): Promise<RateCardRecord> {
  const row = await db.rateCard.findUnique({ where: { id: pathId(rateCardId, RATE_CARD_NOT_FOUND) }, select: RATE_CARD_SELECT });
  if (!row) throw new AppError("not_found", RATE_CARD_NOT_FOUND);
  return (await toRateCardRecords(db, [row]))[0]!;
}

/**
 * Checks the conversions a card is given: each names a custom (non-fiat) pricing unit other than
 * the card's fiat one. `field` is the request field, for the 400's message.
 */
export async function checkConversions(
  db: Prisma.TransactionClient,
  fiatCreditTypeId: string,
  conversions: readonly CreditTypeConversionInput[],
  field: string,
): Promise<void> {
  const types = await readCreditTypes(db, conversions.map((c) => c.customCreditTypeId));
  conversions.forEach((c, i) => {
    const type = types.get(c.customCreditTypeId);
    const path = `${field}.${i}.custom_credit_type_id`;
    if (!type) throw new AppError("not_found", `No credit type has the id ${c.customCreditTypeId}.`, { [path]: "No credit type has that id" });
    if (type.isFiat || type.id === fiatCreditTypeId) {
      throw new AppError("bad_request", `Invalid request: ${path}: “${type.name}” is a fiat currency; conversions are for custom pricing units`, {
        [path]: "Must be a custom pricing unit, not a fiat currency",
      });
    }
  });
}
