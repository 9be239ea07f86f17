import type { Product as EngineProduct, ProductType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { pathId } from "@/lib/services/ids";
import type { ProductDefinition, QuantityConversionInput, QuantityRoundingInput } from "./schemas";

// A product as services return it: its versions (each a definition in force from its
// `startingAt` until the next one), the one in force now, and how it reads in the engine.

export type ProductVersionRecord = ProductDefinition & {
  id: string;
  startingAt: Date;
  createdAt: Date;
  createdBy: string | null;
  billableMetric: { id: string; name: string } | null;
};

export type ProductRecord = {
  id: string;
  type: ProductType;
  customFields: Record<string, string>;
  createdAt: Date;
  createdBy: string | null;
  archivedAt: Date | null;
  /** Ascending by `startingAt`; the first is the definition the product was created with. */
  versions: ProductVersionRecord[];
  initial: ProductVersionRecord;
  /** The version in force at the time the record was read. */
  current: ProductVersionRecord;
};

export const PRODUCT_SELECT = {
  id: true,
  type: true,
  customFields: true,
  createdAt: true,
  createdBy: true,
  archivedAt: true,
  versions: {
    orderBy: { startingAt: "asc" },
    select: {
      id: true,
      startingAt: true,
      name: true,
      billableMetricId: true,
      billableMetric: { select: { id: true, name: true } },
      pricingGroupKey: true,
      presentationGroupKey: true,
      quantityConversion: true,
      quantityRounding: true,
      tags: true,
      compositeProductIds: true,
      compositeTags: true,
      excludeFreeUsage: true,
      isRefundable: true,
      createdAt: true,
      createdBy: true,
    },
  },
} as const satisfies Prisma.ProductSelect;

export type ProductRow = Prisma.ProductGetPayload<{ select: typeof PRODUCT_SELECT }>;
type VersionRow = ProductRow["versions"][number];

// The JSON columns hold Metronome's snake_case with decimal strings (see prisma/schema.prisma).
type StoredConversion = { conversion_factor: string; operation: "MULTIPLY" | "DIVIDE"; name?: string };
type StoredRounding = { decimal_places: number; rounding_method: QuantityRoundingInput["roundingMethod"] };

function toVersionRecord(row: VersionRow): ProductVersionRecord {
  const conversion = row.quantityConversion as StoredConversion | null;
  const rounding = row.quantityRounding as StoredRounding | null;
  return {
    id: row.id,
    startingAt: row.startingAt,
    name: row.name,
    billableMetricId: row.billableMetricId,
    billableMetric: row.billableMetric,
    pricingGroupKey: row.pricingGroupKey,
    presentationGroupKey: row.presentationGroupKey,
    quantityConversion: conversion && {
      conversionFactor: fromDb(conversion.conversion_factor),
      operation: conversion.operation,
      ...(conversion.name ? { name: conversion.name } : {}),
    },
    quantityRounding: rounding && { decimalPlaces: rounding.decimal_places, roundingMethod: rounding.rounding_method },
    tags: row.tags,
    compositeProductIds: row.compositeProductIds,
    compositeTags: row.compositeTags,
    excludeFreeUsage: row.excludeFreeUsage,
    isRefundable: row.isRefundable,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

/**
 * The version in force at `at`: the latest one starting at or before it. Before the first
 * version the product was as created (a rate may start before its product was entered).
 */
export function versionAt<V extends { startingAt: Date }>(versions: readonly V[], at: Date): V {
  let found = versions[0]!;
  for (const version of versions) if (version.startingAt <= at) found = version;
  return found;
}

export function toProductRecord(row: ProductRow, now: Date): ProductRecord {
  const versions = row.versions.map(toVersionRecord);
  return {
    id: row.id,
    type: row.type,
    customFields: row.customFields as Record<string, string>,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    archivedAt: row.archivedAt,
    versions,
    initial: versions[0]!,
    current: versionAt(versions, now),
  };
}

/** The columns of a ProductVersion row that hold a definition. */
export function definitionToDb(d: ProductDefinition) {
  const conversion = (c: QuantityConversionInput): StoredConversion => ({
    conversion_factor: toDb(c.conversionFactor),
    operation: c.operation,
    ...(c.name ? { name: c.name } : {}),
  });
  const rounding = (r: QuantityRoundingInput): StoredRounding => ({ decimal_places: r.decimalPlaces, rounding_method: r.roundingMethod });
  return {
    name: d.name,
    billableMetricId: d.billableMetricId,
    pricingGroupKey: d.pricingGroupKey,
    presentationGroupKey: d.presentationGroupKey,
    quantityConversion: d.quantityConversion ? conversion(d.quantityConversion) : undefined,
    quantityRounding: d.quantityRounding ? rounding(d.quantityRounding) : undefined,
    tags: d.tags,
    compositeProductIds: d.compositeProductIds,
    compositeTags: d.compositeTags,
    excludeFreeUsage: d.excludeFreeUsage,
    isRefundable: d.isRefundable,
  };
}

/** A definition alone, without the row's bookkeeping: what an audit entry records. */
export function definitionOf(v: ProductVersionRecord): ProductDefinition & { startingAt: Date } {
  const { id: _id, createdAt: _createdAt, createdBy: _createdBy, billableMetric: _metric, ...definition } = v;
  return definition;
}

/** The product as the billing engine reads it at one instant. */
export function toEngineProduct(product: Pick<ProductRecord, "id" | "type">, version: ProductDefinition): EngineProduct {
  return {
    id: product.id,
    name: version.name,
    type: product.type,
    tags: version.tags,
    ...(version.billableMetricId ? { billableMetricId: version.billableMetricId } : {}),
    pricingGroupKey: version.pricingGroupKey,
    presentationGroupKey: version.presentationGroupKey,
    ...(version.quantityConversion ? { quantityConversion: version.quantityConversion } : {}),
    ...(version.quantityRounding ? { quantityRounding: version.quantityRounding } : {}),
    compositeProductIds: version.compositeProductIds,
    compositeTags: version.compositeTags,
  };
}

export const PRODUCT_NOT_FOUND = "No product has that id.";

/** The product, archived or not, or a 404; `productId` may come straight from a request. */
export async function readProduct(db: Prisma.TransactionClient, productId: string, now: Date): Promise<ProductRecord> {
  const row = await db.product.findUnique({ where: { id: pathId(productId, PRODUCT_NOT_FOUND) }, select: PRODUCT_SELECT });
  if (!row) throw new AppError("not_found", PRODUCT_NOT_FOUND);
  return toProductRecord(row, now);
}
