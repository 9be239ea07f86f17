import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { toPackageRecords } from "./get-package";
import { PACKAGE_SELECT } from "./package-record";
import { ZListPackages, type TListPackages } from "./schemas";

/** POST /v1/packages/list: oldest first, in cursor pages; live packages unless archive_filter says otherwise. */
export async function listPackages(ctx: ServiceContext, input: TListPackages) {
  const q = parseInput(ZListPackages, input);
  const keyset = keysetQuery("createdAt", "id", "asc", decodeKeysetCursor(q.next_page, "instant", "uuid"));
  const archived: Prisma.PackageWhereInput = q.archive_filter === "ALL" ? {} : { archivedAt: q.archive_filter === "ARCHIVED" ? { not: null } : null };
  const rows = await ctx.db.package.findMany({
    where: { AND: [archived, keyset.where as Prisma.PackageWhereInput] },
    orderBy: keyset.orderBy as Prisma.PackageOrderByWithRelationInput[],
    take: q.limit + 1,
    select: PACKAGE_SELECT,
  });
  const page = toPage(rows, q.limit, (row) => keysetCursor({ key: row.createdAt, id: row.id }));
  return { data: await toPackageRecords(ctx.db, page.data), next_page: page.next_page };
}
