import type { ServiceContext } from "@/lib/services/context";
import { builtInDeliveryMethods } from "@/lib/services/billing-providers/delivery-methods";
import { ZListConfiguredBillingProviders, type TListConfiguredBillingProviders } from "@/lib/services/billing-providers/schemas";
import { decodeKeysetCursor, keysetCursor, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";

const PAGE = 100;

export type ConfiguredBillingProvider = { id: string; provider: string; deliveryMethod: string };

/**
 * The delivery methods customers' configurations can name: those the environment configures
 * (Stripe, on the first page) and the stored set-ups, oldest first. Their configurations are not
 * returned: they hold credentials.
 */
export async function listConfiguredBillingProviders(ctx: ServiceContext, input: TListConfiguredBillingProviders | undefined) {
  const { next_page } = parseInput(ZListConfiguredBillingProviders, input ?? {});
  const after = decodeKeysetCursor(next_page ?? undefined, "instant", "uuid");
  const rows = await ctx.db.deliveryMethod.findMany({
    where: after ? { OR: [{ createdAt: { gt: after.key as Date } }, { createdAt: after.key as Date, id: { gt: after.id } }] } : {},
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: PAGE + 1,
    select: { id: true, provider: true, deliveryMethod: true, createdAt: true },
  });
  const page = toPage(rows, PAGE, (r) => keysetCursor({ key: r.createdAt, id: r.id }));
  const data: ConfiguredBillingProvider[] = [...(after ? [] : builtInDeliveryMethods()), ...page.data];
  return { data, next_page: page.next_page };
}
