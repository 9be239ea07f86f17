import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { archivedFilter, nameOrCreatedKeyset, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { BILLABLE_METRIC_SELECT, toBillableMetricRecord } from "./billable-metric-record";
import { ZListBillableMetrics, type TListBillableMetrics } from "./schemas";

/** Live metrics (archived ones too on request), in cursor pages. */
export async function listBillableMetrics(ctx: ServiceContext, params: TListBillableMetrics) {
  const input = parseInput(ZListBillableMetrics, params);
  const keyset = nameOrCreatedKeyset<Prisma.BillableMetricWhereInput, Prisma.BillableMetricOrderByWithRelationInput>(input);
  const filters: Prisma.BillableMetricWhereInput[] = [
    archivedFilter(input.include_archived),
    input.search ? { name: { contains: input.search, mode: "insensitive" } } : {},
    keyset.where,
  ];
  const rows = await ctx.db.billableMetric.findMany({ where: { AND: filters }, ...keyset.query, select: BILLABLE_METRIC_SELECT });
  return toPage(rows.map(toBillableMetricRecord), input.limit, keyset.cursorOf);
}
