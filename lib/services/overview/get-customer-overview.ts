import { sum, type Decimal } from "@/lib/billing/decimal";
import type { CreditType } from "@/lib/billing/types";
import { fromDb } from "@/lib/db/decimal";
import { buckets as bucketsOf, queryUsageBatch, type UsageRequest } from "@/lib/metering/usage-query";
import { balanceRecords, type BalanceRecord } from "@/lib/services/balances/balance-record";
import type { ServiceContext } from "@/lib/services/context";
import { findContracts, type ContractSummary } from "@/lib/services/contracts/find-contracts";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { currentSpan, usageWindowSize } from "@/lib/services/invoices/current-period";
import type { OpenDraft } from "@/lib/services/invoices/open-draft";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { periodSpend, readStandings, type PeriodSpend } from "./customer-standing";

// What the console's customer page shows about billing: contracts, the live drafts and the
// stored invoices, this period's usage per billable metric, and every commit and credit with its
// ledger. The drafts are priced once and feed the invoices, the spend and the balances.

const PAST_INVOICES = 24;

export type CustomerInvoiceSummary = {
  id: string;
  status: "DRAFT" | "FINALIZED" | "VOID";
  type: "USAGE" | "SCHEDULED" | "THRESHOLD";
  contractId: string | null;
  creditType: CreditType;
  startingAt: Date;
  endingBefore: Date;
  issuedAt: Date | null;
  total: Decimal;
};

export type CustomerUsage = {
  windowSize: "HOUR" | "DAY";
  period: { startingAt: Date; endingBefore: Date };
  /** Bucket starts over the whole period; values are null for buckets that have not begun. */
  buckets: Date[];
    /** `total`: the period's value so far (for MAX the period's maximum, not a sum of the buckets). */
  metrics: { id: string; name: string; aggregationType: string; products: string[]; total: Decimal; values: (Decimal | null)[] }[];
};

export type CustomerBalance = BalanceRecord & { granted: Decimal; used: Decimal; remaining: Decimal };

export type CustomerOverview = {
  contracts: ContractSummary[];
  /** Null when the customer's contract cannot be priced: the reason. */
  pricingError: string | null;
  spend: PeriodSpend[];
  drafts: CustomerInvoiceSummary[];
  invoices: CustomerInvoiceSummary[];
  usage: CustomerUsage | null;
  balances: CustomerBalance[];
};

export async function getCustomerOverview(ctx: ServiceContext, customerId: string, now = new Date()): Promise<CustomerOverview> {
  const customer = await readCustomer(ctx.db, customerId);
  const contracts = await findContracts(ctx, { customerId: customer.id, limit: 100 }, now);
  const result = (await readStandings(ctx.db, [customer.id], now)).get(customer.id)!;
  const stored = await ctx.db.invoice.findMany({
    where: { customerId: customer.id, status: { in: ["FINALIZED", "VOID"] } },
    orderBy: [{ endTimestamp: "desc" }, { id: "desc" }],
    take: PAST_INVOICES,
    select: { id: true, status: true, type: true, contractId: true, creditTypeId: true, startTimestamp: true, endTimestamp: true, issuedAt: true, total: true },
  });
  const creditTypes = await readCreditTypes(ctx.db, stored.map((i) => i.creditTypeId));
  const invoices: CustomerInvoiceSummary[] = stored.map((i) => ({
    id: i.id,
    status: i.status as "FINALIZED" | "VOID",
    type: i.type,
    contractId: i.contractId,
    creditType: creditTypes.get(i.creditTypeId)!,
    startingAt: i.startTimestamp,
    endingBefore: i.endTimestamp,
    issuedAt: i.issuedAt,
    total: fromDb(i.total),
  }));
  if (!result.ok) {
    return { contracts: contracts.data, pricingError: result.message, spend: [], drafts: [], invoices, usage: null, balances: [] };
  }
  const { standing } = result;
  const drafts: CustomerInvoiceSummary[] = standing.drafts.map((d) => ({
    id: d.id,
    status: "DRAFT",
    type: d.type,
    contractId: d.billing.row.id,
    creditType: d.invoice.creditType,
    startingAt: d.invoice.startingAt,
    endingBefore: d.invoice.endingBefore,
    issuedAt: null,
    total: d.invoice.total,
  }));
  const records = standing.state ? await balanceRecords(ctx.db, standing.rows, now, standing.state, true) : [];
  const balances = records.flatMap((record) => {
    const balance = standing.state!.balances.get(record.id);
    return balance ? [{ ...record, granted: balance.granted, used: balance.used, remaining: balance.remaining }] : [];
  });
  return { contracts: contracts.data, pricingError: null, spend: periodSpend(standing), drafts, invoices, usage: await currentUsage(ctx, customer.id, standing.current, now), balances };
}

/** This period's usage of every metric the current drafts bill, per day (per hour in short periods). */
async function currentUsage(
  ctx: ServiceContext,
  customerId: string,
  current: readonly OpenDraft[],
  now: Date,
): Promise<CustomerUsage | null> {
  const span = currentSpan(current);
  if (!span) return null;
  const { startingAt, endingBefore } = span;
  const windowSize = usageWindowSize(span);
  const metrics = new Map<string, { metric: UsageRequest["metric"]; products: Set<string> }>();
  for (const draft of current) {
    for (const product of draft.pricing.products.values()) {
      const metric = product.type === "USAGE" && product.billableMetricId ? draft.pricing.metrics.get(product.billableMetricId) : undefined;
      if (!metric) continue;
      const entry = metrics.get(metric.id) ?? { metric, products: new Set<string>() };
      entry.products.add(product.name);
      metrics.set(metric.id, entry);
    }
  }
  const list = [...metrics.values()].sort((a, b) => a.metric.name.localeCompare(b.metric.name));
  // The buckets, then each metric's period value: read whole, as the invoice reads it, since a
  // maximum, a distinct count or a latest value is not the sum of its buckets.
  const requests = list.map(({ metric }) => ({ customerId, metric, startingOn: startingAt, endingBefore: now < endingBefore ? now : endingBefore, windowSize }));
  const results = await queryUsageBatch(ctx.db, [...requests, ...requests.map((r) => ({ ...r, windowSize: "NONE" as const }))]);
  const starts = bucketsOf(startingAt, endingBefore, windowSize).map((b) => b.startingOn);
  return {
    windowSize,
    period: { startingAt, endingBefore },
    buckets: starts,
    metrics: list.map(({ metric, products }, i) => {
      const byStart = new Map(results[i]!.map((b) => [b.startingOn.getTime(), sum(b.groups.map((g) => g.value))]));
      const values = starts.map((s) => (s <= now ? (byStart.get(s.getTime()) ?? sum([])) : null));
      return {
        id: metric.id,
        name: metric.name,
        aggregationType: metric.aggregationType,
        products: [...products].sort(),
        total: results[list.length + i]![0]?.groups[0]?.value ?? sum([]),
        values,
      };
    }),
  };
}
