import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { loadEngineProducts } from "@/lib/services/billing/pricing-context";
import type { ServiceContext } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { PACKAGE_SELECT, type PackageRow, type PackageTerms } from "./package-record";
import { ZPackageRef, type TPackageRef } from "./schemas";

/** A package with the names of the products and credit types its terms name (the SDK returns them). */
export type PackageRecord = {
  id: string;
  name: string;
  aliases: { name: string; starting_at?: string; ending_before?: string }[];
  terms: PackageTerms;
  uniquenessKey: string | null;
  createdAt: Date;
  createdBy: string;
  archivedAt: Date | null;
  products: Map<string, string>;
  creditTypes: Map<string, string>;
  /** The credit type a schedule names none in: the rate card's fiat (USD cents with an alias). */
  fiatCreditTypeId: string;
};

/** The packages' records (product names as of `now`), with the products, credit types and rate cards they name read in three queries. */
export async function toPackageRecords(db: Prisma.TransactionClient, rows: readonly PackageRow[], now = new Date()): Promise<PackageRecord[]> {
  const all = rows.map((r) => r.terms as PackageTerms);
  const productIds = all.flatMap((t) => [
    ...(t.commits ?? []).map((c) => c.product_id),
    ...(t.credits ?? []).map((c) => c.product_id),
    ...(t.scheduled_charges ?? []).map((c) => c.product_id),
    ...(t.recurring_commits ?? []).map((c) => c.product_id),
    ...(t.recurring_credits ?? []).map((c) => c.product_id),
    ...(t.subscriptions ?? []).map((c) => c.subscription_rate.product_id),
    ...(t.overrides ?? []).flatMap((o) => o.override_specifiers.map((s) => s.product_id).filter((id): id is string => !!id)),
  ]);
  const products = new Map([...(await loadEngineProducts(db, productIds, now)).values()].map((p) => [p.id, p.name]));
  const cards = new Map((await db.rateCard.findMany({ where: { id: { in: all.flatMap((t) => (t.rate_card_id ? [t.rate_card_id] : [])) } }, select: { id: true, fiatCreditTypeId: true } })).map((c) => [c.id, c.fiatCreditTypeId]));
  const fiatOf = (t: PackageTerms) => (t.rate_card_id && cards.get(t.rate_card_id)) || USD_CENTS.id;
  const creditTypeIds = all.flatMap((t) => [
    fiatOf(t),
    ...[...(t.commits ?? []), ...(t.credits ?? [])].map((c) => c.access_schedule.credit_type_id),
    ...(t.commits ?? []).map((c) => c.invoice_schedule?.credit_type_id),
    ...(t.scheduled_charges ?? []).map((c) => c.schedule.credit_type_id),
    ...(t.overrides ?? []).map((o) => o.overwrite_rate?.credit_type_id),
  ]).filter((id): id is string => !!id);
  const creditTypes = new Map([...(await readCreditTypes(db, creditTypeIds)).values()].map((c) => [c.id, c.name]));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    aliases: row.aliases as PackageRecord["aliases"],
    terms: row.terms as PackageTerms,
    uniquenessKey: row.uniquenessKey,
    createdAt: row.createdAt,
    createdBy: row.createdBy ?? "",
    archivedAt: row.archivedAt,
    products,
    creditTypes,
    fiatCreditTypeId: fiatOf(row.terms as PackageTerms),
  }));
}

/** POST /v1/packages/get: archived packages included. */
export async function getPackage(ctx: ServiceContext, input: TPackageRef): Promise<PackageRecord> {
  const { package_id } = parseInput(ZPackageRef, input);
  const row = await ctx.db.package.findUnique({ where: { id: package_id }, select: PACKAGE_SELECT });
  if (!row) throw new AppError("not_found", "No package has that package_id.", { package_id: "Unknown package" });
  return (await toPackageRecords(ctx.db, [row]))[0]!;
}
