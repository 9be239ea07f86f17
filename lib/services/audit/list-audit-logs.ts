import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage, ZPageParams } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";

export const ZListAuditLogs = ZPageParams.extend({
  starting_on: z.iso.datetime({ offset: true }).optional(),
  ending_before: z.iso.datetime({ offset: true }).optional(),
  resource_type: z.string().min(1).max(200).optional(),
  resource_id: z.string().min(1).max(200).optional(),
  sort: z.enum(["date_asc", "date_desc"]).default("date_desc"),
}).strict();
export type TListAuditLogs = z.input<typeof ZListAuditLogs>;

const SELECT = { id: true, actorType: true, actorId: true, actorName: true, action: true, objectType: true, objectId: true, createdAt: true } as const;
export type AuditLogRow = Prisma.AuditLogEntryGetPayload<{ select: typeof SELECT }>;

/** GET /v1/auditLogs: the audit trail the services record, in cursor pages by time. */
export async function listAuditLogs(ctx: ServiceContext, params: TListAuditLogs | unknown) {
  const input = parseInput(ZListAuditLogs, params);
  const from = input.starting_on ? new Date(input.starting_on) : undefined;
  const until = input.ending_before ? new Date(input.ending_before) : undefined;
  if (from && until && from >= until) throw new AppError("bad_request", "starting_on must be before ending_before.");
  const order = input.sort === "date_asc" ? "asc" : "desc";
  const keyset = keysetQuery("createdAt", "id", order, decodeKeysetCursor(input.next_page, "instant", "uuid"));
  const rows = await ctx.db.auditLogEntry.findMany({
    where: {
      AND: [
        input.resource_type ? { objectType: input.resource_type } : {},
        input.resource_id ? { objectId: input.resource_id } : {},
        from ? { createdAt: { gte: from } } : {},
        until ? { createdAt: { lt: until } } : {},
        keyset.where as Prisma.AuditLogEntryWhereInput,
      ],
    },
    orderBy: keyset.orderBy as Prisma.AuditLogEntryOrderByWithRelationInput[],
    take: input.limit + 1,
    select: SELECT,
  });
  return toPage(rows, input.limit, (e) => keysetCursor({ key: e.createdAt, id: e.id }));
}
