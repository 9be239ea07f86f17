import { type Decimal, ZERO } from "@/lib/billing/decimal";
import { BillingInputError } from "@/lib/billing/errors";
import { computeInvoice } from "@/lib/billing/invoice";
import { billingPeriodAt } from "@/lib/billing/periods";
import { chargesByProduct, combineUsagePlans, usageOfPlan, withProposedRates } from "@/lib/billing/price-simulation";
import { indexRateCard, type RateCardIndex } from "@/lib/billing/rate-schedule";
import type { CreditType, Invoice, LedgerEntry, Rate, Window } from "@/lib/billing/types";
import { planUsage } from "@/lib/billing/usage-plan";
import { AppError } from "@/lib/errors";
import { usageForPlan } from "@/lib/metering/usage-records";
import { loadPricingContext } from "@/lib/services/billing/pricing-context";
import type { ServiceContext } from "@/lib/services/context";
import { readContract, readLedger, sharedBalanceFor, termProductIds, toEngineContract, type CommitRow } from "@/lib/services/contracts/contract-record";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes, readRateCard } from "@/lib/services/rate-cards/rate-card-record";
import type { RateInput } from "@/lib/services/rate-cards/schemas";
import { ZSimulatePriceChange, type TSimulatePriceChange } from "./schemas";

// What a price change would have done to real revenue: for every live contract on the rate
// card, its billing period containing `period_at` is priced twice through the engine from the
// same usage (read once from the rollups) — at the rates in force, and with the proposed rate in
// force for the whole period (or with the proposed card's rates instead of its own) — with the
// contract's overrides, discounts and balances applied both times. A read: nothing is stored.
//
// Balances are taken as they stood at the period's start (draws of that period's own finalized
// invoice and of later ones are left out), so a closed period is priced as it was billed.
// Draws of earlier periods that are still open are not counted, as they are not in the ledger
// yet.

export type Amounts = { before: Decimal; after: Decimal; delta: Decimal; /** delta / before × 100; null when before is zero. */ deltaPercent: Decimal | null };

export type CustomerImpact = {
  customerId: string;
  customerName: string;
  contractId: string;
  contractName: string | null;
  period: Window;
  creditType: CreditType;
  /** Charges before discounts and balances (the invoice subtotal): the revenue the price earns. */
  charges: Amounts;
  /** What the invoice asks the customer to pay, after discounts and commits or credits. */
  billed: Amounts;
};

export type ProductImpact = Amounts & { productId: string; productName: string; creditType: CreditType };

export type CurrencyTotal = { creditType: CreditType; customers: number; charges: Amounts; billed: Amounts };

export type PriceSimulation = {
  rateCard: { id: string; name: string };
  proposal: { kind: "rate"; rate: RateInput; productName: string } | { kind: "rate_card"; rateCard: { id: string; name: string } };
  periodAt: Date;
  totals: CurrencyTotal[];
  /** Largest change first. */
  products: ProductImpact[];
  /** Largest change in charges first. */
  customers: CustomerImpact[];
  mostAffected: { byAmount: CustomerImpact[]; byPercent: CustomerImpact[] };
  /** Contracts the engine could not price (their terms are invalid for these rates). */
  skipped: { customerId: string; customerName: string; contractId: string; reason: string }[];
};

const MOST_AFFECTED = 5;

function amounts(before: Decimal, after: Decimal): Amounts {
  const delta = after.minus(before);
  return { before, after, delta, deltaPercent: before.isZero() ? null : delta.div(before).times(100) };
}

const byMagnitude = (a: Decimal | null, b: Decimal | null) => (b?.abs() ?? ZERO).comparedTo(a?.abs() ?? ZERO);

/** The proposed rate as the engine reads it. */
function engineRate(rate: RateInput, creditType: CreditType): Rate {
  return {
    ...rate.spec,
    productId: rate.productId,
    startingAt: rate.startingAt,
    entitled: rate.entitled,
    creditType,
    ...(rate.pricingGroupValues ? { pricingGroupValues: rate.pricingGroupValues } : {}),
    ...(rate.billingFrequency ? { billingFrequency: rate.billingFrequency } : {}),
  };
}

