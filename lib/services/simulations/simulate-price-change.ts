import { HOUR_MS } from "@/lib/billing/calendar";
import { type Decimal, ZERO } from "@/lib/billing/decimal";
import { BillingInputError, explainRefusal } from "@/lib/billing/errors";
import { computeInvoice } from "@/lib/billing/invoice";
import { billingPeriodAt } from "@/lib/billing/periods";
import { chargesByProduct, combineUsagePlans, usageOfPlan, withProposedRates } from "@/lib/billing/price-simulation";
import { indexRateCard, type RateCardIndex } from "@/lib/billing/rate-schedule";
import type { CreditType, Invoice, LedgerEntry, Rate, Window } from "@/lib/billing/types";
import { planUsage } from "@/lib/billing/usage-plan";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { usageForPlan } from "@/lib/metering/usage-records";
import { loadPricingContext, type PricingContext } from "@/lib/services/billing/pricing-context";
import { loadAll, pricingLoaders, type PricingLoaders } from "@/lib/services/billing/pricing-loaders";
import type { ServiceContext } from "@/lib/services/context";
import { CONTRACT_SELECT, sharedBalanceFor, termCreditTypeIds, termProductIds, toEngineContract, type CommitRow } from "@/lib/services/contracts/contract-record";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes, readRateCard } from "@/lib/services/rate-cards/rate-card-record";
import type { RateInput } from "@/lib/services/rate-cards/schemas";
import { ZSimulatePriceChange, type TSimulatePriceChange } from "./schemas";

// What a price change would have done to real revenue: for every live contract on the rate
// card, its billing period containing `period_at` is priced twice through the engine from the
// same usage (read once from the rollups) — at the rates in force, and with the proposed rate in
// force for the whole period (or with the proposed card's rates instead of its own) — with the
// contract's overrides, discounts and balances applied both times.
//
// In three steps, so a run over ten thousand contracts can go batch by batch (the simulation
// job, run-simulation.ts): planSimulation checks the inputs once, priceContracts prices any set
// of the card's contracts (reading for all of them together through the pricing loaders), and
// summarizeSimulation adds up what was priced. simulatePriceChange does all three at once.
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

export const MOST_AFFECTED = 5;

