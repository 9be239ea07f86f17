import { balanceSegments, drawDown, segmentRemaining, type BalanceSegment, type Charge, type Draw } from "./balances";
import { compositeLines } from "./composite-charges";
import { contractPricing, type ContractPricing } from "./contract-pricing";
import { validateContract, type Commit, type Contract, type Credit, type Subscription } from "./contract-terms";
import { type Decimal, sum, ZERO } from "./decimal";
import { applyPercentageDiscounts, capAmountDiscounts } from "./discounts";
import { BillingInputError } from "./errors";
import type { ChildStatement } from "./hierarchy";
import { isAdjustmentLine } from "./line-items";
import { inProductOrder } from "./ordering";
import { roundLineTotal, sameCreditType } from "./money";
import { assertPeriodInContract } from "./periods";
import { withPriceDetails } from "./rate-types";
import { productOf, type RateCardIndex } from "./rate-schedule";
import { scheduledChargeLines } from "./scheduled-charges";
import { usageInvoiceCharges } from "./scheduled-invoices";
import { subscriptionCharges } from "./subscriptions";
import type { CreditType, Invoice, LedgerEntry, LineItem, UsageRecord, Window } from "./types";
import { priceUsage } from "./usage-charges";

/**
 * Invoice assembly, in the order a finance team would check it:
 * 1. charges: usage (per product, group, window), composite percentages, subscriptions
 *    (scheduled charges and commit purchases are billed on their own SCHEDULED invoices:
 *    scheduled-invoices.ts, but for those a contract puts on its usage invoices);
 * 2. percentage discounts on usage and subscription lines;
 * 3. prepaid commits and credits draw down what is left of those lines (negative lines);
 * 4. postpaid commits count what is still billed towards their minimum, and at their end the
 *    unspent remainder is billed as a true-up;
 * 5. negative scheduled charges, capped at what is left to bill;
 * 6. spend in a custom pricing unit that no balance covered is converted to fiat.
 * A parent's invoice also carries its children's charges (hierarchy.ts), after its own: they are
 * drawn down by its balances with its own charges, but not discounted by its percentage discounts.
 * Every line is rounded once (money.ts); the total is the sum of the lines in the invoice's
 * credit type and is never negative.
 */

export interface InvoiceInput {
  contract: Contract;
  rateCard: RateCardIndex;
  /** Usually a billing period (periods.ts); any hour-aligned range of the contract works. */
  period: Window;
  /** Shaped like `planUsage` asks: per product, group values and window. */
  usage: readonly UsageRecord[];
  /** What finalized invoices and manual adjustments already did to balances. */
  ledger?: readonly LedgerEntry[];
  /** A parent's children whose statements it consolidates, priced on their own contracts for this period (hierarchy.ts). */
  children?: readonly ChildStatement[];
}

function subscriptionLines(pricing: ContractPricing, subscription: Subscription, period: Window): LineItem[] {
  const product = productOf(pricing.index, subscription.productId);
  const resolver = pricing.rateResolver(product, {}, subscription.billingFrequency);
  const rateAt = (at: Date) => {
    const rate = resolver(at);
    if (typeof rate === "string") {
      throw new BillingInputError(
        `subscription ${subscription.id}: no entitled ${subscription.billingFrequency} rate for ${product.id} at ${at.toISOString()}`,
      );
    }
    return rate;
  };
  return subscriptionCharges(subscription, pricing.contract, period, rateAt).map((charge) => {
    const line: LineItem = {
      type: "SUBSCRIPTION",
      name: subscription.name ?? product.name,
      productId: product.id,
      subscriptionId: subscription.id,
      startingAt: charge.startingAt,
      endingBefore: charge.endingBefore,
      quantity: charge.quantity,
      isProrated: charge.isProrated,
      creditType: charge.creditType,
      total: roundLineTotal(charge.amount, charge.creditType),
    };
    return withPriceDetails(line, charge);
  });
}

/** What prepaid balances left of each charge: the spend a postpaid commit counts. */
function chargesLeft(charges: readonly Charge[], draws: readonly Draw[]): Charge[] {
  const left = charges.map((charge) => ({ ...charge }));
  for (const draw of draws) left[draw.chargeIndex]!.amount = left[draw.chargeIndex]!.amount.minus(draw.amount);
  return left;
}

