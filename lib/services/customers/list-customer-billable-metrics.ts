import type { Prisma } from "@/lib/db/generated/client";
import { BILLABLE_METRIC_SELECT, toBillableMetricRecord } from "@/lib/services/billable-metrics/billable-metric-record";
import type { ServiceContext } from "@/lib/services/context";
import { archivedFilter, nameOrCreatedKeyset, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { readCustomer } from "./customer-record";
import { ZListCustomerBillableMetrics, type TListCustomerBillableMetrics } from "./schemas";

type Db = Prisma.TransactionClient;

const inForceAt = (now: Date) => ({ startingAt: { lte: now }, OR: [{ endingBefore: null }, { endingBefore: { gt: now } }] });

/**
 * The metrics that meter the customer's current plan: those of the products its contracts in
 * force at `now` are entitled to on their rate cards, each product read as of `now`.
 */
async function currentPlanMetricIds(db: Db, customerId: string, now: Date): Promise<string[]> {
  const contracts = await db.contract.findMany({
    where: { customerId, archivedAt: null, rateCardId: { not: null }, ...inForceAt(now) },
    select: { rateCardId: true },
  });
  const rates = await db.rate.findMany({
    where: { rateCardId: { in: contracts.map((c) => c.rateCardId!) }, entitled: true, ...inForceAt(now) },
    select: { productId: true },
    distinct: ["productId"],
  });
  const versions = await db.productVersion.findMany({
    where: { productId: { in: rates.map((r) => r.productId) }, startingAt: { lte: now } },
    orderBy: [{ productId: "asc" }, { startingAt: "desc" }],
    select: { productId: true, billableMetricId: true },
  });
  const current = new Map<string, string | null>();
  for (const v of versions) if (!current.has(v.productId)) current.set(v.productId, v.billableMetricId);
  return [...new Set([...current.values()].filter((id): id is string => id !== null))];
}

/**
 * Metronome's "billable metrics available for a customer": every metric, or with
 * `on_current_plan` only those metering the customer's current contracts.
 */
export async function listCustomerBillableMetrics(ctx: ServiceContext, customerId: string, params: TListCustomerBillableMetrics, now: Date) {
  const input = parseInput(ZListCustomerBillableMetrics, params);
  const customer = await readCustomer(ctx.db, customerId);
  const onPlan = input.on_current_plan ? await currentPlanMetricIds(ctx.db, customer.id, now) : undefined;
  const keyset = nameOrCreatedKeyset<Prisma.BillableMetricWhereInput, Prisma.BillableMetricOrderByWithRelationInput>({ sort: "created_at", order: "asc", next_page: input.next_page, limit: input.limit });
  const filters: Prisma.BillableMetricWhereInput[] = [archivedFilter(input.include_archived), onPlan ? { id: { in: onPlan } } : {}, keyset.where];
  const rows = await ctx.db.billableMetric.findMany({ where: { AND: filters }, ...keyset.query, select: BILLABLE_METRIC_SELECT });
  return toPage(rows.map(toBillableMetricRecord), input.limit, keyset.cursorOf);
}
