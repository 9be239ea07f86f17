import type { Contract } from "../contract-terms";
import { Decimal } from "../decimal";
import { computeInvoice } from "../invoice";
import { indexRateCard, type RateCardIndex } from "../rate-schedule";
import type {
  AggregationType,
  BillableMetric,
  GroupValues,
  Invoice,
  LedgerEntry,
  Product,
  Rate,
  RateCard,
  UsageEvent,
  UsageRecord,
  Window,
} from "../types";

/** Terse builders for engine tests; every default is the plainest valid value. */

type DecimalValue = string | number | Decimal;

export const d = (value: DecimalValue): Decimal => new Decimal(value);

/** `at("2024-01-31")` or `at("2024-01-31T05:00")`, always UTC. */
export const at = (iso: string): Date => new Date(iso.includes("T") ? `${iso}Z` : `${iso}T00:00Z`);

export const win = (from: string, to: string): Window => ({ startingAt: at(from), endingBefore: at(to) });

export function metric(id: string, aggregationType: AggregationType = "SUM", extra: Partial<BillableMetric> = {}): BillableMetric {
  return {
    id,
    name: id,
    aggregationType,
    ...(aggregationType === "COUNT" ? {} : { aggregationKey: "value" }),
    ...extra,
  };
}

export function usageProduct(id: string, extra: Partial<Product> = {}): Product {
  return { id, name: id, type: "USAGE", billableMetricId: `${id}-metric`, ...extra };
}

export function product(id: string, type: Product["type"], extra: Partial<Product> = {}): Product {
  return { id, name: id, type, ...extra };
}

export function flatRate(productId: string, price: DecimalValue, from = "2024-01-01", extra: Partial<Rate> = {}): Rate {
  return { productId, rateType: "FLAT", price: d(price), startingAt: at(from), entitled: true, ...extra } as Rate;
}

export function rateCard(rates: Rate[], extra: Partial<RateCard> = {}): RateCard {
  return { id: "rc", rates, ...extra };
}

/** Indexes a rate card, inventing a SUM metric for each usage product that names none given. */
export function index(card: RateCard, products: Product[], metrics: BillableMetric[] = []): RateCardIndex {
  const known = new Set(metrics.map((m) => m.id));
  const implied = products
    .filter((p) => p.type === "USAGE" && p.billableMetricId !== undefined && !known.has(p.billableMetricId))
    .map((p) => metric(p.billableMetricId!));
  return indexRateCard(card, products, [...metrics, ...implied]);
}

export function contract(extra: Partial<Contract> = {}): Contract {
  return {
    id: "contract",
    startingAt: at("2024-01-01"),
    usageStatementSchedule: { frequency: "MONTHLY", day: "CONTRACT_START" },
    ...extra,
  };
}

export function usage(
  productId: string,
  quantity: DecimalValue,
  window: Window,
  groupValues: GroupValues = {},
): UsageRecord {
  return { productId, groupValues, quantity: d(quantity), ...window };
}

export function event(
  transactionId: string,
  timestamp: string,
  properties: Record<string, unknown> = {},
  eventType = "api_call",
): UsageEvent {
  return { transactionId, customerId: "customer", eventType, timestamp: at(timestamp), properties };
}

export function invoice(
  rateCardIndex: RateCardIndex,
  terms: Contract,
  period: Window,
  records: UsageRecord[] = [],
  ledger: LedgerEntry[] = [],
): Invoice {
  return computeInvoice({ contract: terms, rateCard: rateCardIndex, period, usage: records, ledger });
}

/** A line's total as a plain string, for compact expectations. */
export const totals = (inv: Invoice): string[] => inv.lines.map((line) => `${line.type}:${line.total.toString()}`);