function segmentWindow(segment: BalanceSegment, period: Window): Window {
  return {
    startingAt: segment.item.startingAt > period.startingAt ? segment.item.startingAt : period.startingAt,
    endingBefore: segment.item.endingBefore < period.endingBefore ? segment.item.endingBefore : period.endingBefore,
  };
}

function drawnBySegment(draws: readonly Draw[]): Map<BalanceSegment, Decimal> {
  const drawn = new Map<BalanceSegment, Decimal>();
  for (const draw of draws) drawn.set(draw.segment, (drawn.get(draw.segment) ?? ZERO).plus(draw.amount));
  return drawn;
}

function deduction(segment: BalanceSegment, amount: Decimal, period: Window, type: LedgerEntry["type"]): LedgerEntry {
  return {
    commitId: segment.owner.id,
    segmentId: segment.item.id,
    type,
    amount: ZERO.minus(amount),
    timestamp: segmentWindow(segment, period).startingAt,
  };
}

function ownerName(pricing: ContractPricing, owner: Commit | Credit): string {
  return owner.name ?? productOf(pricing.index, owner.productId).name;
}

function applicationLines(pricing: ContractPricing, draws: readonly Draw[], period: Window): LineItem[] {
  return [...drawnBySegment(draws)].map(([segment, amount]) => ({
    type: "APPLIED_COMMIT_OR_CREDIT",
    name: ownerName(pricing, segment.owner),
    productId: segment.owner.productId,
    commitId: segment.owner.id,
    segmentId: segment.item.id,
    commitType: segment.kind,
    ...segmentWindow(segment, period),
    creditType: segment.creditType,
    total: ZERO.minus(amount),
  }));
}

/** A postpaid commit is trued up on the invoice whose period holds its end (or the contract's). */
function trueUps(
  pricing: ContractPricing,
  segments: readonly BalanceSegment[],
  postpaidDraws: readonly Draw[],
  period: Window,
): { lines: LineItem[]; entries: LedgerEntry[] } {
  const drawn = drawnBySegment(postpaidDraws);
  const lines: LineItem[] = [];
  const entries: LedgerEntry[] = [];
  for (const commit of pricing.contract.commits ?? []) {
    const own = segments.filter((segment) => segment.owner === commit);
    if (commit.type !== "POSTPAID" || own.length === 0) continue;
    const accessEnd = Math.max(...own.map((segment) => segment.item.endingBefore.getTime()));
    const contractEnd = pricing.contract.endingBefore?.getTime() ?? accessEnd;
    const dueAt = Math.min(accessEnd, contractEnd);
    if (!(dueAt > period.startingAt.getTime() && dueAt <= period.endingBefore.getTime())) continue;
    let shortfall = ZERO;
    for (const segment of own) {
      const unspent = segmentRemaining(segment).minus(drawn.get(segment) ?? ZERO);
      if (unspent.isZero()) continue;
      shortfall = shortfall.plus(unspent);
      entries.push({ ...deduction(segment, unspent, period, "TRUEUP"), timestamp: new Date(dueAt) });
    }
    if (shortfall.isZero()) continue;
    lines.push({
      type: "POSTPAID_TRUEUP",
      name: ownerName(pricing, commit),
      productId: commit.productId,
      commitId: commit.id,
      commitType: "POSTPAID",
      startingAt: new Date(dueAt),
      endingBefore: new Date(dueAt),
      creditType: own[0]!.creditType,
      total: shortfall,
    });
  }
  return { lines, entries };
}

