import { isActiveAt } from "@/lib/billing/calendar";
import { contractPricing } from "@/lib/billing/contract-pricing";
import type { EffectiveRate } from "@/lib/billing/types";
import type { ServiceContext } from "@/lib/services/context";
import { loadContractForBilling } from "@/lib/services/invoices/draft-invoice";
import { parseInput } from "@/lib/services/parse-input";
import { findRates, type ProductRate } from "@/lib/services/rate-cards/find-rates";
import { readRateCard } from "@/lib/services/rate-cards/rate-card-record";
import { ZContractRateSchedule, type TContractRateSchedule } from "./schemas";

export type ContractRate = ProductRate & { contractEntitled: boolean; effective: EffectiveRate | null; overridden: boolean };

/**
 * POST /v1/contracts/getContractRateSchedule: the rate card's rates from `at` on, each with what
 * this contract actually pays (its overrides applied by the engine's own rules).
 */
export async function getContractRateSchedule(ctx: ServiceContext, input: TContractRateSchedule, now: Date) {
  const q = parseInput(ZContractRateSchedule, input);
  const at = q.at ?? now;
  const { row, contract, pricing } = await loadContractForBilling(ctx.db, q.customer_id, q.contract_id, at);
  const card = await readRateCard(ctx.db, row.rateCardId!);
  const page = await findRates(ctx, card, { startingAt: at, endingBefore: row.endingBefore }, q.selectors, { limit: q.limit, next_page: q.next_page });
  const prices = contractPricing(contract, pricing.index);
  const data: ContractRate[] = page.data.map((rate) => {
    const product = pricing.products.get(rate.productId)!;
    const resolve = prices.rateResolver(product, rate.pricingGroupValues ?? {}, rate.billingFrequency ?? undefined);
    const when = rate.startingAt > at ? rate.startingAt : at;
    const effective = resolve(when);
    const overridden = prices.overridesOf(product).some((o) => isActiveAt(o, when));
    return { ...rate, contractEntitled: typeof effective !== "string", effective: typeof effective === "string" ? null : effective, overridden };
  });
  return { data, next_page: page.next_page };
}
