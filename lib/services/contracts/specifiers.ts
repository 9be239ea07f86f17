import { z } from "zod";
import type { Specifier } from "@/lib/billing/contract-terms";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { ZId } from "@/lib/services/zod-fields";
import { ZNames } from "@/lib/services/zod-pricing";

// Metronome's specifiers (Shared.CommitSpecifierInput; an override's OverrideSpecifier shares
// its four keys): which usage a commit, credit or override applies to, matched by the engine
// (lib/billing/contract-terms.ts). Stored as given, in the wire's snake_case, in a JSON column
// (commit.specifiers, recurring_commit.specifiers, contract_override.specifiers).

const ZGroupValues = z
  .record(z.string().min(1, "A group key must not be empty").max(200), z.string("Each group value must be a string").max(500))
  .refine((values) => Object.keys(values).length <= 50, "At most 50 group keys");

export const ZSpecifier = z
  .object({
    product_id: ZId.optional(),
    product_tags: ZNames.optional(),
    pricing_group_values: ZGroupValues.optional(),
    presentation_group_values: ZGroupValues.optional(),
  })
  .refine(
    (s) => s.product_id || s.product_tags?.length || Object.keys(s.pricing_group_values ?? {}).length || Object.keys(s.presentation_group_values ?? {}).length,
    "Give a product_id, product_tags, pricing_group_values or presentation_group_values: a specifier naming nothing would match all usage",
  );
export type SpecifierInput = z.output<typeof ZSpecifier>;

export const ZSpecifiers = z.array(ZSpecifier).min(1, "Give at least one specifier (or leave specifiers out)").max(100);

/** As stored and as the SDK returns it (Shared.CommitSpecifier): only the keys given. */
export type StoredSpecifier = {
  product_id?: string;
  product_tags?: string[];
  pricing_group_values?: Record<string, string>;
  presentation_group_values?: Record<string, string>;
};

function stored(s: SpecifierInput): StoredSpecifier {
  return {
    ...(s.product_id ? { product_id: s.product_id } : {}),
    ...(s.product_tags?.length ? { product_tags: s.product_tags } : {}),
    ...(Object.keys(s.pricing_group_values ?? {}).length ? { pricing_group_values: s.pricing_group_values } : {}),
    ...(Object.keys(s.presentation_group_values ?? {}).length ? { presentation_group_values: s.presentation_group_values } : {}),
  };
}

/** The column's value for a create: the specifiers given, or SQL NULL. */
export function specifiersToDb(specifiers: readonly SpecifierInput[] | null | undefined): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return specifiers?.length ? specifiers.map(stored) : Prisma.DbNull;
}

export function storedSpecifiers(column: Prisma.JsonValue | null): StoredSpecifier[] | undefined {
  return Array.isArray(column) && column.length ? (column as StoredSpecifier[]) : undefined;
}

export function engineSpecifiers(column: Prisma.JsonValue | null): Specifier[] | undefined {
  return storedSpecifiers(column)?.map((s) => ({
    ...(s.product_id ? { productId: s.product_id } : {}),
    ...(s.product_tags ? { productTags: s.product_tags } : {}),
    ...(s.pricing_group_values ? { pricingGroupValues: s.pricing_group_values } : {}),
    ...(s.presentation_group_values ? { presentationGroupValues: s.presentation_group_values } : {}),
  }));
}

/**
 * Metronome's rule: a balance's specifiers cannot be used together with applicable_product_ids or
 * applicable_product_tags (either one scopes it). `path` names the specifiers in the request.
 */
export function refuseSpecifiersWithApplicable(
  balance: { specifiers?: readonly unknown[] | null; applicable_product_ids?: readonly string[] | null; applicable_product_tags?: readonly string[] | null },
  path: string,
): void {
  if (!balance.specifiers?.length || !(balance.applicable_product_ids?.length || balance.applicable_product_tags?.length)) return;
  throw new AppError("bad_request", `${path}: specifiers cannot be used together with applicable_product_ids or applicable_product_tags.`, {
    [path]: "Give specifiers or applicable_product_ids/applicable_product_tags, not both",
  });
}

/** The product ids the specifiers name, with their fields, for the existence check. */
export function specifierProductRefs(specifiers: readonly SpecifierInput[] | null | undefined, path: string): [string, string][] {
  return (specifiers ?? []).flatMap((s, i): [string, string][] => (s.product_id ? [[s.product_id, `${path}.${i}.product_id`]] : []));
}

/** A stored column copied onto another row (a recurring commit's balances, a rolled-over balance). */
export function copySpecifiers(column: Prisma.JsonValue | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return storedSpecifiers(column) ?? Prisma.DbNull;
}
