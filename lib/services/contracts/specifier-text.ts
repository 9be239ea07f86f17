import type { StoredSpecifier } from "./specifiers";

/**
 * What a balance's or override's specifiers apply to, as a sentence fragment for the console:
 * "LLM, model = gpt-4 or region = eu". Within a specifier every part must hold; any specifier may.
 */
export function describeSpecifiers(specifiers: readonly StoredSpecifier[], productName: (id: string) => string): string {
  return specifiers
    .map((s) =>
      [
        ...(s.product_id ? [productName(s.product_id)] : []),
        ...(s.product_tags?.length ? [`tagged ${s.product_tags.join(" and ")}`] : []),
        ...Object.entries({ ...s.pricing_group_values, ...s.presentation_group_values }).map(([key, value]) => `${key} = ${value}`),
      ].join(", "),
    )
    .join(" or ");
}
