import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { archivedFilter, nameOrCreatedKeyset, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { RATE_CARD_SELECT, toRateCardRecords } from "./rate-card-record";
import { ZListRateCards, type TListRateCards } from "./schemas";

/** Live rate cards (archived ones too on request), in cursor pages. */
export async function listRateCards(ctx: ServiceContext, params: TListRateCards) {
  const input = parseInput(ZListRateCards, params);
  const keyset = nameOrCreatedKeyset<Prisma.RateCardWhereInput, Prisma.RateCardOrderByWithRelationInput>(input);
  const filters: Prisma.RateCardWhereInput[] = [
    archivedFilter(input.include_archived),
    input.search ? { name: { contains: input.search, mode: "insensitive" } } : {},
    keyset.where,
  ];
  const rows = await ctx.db.rateCard.findMany({ where: { AND: filters }, ...keyset.query, select: RATE_CARD_SELECT });
  return toPage(await toRateCardRecords(ctx.db, rows), input.limit, keyset.cursorOf);
}
