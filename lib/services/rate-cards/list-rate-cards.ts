import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { RATE_CARD_SELECT, toRateCardRecords } from "./rate-card-record";
import { ZListRateCards, type TListRateCards } from "./schemas";

/** Live rate cards (archived ones too on request), in cursor pages. */
export async function listRateCards(ctx: ServiceContext, params: TListRateCards) {
  const input = parseInput(ZListRateCards, params);
  const byName = input.sort === "name";
  const keyset = keysetQuery(byName ? "name" : "createdAt", "id", input.order, decodeKeysetCursor(input.next_page, byName ? "text" : "instant", "uuid"));
  const filters: Prisma.RateCardWhereInput[] = [
    input.include_archived ? {} : { archivedAt: null },
    input.search ? { name: { contains: input.search, mode: "insensitive" } } : {},
    keyset.where as Prisma.RateCardWhereInput,
  ];
  const rows = await ctx.db.rateCard.findMany({
    where: { AND: filters },
    orderBy: keyset.orderBy as Prisma.RateCardOrderByWithRelationInput[],
    take: input.limit + 1,
    select: RATE_CARD_SELECT,
  });
  const cards = await toRateCardRecords(ctx.db, rows);
  return toPage(cards, input.limit, (card) => keysetCursor({ key: byName ? card.name : card.createdAt, id: card.id }));
}