export function amounts(before: Decimal, after: Decimal): Amounts {
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

type Db = PrismaClient | Prisma.TransactionClient;

/** A simulation's inputs, checked and resolved: what every batch of its contracts is priced with. */
export type SimulationPlan = {
  rateCard: { id: string; name: string };
  proposal: PriceSimulation["proposal"];
  /** The proposed rate as the engine reads it (proposal kind "rate"). */
  rate?: Rate;
  periodAt: Date;
};

/** A contract of the card to price, with the names the results show. */
export type SimulatedContract = { id: string; customerId: string; customerName: string };

export type SkippedContract = PriceSimulation["skipped"][number];

/** Charges per product and credit type, before and after, of the contracts priced. */
export type ProductCharges = { productId: string; productName: string; creditType: CreditType; before: Decimal; after: Decimal };

export type PricedContracts = { customers: CustomerImpact[]; skipped: SkippedContract[]; products: ProductCharges[] };

/** Validates a simulation and resolves its cards and proposed rate; a bad input is a 4xx here, before anything is priced. */
export async function planSimulation(db: Db, input: TSimulatePriceChange, now: Date): Promise<SimulationPlan> {
  const parsed = parseInput(ZSimulatePriceChange, input);
  const periodAt = parsed.period_at ?? now;
  if (periodAt > now) throw new AppError("bad_request", "Invalid request: period_at: Choose a period that has started; a future one has no usage yet", { period_at: "Must not be in the future" });
  const card = await readRateCard(db, parsed.proposed_rate?.rateCardId ?? parsed.rate_card_id!);
  const rateCard = { id: card.id, name: card.name };
  if (parsed.proposed_rate_card_id) {
    const proposedCard = await readRateCard(db, parsed.proposed_rate_card_id);
    return { rateCard, proposal: { kind: "rate_card", rateCard: { id: proposedCard.id, name: proposedCard.name } }, periodAt };
  }
  const proposedRate = parsed.proposed_rate!.rate;
  const pricing = await loadPricingContext(db, card.id, [proposedRate.productId], periodAt);
  const product = pricing.products.get(proposedRate.productId);
  if (!product) throw new AppError("not_found", `No product has the id ${proposedRate.productId}.`, { "proposed_rate.product_id": "No product has that id" });
  const creditTypeId = proposedRate.creditTypeId ?? card.fiatCreditType.id;
  const creditType = (await readCreditTypes(db, [creditTypeId])).get(creditTypeId);
  if (!creditType) throw new AppError("not_found", `No credit type has the id ${creditTypeId}.`, { "proposed_rate.credit_type_id": "No credit type has that id" });
  const plan: SimulationPlan = { rateCard, proposal: { kind: "rate", rate: proposedRate, productName: product.name }, rate: engineRate(proposedRate, creditType), periodAt };
  // The engine refuses a rate it cannot price (a flat price for seats) whatever the period: say so now.
  const hour = Math.floor(periodAt.getTime() / HOUR_MS) * HOUR_MS;
  proposedIndex(plan, pricing, { startingAt: new Date(hour), endingBefore: new Date(hour + HOUR_MS) });
  return plan;
}

/** The card with the proposed rate in force for the whole period. */
function proposedIndex(plan: SimulationPlan, before: PricingContext, period: Window): RateCardIndex {
  return explainRefusal({ prefix: "Invalid request: proposed_rate", field: "proposed_rate" }, () =>
    indexRateCard(withProposedRates(before.index.rateCard, [plan.rate!], period), [...before.index.products.values()], [...before.index.metrics.values()]),
  );
}

/** The card's live contracts at the simulated instant: who a published change would bill. */
export function simulatedContractsWhere(plan: SimulationPlan) {
  const at = plan.periodAt;
  return { rateCardId: plan.rateCard.id, archivedAt: null, startingAt: { lte: at }, OR: [{ endingBefore: null }, { endingBefore: { gt: at } }] } satisfies Prisma.ContractWhereInput;
}

/**
 * Prices these contracts of the plan's card before and after, all together: their reads wait on
 * the same loaders, which make one query per step for all of them.
 */
export async function priceContracts(db: Db, plan: SimulationPlan, contracts: readonly SimulatedContract[], loaders: PricingLoaders = pricingLoaders(db)): Promise<PricedContracts> {
  const { periodAt } = plan;
  const rows = new Map((await db.contract.findMany({ where: { id: { in: contracts.map((c) => c.id) } }, select: CONTRACT_SELECT })).map((r) => [r.id, r]));
  const terms = await Promise.all(
    contracts.map(async (c) => {
      const row = rows.get(c.id)!;
      const customerBalances = (await loaders.commits.load(c.customerId))
        .filter((b) => b.contractId === null)
        .map((b) => sharedBalanceFor(row.id, b))
        .filter((b): b is CommitRow => b !== undefined);
      return { ...c, row, customerBalances };
    }),
  );
  const termProducts = terms.flatMap((c) => termProductIds(c.row, c.customerBalances));
  const proposedProduct = plan.proposal.kind === "rate" ? [plan.proposal.rate.productId] : [];
  const before = await loadPricingContext(db, plan.rateCard.id, [...termProducts, ...proposedProduct], periodAt);
  const after = plan.proposal.kind === "rate_card" ? await loadPricingContext(db, plan.proposal.rateCard.id, termProducts, periodAt) : undefined;
  const proposedIndexes = new Map<number, RateCardIndex>();
  const indexAfter = (period: Window): RateCardIndex => {
    if (after) return after.index;
    let index = proposedIndexes.get(period.startingAt.getTime());
    if (!index) proposedIndexes.set(period.startingAt.getTime(), (index = proposedIndex(plan, before, period)));
    return index;
  };
  const metrics = new Map([...before.metrics, ...(after?.metrics ?? [])]);
  const productName = (id: string) => before.products.get(id)?.name ?? after?.products.get(id)?.name ?? id;

  const outcomes = await Promise.all(
    terms.map(async ({ customerName, row, customerBalances }) => {
      const balanceRows = [...row.commits, ...customerBalances];
      const creditTypes = new Map(
        (await loadAll(loaders.creditTypes, termCreditTypeIds(row, customerBalances))).filter((t) => t !== undefined).map((t) => [t.id, t]),
      );
      const fullLedger = await loaders.ledger(balanceRows.map((c) => c.id));
      try {
        const contract = toEngineContract(row, customerBalances, creditTypes);
        const period = billingPeriodAt(contract, periodAt)!;
        const ledger: LedgerEntry[] = fullLedger.filter((e) => e.invoiceId === undefined || e.timestamp < period.startingAt);
        const indexes = [before.index, indexAfter(period)] as const;
        const plans = indexes.map((index) => planUsage({ contract, rateCard: index, period })) as [ReturnType<typeof planUsage>, ReturnType<typeof planUsage>];
        const usage = await usageForPlan(db, row.customerId, combineUsagePlans(plans), metrics, (requests) => loadAll(loaders.usage, requests));
        const priced = [0, 1].map((i) => computeInvoice({ contract, rateCard: indexes[i]!, period, usage: usageOfPlan(plans[i]!, usage), ledger })) as [Invoice, Invoice];
        return { kind: "priced", customerName, row, period, priced } as const;
      } catch (error) {
        if (!(error instanceof BillingInputError)) throw error;
        return { kind: "skipped", skipped: { customerId: row.customerId, customerName, contractId: row.id, reason: error.message } } as const;
      }
    }),
  );

  const customers: CustomerImpact[] = [];
  const skipped: SkippedContract[] = [];
  const charges = new Map<string, ProductCharges>();
  for (const outcome of outcomes) {
    if (outcome.kind === "skipped") {
      skipped.push(outcome.skipped);
      continue;
    }
    const { customerName, row, period, priced: [was, is] } = outcome;
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
        const key = `${c.productId}|${c.creditType.id}`;
        const entry = charges.get(key) ?? { productId: c.productId, productName: productName(c.productId), creditType: c.creditType, before: ZERO, after: ZERO };
        entry[side] = entry[side].plus(c.total);
        charges.set(key, entry);
      }
    }
  }
  return { customers, skipped, products: [...charges.values()] };
}

