// Links to the rate form, prefilled: "Change price" starts from the price in force for the same
// product and pricing group, so a price change only edits what changes.

export function rateHref(rateCardId: string, rate: { productId: string; pricingGroupValues: Record<string, string> | null }, mode?: "promotion"): string {
  const query = new URLSearchParams({ product: rate.productId });
  if (rate.pricingGroupValues) query.set("group", JSON.stringify(rate.pricingGroupValues));
  if (mode) query.set("mode", mode);
  return `/rate-cards/${rateCardId}/rates/new?${query.toString()}`;
}
