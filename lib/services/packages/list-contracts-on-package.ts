import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { ZListContractsOnPackage, type TListContractsOnPackage } from "./schemas";

/**
 * POST /v1/packages/listContractsOnPackage: the contracts created from the package, oldest first;
 * `covering_date` keeps those in force then, `starting_at` those starting at or after it.
 */
export async function listContractsOnPackage(ctx: ServiceContext, input: TListContractsOnPackage) {
  const q = parseInput(ZListContractsOnPackage, input);
  if (!(await ctx.db.package.findUnique({ where: { id: q.package_id }, select: { id: true } }))) {
    throw new AppError("not_found", "No package has that package_id.", { package_id: "Unknown package" });
  }
  const keyset = keysetQuery("createdAt", "id", "asc", decodeKeysetCursor(q.next_page, "instant", "uuid"));
  const at = q.covering_date;
  const rows = await ctx.db.contract.findMany({
    where: {
      AND: [
        { packageId: q.package_id },
        q.include_archived ? {} : { archivedAt: null },
        at ? { startingAt: { lte: at }, OR: [{ endingBefore: null }, { endingBefore: { gt: at } }] } : {},
        q.starting_at ? { startingAt: { gte: q.starting_at } } : {},
        keyset.where as Prisma.ContractWhereInput,
      ],
    },
    orderBy: keyset.orderBy as Prisma.ContractOrderByWithRelationInput[],
    take: q.limit + 1,
    select: { id: true, customerId: true, startingAt: true, endingBefore: true, archivedAt: true, createdAt: true },
  });
  return toPage(rows, q.limit, (row) => keysetCursor({ key: row.createdAt, id: row.id }));
}