export async function simulatePriceChange(ctx: ServiceContext, input: TSimulatePriceChange, now = new Date()): Promise<PriceSimulation> {
  const parsed = parseInput(ZSimulatePriceChange, input);
  const periodAt = parsed.period_at ?? now;
  if (periodAt > now) throw new AppError("bad_request", "Invalid request: period_at: Choose a period that has started; a future one has no usage yet", { period_at: "Must not be in the future" });
  const proposedRate = parsed.proposed_rate?.rate;
  const card = await readRateCard(ctx.db, parsed.proposed_rate?.rateCardId ?? parsed.rate_card_id!);
  const proposedCard = parsed.proposed_rate_card_id ? await readRateCard(ctx.db, parsed.proposed_rate_card_id) : undefined;

  // Live contracts only: they are who a published change would bill.
  const contracts = await ctx.db.contract.findMany({
    where: { rateCardId: card.id, archivedAt: null, startingAt: { lte: periodAt }, OR: [{ endingBefore: null }, { endingBefore: { gt: periodAt } }] },
    orderBy: { id: "asc" },
    select: { id: true, customerId: true, customer: { select: { name: true } } },
  });
  const loaded = await Promise.all(
    contracts.map(async (c) => {
      const { row, customerBalances: all } = await readContract(ctx.db, c.customerId, c.id);
      const customerBalances = all.map((b) => sharedBalanceFor(row.id, b)).filter((b): b is CommitRow => b !== undefined);
      return { customerName: c.customer.name, row, customerBalances };
    }),
  );
  const termProducts = loaded.flatMap((c) => termProductIds(c.row, c.customerBalances));
  const before = await loadPricingContext(ctx.db, card.id, [...termProducts, ...(proposedRate ? [proposedRate.productId] : [])], periodAt);
  const after = proposedCard ? await loadPricingContext(ctx.db, proposedCard.id, termProducts, periodAt) : undefined;

  let rate: Rate | undefined;
  if (proposedRate) {
    if (!before.products.has(proposedRate.productId)) {
      throw new AppError("not_found", `No product has the id ${proposedRate.productId}.`, { "proposed_rate.product_id": "No product has that id" });
    }
    const creditTypeId = proposedRate.creditTypeId ?? card.fiatCreditType.id;
    const creditType = (await readCreditTypes(ctx.db, [creditTypeId])).get(creditTypeId);
    if (!creditType) throw new AppError("not_found", `No credit type has the id ${creditTypeId}.`, { "proposed_rate.credit_type_id": "No credit type has that id" });
    rate = engineRate(proposedRate, creditType);
  }
  const proposedIndexes = new Map<number, RateCardIndex>();
  const indexAfter = (period: Window): RateCardIndex => {
    if (after) return after.index;
    let index = proposedIndexes.get(period.startingAt.getTime());
    if (!index) {
      try {
        index = indexRateCard(withProposedRates(before.index.rateCard, [rate!], period), [...before.index.products.values()], [...before.index.metrics.values()]);
      } catch (error) {
        if (error instanceof BillingInputError) throw new AppError("bad_request", `Invalid request: proposed_rate: ${error.message}`, { proposed_rate: error.message });
        throw error;
      }
      proposedIndexes.set(period.startingAt.getTime(), index);
    }
    return index;
  };
  const metrics = new Map([...before.metrics, ...(after?.metrics ?? [])]);

  const customers: CustomerImpact[] = [];
  const skipped: PriceSimulation["skipped"] = [];
  const charges: { productId: string; creditType: CreditType; before: Decimal; after: Decimal }[] = [];
  for (const { customerName, row, customerBalances } of loaded) {
    const balanceRows = [...row.commits, ...customerBalances];
    const creditTypes = await readCreditTypes(ctx.db, balanceRows.map((c) => c.creditTypeId));
    const fullLedger = await readLedger(ctx.db, balanceRows.map((c) => c.id));
    let priced: [Invoice, Invoice];
    let period: Window;
    try {
      const contract = toEngineContract(row, customerBalances, creditTypes);
      period = billingPeriodAt(contract, periodAt)!;
      const ledger: LedgerEntry[] = fullLedger.filter((e) => e.invoiceId === undefined || e.timestamp < period.startingAt);
      const indexes = [before.index, indexAfter(period)] as const;
      const plans = indexes.map((index) => planUsage({ contract, rateCard: index, period })) as [ReturnType<typeof planUsage>, ReturnType<typeof planUsage>];
      const usage = await usageForPlan(ctx.db, row.customerId, combineUsagePlans(plans), metrics);
      priced = [0, 1].map((i) => computeInvoice({ contract, rateCard: indexes[i]!, period, usage: usageOfPlan(plans[i]!, usage), ledger })) as [Invoice, Invoice];
    } catch (error) {
      if (!(error instanceof BillingInputError)) throw error;
      skipped.push({ customerId: row.customerId, customerName, contractId: row.id, reason: error.message });
      continue;
    }
    const [was, is] = priced;
    customers.push({
      customerId: row.customerId,
      customerName,
      contractId: row.id,
      contractName: row.name,
      period,
      creditType: was.creditType,
      charges: amounts(was.subtotal, is.subtotal),
      billed: amounts(was.total, is.total),
    });
    for (const [side, invoice] of [["before", was], ["after", is]] as const) {
      for (const c of chargesByProduct(invoice)) {
        let entry = charges.find((e) => e.productId === c.productId && e.creditType.id === c.creditType.id);
        if (!entry) charges.push((entry = { productId: c.productId, creditType: c.creditType, before: ZERO, after: ZERO }));
        entry[side] = entry[side].plus(c.total);
      }
    }
  }

  const productName = (id: string) => before.products.get(id)?.name ?? after?.products.get(id)?.name ?? id;
  const products = charges
    .map((c) => ({ productId: c.productId, productName: productName(c.productId), creditType: c.creditType, ...amounts(c.before, c.after) }))
    .sort((a, b) => byMagnitude(a.delta, b.delta) || a.productName.localeCompare(b.productName));
  customers.sort((a, b) => byMagnitude(a.charges.delta, b.charges.delta) || a.customerName.localeCompare(b.customerName));
  const changed = customers.filter((c) => !c.charges.delta.isZero() || !c.billed.delta.isZero());

  const totals = new Map<string, { creditType: CreditType; customers: CustomerImpact[] }>();
  for (const c of customers) {
    const entry = totals.get(c.creditType.id) ?? { creditType: c.creditType, customers: [] };
    entry.customers.push(c);
    totals.set(c.creditType.id, entry);
  }
  const sum = (list: CustomerImpact[], pick: (c: CustomerImpact) => Decimal) => list.reduce((total, c) => total.plus(pick(c)), ZERO);

  return {
    rateCard: { id: card.id, name: card.name },
    proposal: proposedCard ? { kind: "rate_card", rateCard: { id: proposedCard.id, name: proposedCard.name } } : { kind: "rate", rate: proposedRate!, productName: productName(proposedRate!.productId) },
    periodAt,
    totals: [...totals.values()].map(({ creditType, customers: list }) => ({
      creditType,
      customers: list.length,
      charges: amounts(sum(list, (c) => c.charges.before), sum(list, (c) => c.charges.after)),
      billed: amounts(sum(list, (c) => c.billed.before), sum(list, (c) => c.billed.after)),
    })),
    products,
    customers,
    mostAffected: {
      byAmount: changed.slice(0, MOST_AFFECTED),
      byPercent: [...changed]
        .filter((c) => c.charges.deltaPercent !== null)
        .sort((a, b) => byMagnitude(a.charges.deltaPercent, b.charges.deltaPercent) || a.customerName.localeCompare(b.customerName))
        .slice(0, MOST_AFFECTED),
    },
    skipped,
  };
}
