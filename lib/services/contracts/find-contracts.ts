import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";

export type ContractStatus = "upcoming" | "active" | "ended" | "archived";

export type ContractSummary = {
  id: string;
  name: string | null;
  customerId: string;
  customerName: string;
  rateCardId: string | null;
  rateCardName: string | null;
  startingAt: Date;
  endingBefore: Date | null;
  createdAt: Date;
  status: ContractStatus;
};

export type FindContractsParams = {
  /** Part of the contract's or its customer's name. */
  search?: string;
  customerId?: string;
  status?: ContractStatus | "live";
  next_page?: string;
  limit?: number;
};

/** Where a contract stands at `now`; archived wins over its dates. */
export function contractStatus(c: { startingAt: Date; endingBefore: Date | null; archivedAt: Date | null }, now: Date): ContractStatus {
  if (c.archivedAt) return "archived";
  if (c.startingAt > now) return "upcoming";
  if (c.endingBefore && c.endingBefore <= now) return "ended";
  return "active";
}

function statusWhere(status: FindContractsParams["status"], now: Date): Prisma.ContractWhereInput {
  switch (status) {
    case "archived":
      return { archivedAt: { not: null } };
    case "upcoming":
      return { archivedAt: null, startingAt: { gt: now } };
    case "active":
      return { archivedAt: null, startingAt: { lte: now }, OR: [{ endingBefore: null }, { endingBefore: { gt: now } }] };
    case "ended":
      return { archivedAt: null, endingBefore: { lte: now } };
    case "live":
      return { archivedAt: null };
    default:
      return {};
  }
}

/** Contracts across customers, newest first, in cursor pages (the console's contract list). */
export async function findContracts(ctx: ServiceContext, params: FindContractsParams, now: Date) {
  const limit = Math.min(Math.max(params.limit ?? 25, 1), 100);
  const after = decodeKeysetCursor(params.next_page, "instant", "uuid");
  const keyset = keysetQuery("createdAt", "id", "desc", after);
  const search = params.search?.trim();
  const rows = await ctx.db.contract.findMany({
    where: {
      AND: [
        statusWhere(params.status, now),
        params.customerId ? { customerId: params.customerId } : {},
        search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { customer: { name: { contains: search, mode: "insensitive" } } }] } : {},
        keyset.where as Prisma.ContractWhereInput,
      ],
    },
    orderBy: keyset.orderBy as Prisma.ContractOrderByWithRelationInput[],
    take: limit + 1,
    select: {
      id: true,
      name: true,
      customerId: true,
      customer: { select: { name: true } },
      rateCardId: true,
      rateCard: { select: { name: true } },
      startingAt: true,
      endingBefore: true,
      createdAt: true,
      archivedAt: true,
    },
  });
  const summaries: ContractSummary[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    customerId: r.customerId,
    customerName: r.customer.name,
    rateCardId: r.rateCardId,
    rateCardName: r.rateCard?.name ?? null,
    startingAt: r.startingAt,
    endingBefore: r.endingBefore,
    createdAt: r.createdAt,
    status: contractStatus(r, now),
  }));
  return toPage(summaries, limit, (c) => keysetCursor({ key: c.createdAt, id: c.id }));
}
