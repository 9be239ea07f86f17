import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { ZId } from "@/lib/services/zod-fields";
import { CUSTOMER_SELECT, toCustomerRecord } from "./customer-record";
import { ZListCustomers, type TListCustomers } from "./schemas";

/** Live customers (or only archived ones), filtered as Metronome's list is, in cursor pages. */
export async function listCustomers(ctx: ServiceContext, params: TListCustomers) {
  const input = parseInput(ZListCustomers, params);
  const column = input.sort === "name" ? "name" : "createdAt";
  const after = decodeKeysetCursor(input.next_page, input.sort === "name" ? "text" : "instant", "uuid");
  const keyset = keysetQuery(column, "id", input.order, after);
  const search = input.search || undefined;
  const filters: Prisma.CustomerWhereInput[] = [
    { archivedAt: input.only_archived ? { not: null } : null },
    input.customer_ids ? { id: { in: input.customer_ids } } : {},
    input.ingest_alias !== undefined ? { aliases: { some: { alias: input.ingest_alias } } } : {},
    input.salesforce_account_ids?.length ? { id: { in: [] } } : {},
    search
      ? {
          OR: [
            { name: { contains: search, mode: "insensitive" } },
            { aliases: { some: { alias: { contains: search, mode: "insensitive" } } } },
            ...(ZId.safeParse(search).success ? [{ id: search }] : []),
          ],
        }
      : {},
    keyset.where as Prisma.CustomerWhereInput,
  ];
  const rows = await ctx.db.customer.findMany({
    where: { AND: filters },
    orderBy: keyset.orderBy as Prisma.CustomerOrderByWithRelationInput[],
    take: input.limit + 1,
    select: CUSTOMER_SELECT,
  });
  return toPage(rows.map(toCustomerRecord), input.limit, (c) => keysetCursor({ key: input.sort === "name" ? c.name : c.createdAt, id: c.id }));
}