const changedImpact = (c: CustomerImpact) => !c.charges.delta.isZero() || !c.billed.delta.isZero();

/** Totals per credit type of priced contracts, with how many changed: summed over batches, they give the run's. */
export function simulationTotals(customers: readonly CustomerImpact[]): (CurrencyTotal & { changed: number })[] {
  const totals = new Map<string, { creditType: CreditType; customers: CustomerImpact[] }>();
  for (const c of customers) {
    const entry = totals.get(c.creditType.id) ?? { creditType: c.creditType, customers: [] };
    entry.customers.push(c);
    totals.set(c.creditType.id, entry);
  }
  const sum = (list: CustomerImpact[], pick: (c: CustomerImpact) => Decimal) => list.reduce((total, c) => total.plus(pick(c)), ZERO);
  return [...totals.values()].map(({ creditType, customers: list }) => ({
    creditType,
    customers: list.length,
    changed: list.filter(changedImpact).length,
    charges: amounts(sum(list, (c) => c.charges.before), sum(list, (c) => c.charges.after)),
    billed: amounts(sum(list, (c) => c.billed.before), sum(list, (c) => c.billed.after)),
  }));
}

/** Products ordered as the results show them: largest change first. */
export function productImpacts(products: readonly ProductCharges[]): ProductImpact[] {
  return products
    .map((c) => ({ productId: c.productId, productName: c.productName, creditType: c.creditType, ...amounts(c.before, c.after) }))
    .sort((a, b) => byMagnitude(a.delta, b.delta) || a.productName.localeCompare(b.productName));
}

/** Everything priced, added up and ordered as the results show it. */
export function summarizeSimulation(plan: SimulationPlan, priced: PricedContracts): PriceSimulation {
  const customers = [...priced.customers].sort((a, b) => byMagnitude(a.charges.delta, b.charges.delta) || a.customerName.localeCompare(b.customerName));
  const changed = customers.filter(changedImpact);
  return {
    rateCard: plan.rateCard,
    proposal: plan.proposal,
    periodAt: plan.periodAt,
    totals: simulationTotals(customers).map(({ changed: _changed, ...total }) => total),
    products: productImpacts(priced.products),
    customers,
    mostAffected: {
      byAmount: changed.slice(0, MOST_AFFECTED),
      byPercent: [...changed]
        .filter((c) => c.charges.deltaPercent !== null)
        .sort((a, b) => byMagnitude(a.charges.deltaPercent, b.charges.deltaPercent) || a.customerName.localeCompare(b.customerName))
        .slice(0, MOST_AFFECTED),
    },
    skipped: priced.skipped,
  };
}

/** The whole simulation in one go, for a card with few contracts (larger ones run as a stored run: run-simulation.ts). */
export async function simulatePriceChange(ctx: ServiceContext, input: TSimulatePriceChange, now = new Date()): Promise<PriceSimulation> {
  const plan = await planSimulation(ctx.db, input, now);
  const contracts = await ctx.db.contract.findMany({ where: simulatedContractsWhere(plan), orderBy: { id: "asc" }, select: { id: true, customerId: true, customer: { select: { name: true } } } });
  const priced = await priceContracts(ctx.db, plan, contracts.map((c) => ({ id: c.id, customerId: c.customerId, customerName: c.customer.name })));
  return summarizeSimulation(plan, priced);
}
