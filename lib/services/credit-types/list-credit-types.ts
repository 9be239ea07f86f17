import { fromDb } from "@/lib/db/decimal";
import type { ServiceContext } from "@/lib/services/context";
import { decodeCursor, toPage, ZPageParams, type TPageParams } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";

export async function listCreditTypes(ctx: ServiceContext, params: TPageParams) {
  const { limit, next_page } = parseInput(ZPageParams, params);
  const after = decodeCursor(next_page, ["id"] as const, ["id"]);
  const rows = await ctx.db.creditType.findMany({
    where: { archivedAt: null, ...(after ? { id: { gt: after.id } } : {}) },
    orderBy: { id: "asc" },
    take: limit + 1,
    select: { id: true, name: true, isFiat: true, precision: true, fiatCreditTypeId: true, fiatConversionRate: true },
  });
  return toPage(
    rows.map((row) => ({ ...row, fiatConversionRate: fromDb(row.fiatConversionRate) })),
    limit,
    (row) => ({ id: row.id }),
  );
}