function conversionLines(index: RateCardIndex, lines: readonly LineItem[], period: Window): LineItem[] {
  const fiat = index.fiatCreditType;
  const left = new Map<string, { creditType: CreditType; amount: Decimal }>();
  for (const line of lines) {
    if (sameCreditType(line.creditType, fiat)) continue;
    const entry = left.get(line.creditType.id) ?? { creditType: line.creditType, amount: ZERO };
    entry.amount = entry.amount.plus(line.total);
    left.set(line.creditType.id, entry);
  }
  const conversions: LineItem[] = [];
  for (const { creditType, amount } of left.values()) {
    if (!amount.gt(0)) continue;
    const conversion = index.rateCard.creditTypeConversions?.find((c) => sameCreditType(c.customCreditType, creditType));
    if (conversion === undefined) {
      throw new BillingInputError(`rate card ${index.rateCard.id} has no fiat conversion for ${creditType.name}`);
    }
    conversions.push({
      type: "CPU_CONVERSION",
      name: `${creditType.name} in ${fiat.name}`,
      ...period,
      quantity: amount,
      unitPrice: conversion.fiatPerCustomCredit,
      creditType: fiat,
      total: roundLineTotal(amount.times(conversion.fiatPerCustomCredit), fiat),
    });
  }
  return conversions;
}

/** A draft or final invoice for one period of a contract. Pure: same input, same invoice. */
export function computeInvoice(input: InvoiceInput): Invoice {
  const { contract, rateCard: index, period } = input;
  validateContract(contract, index);
  assertPeriodInContract(contract, period);
  const pricing = contractPricing(contract, index);

  const usage = priceUsage(pricing, period, input.usage);
  const subscriptions = (contract.subscriptions ?? []).flatMap((s) => subscriptionLines(pricing, s, period));
  const composites = compositeLines(pricing, period, [...usage.lines, ...subscriptions]);
  const drawable = [...usage.lines, ...composites, ...subscriptions];
  const amountDiscounts = scheduledChargeLines(contract, index, period).amountDiscounts;

  const { discountLines, net } = applyPercentageDiscounts(contract, index, period, drawable);

  const segments = balanceSegments(contract, input.ledger ?? [], index.fiatCreditType);
  const consolidated = (input.children ?? []).flatMap((child) => child.charges);
  const charges: Charge[] = [
    ...drawable.map((line, i) => ({
      product: productOf(index, line.productId!),
      creditType: line.creditType,
      at: line.startingAt,
      amount: net[i]!,
      pricingGroupValues: line.pricingGroupValues,
      presentationGroupValues: line.presentationGroupValues,
    })),
    ...consolidated.map(({ line, product }) => ({
      product,
      creditType: line.creditType,
      at: line.startingAt,
      amount: line.total,
      pricingGroupValues: line.pricingGroupValues,
      presentationGroupValues: line.presentationGroupValues,
    })),
  ];
  const prepaidDraws = drawDown(
    segments.filter((segment) => segment.kind !== "POSTPAID"),
    charges,
  );
  const postpaid = segments.filter((segment) => segment.kind === "POSTPAID");
  const postpaidDraws = postpaid.length === 0 ? [] : drawDown(postpaid, chargesLeft(charges, prepaidDraws));
  const trueUp = trueUps(pricing, segments, postpaidDraws, period);

  const beforeAmountDiscounts = [
    ...drawable,
    ...consolidated.map((charge) => charge.line),
    ...usageInvoiceCharges(contract, index, period),
    ...trueUp.lines,
    ...discountLines,
    ...applicationLines(pricing, prepaidDraws, period),
  ];
  const computed = [...beforeAmountDiscounts, ...capAmountDiscounts(amountDiscounts, beforeAmountDiscounts)];
  computed.push(...conversionLines(index, computed, period));
  // Presentation only, after every amount is known: the charges in the card's product order.
  const lines = [...inProductOrder(computed.slice(0, drawable.length), index.rateCard.productOrder), ...computed.slice(drawable.length)];

  const charged: Decimal[] = [];
  const adjusted: Decimal[] = [];
  for (const line of lines) {
    if (sameCreditType(line.creditType, index.fiatCreditType)) (isAdjustmentLine(line.type) ? adjusted : charged).push(line.total);
  }
  const subtotal = sum(charged);
  return {
    contractId: contract.id,
    ...period,
    creditType: index.fiatCreditType,
    lines,
    subtotal,
    total: subtotal.plus(sum(adjusted)),
    ledgerEntries: [
      ...[...drawnBySegment([...prepaidDraws, ...postpaidDraws])].map(([segment, amount]) =>
        deduction(segment, amount, period, "INVOICE_DEDUCTION"),
      ),
      ...trueUp.entries,
    ],
    unbilledUsage: usage.unbilled,
  };
}
