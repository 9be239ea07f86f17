import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { BILLABLE_METRIC_SELECT, toBillableMetricRecord } from "./billable-metric-record";
import { ZListBillableMetrics, type TListBillableMetrics } from "./schemas";

/** Live metrics (archived ones too on request), in cursor pages. */
export async function listBillableMetrics(ctx: ServiceContext, params: TListBillableMetrics) {
  const input = parseInput(ZListBillableMetrics, params);
  const byName = input.sort === "name";
  const keyset = keysetQuery(byName ? "name" : "createdAt", "id", input.order, decodeKeysetCursor(input.next_page, byName ? "text" : "instant", "uuid"));
  const filters: Prisma.BillableMetricWhereInput[] = [
    input.include_archived ? {} : { archivedAt: null },
    input.search ? { name: { contains: input.search, mode: "insensitive" } } : {},
    keyset.where as Prisma.BillableMetricWhereInput,
  ];
  const rows = await ctx.db.billableMetric.findMany({
    where: { AND: filters },
    orderBy: keyset.orderBy as Prisma.BillableMetricOrderByWithRelationInput[],
    take: input.limit + 1,
    select: BILLABLE_METRIC_SELECT,
  });
  return toPage(rows.map(toBillableMetricRecord), input.limit, (m) => keysetCursor({ key: byName ? m.name : m.createdAt, id: m.id }));
}
