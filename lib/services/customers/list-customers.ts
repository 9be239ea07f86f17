import type { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { ZId } from "@/lib/services/zod-fields";
import { CUSTOMER_SELECT, toCustomerRecord } from "./customer-record";
import { ZListCustomers, type TListCustomers } from "./schemas";

/** Live customers (or only archived ones), filtered as Metronome's list is, in cursor pages. */
export async function listCustomers(ctx: ServiceContext, params: TListCustomers) {
  const input = parseInput(ZListCustomers, params);
  if (input.sort === "charges" || input.sort === "remaining") return listByStanding(ctx, input, input.sort);
  const column = input.sort === "name" ? "name" : "createdAt";
  const after = decodeKeysetCursor(input.next_page, input.sort === "name" ? "text" : "instant", "uuid");
  const keyset = keysetQuery(column, "id", input.order, after);
  const rows = await ctx.db.customer.findMany({
    where: { AND: [...customerFilters(input), keyset.where as Prisma.CustomerWhereInput] },
    orderBy: keyset.orderBy as Prisma.CustomerOrderByWithRelationInput[],
    take: input.limit + 1,
    select: CUSTOMER_SELECT,
  });
  return toPage(rows.map(toCustomerRecord), input.limit, (c) => keysetCursor({ key: input.sort === "name" ? c.name : c.createdAt, id: c.id }));
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Sorted by a stored figure (customer_billing_state's indexed sort keys); customers not priced yet are not listed until they are. */
async function listByStanding(ctx: ServiceContext, input: z.output<typeof ZListCustomers>, sort: "charges" | "remaining") {
  const column = sort === "charges" ? "fiatCharges" : "fiatRemaining";
  const after = decodeKeysetCursor(input.next_page, "text", "uuid");
  if (after && !DECIMAL.test(after.key as string)) throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  const keyset = keysetQuery(column, "customerId", input.order, after);
  const rows = await ctx.db.customerBillingState.findMany({
    where: { AND: [{ customer: { AND: customerFilters(input) } }, keyset.where as Prisma.CustomerBillingStateWhereInput] },
    orderBy: keyset.orderBy as Prisma.CustomerBillingStateOrderByWithRelationInput[],
    take: input.limit + 1,
    select: { fiatCharges: true, fiatRemaining: true, customer: { select: CUSTOMER_SELECT } },
  });
  const page = toPage(rows, input.limit, (r) => keysetCursor({ key: fromDb(r[column]).toFixed(), id: r.customer.id }));
  return { data: page.data.map((r) => toCustomerRecord(r.customer)), next_page: page.next_page };
}

function customerFilters(input: z.output<typeof ZListCustomers>): Prisma.CustomerWhereInput[] {
  const search = input.search || undefined;
  return [
    { archivedAt: input.only_archived ? { not: null } : null },
    input.customer_ids ? { id: { in: input.customer_ids } } : {},
    input.ingest_alias !== undefined ? { aliases: { some: { alias: input.ingest_alias } } } : {},
    input.salesforce_account_ids?.length ? { salesforceAccountId: { in: input.salesforce_account_ids } } : {},
    search
      ? {
          OR: [
            { name: { contains: search, mode: "insensitive" } },
            { aliases: { some: { alias: { contains: search, mode: "insensitive" } } } },
            ...(ZId.safeParse(search).success ? [{ id: search }] : []),
          ],
        }
      : {},
  ];
}
