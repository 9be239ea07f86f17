import type { ServiceContext } from "@/lib/services/context";

/** The latest changes to a customer and to everything that belongs to it, newest first. */
export function listCustomerAuditEntries(ctx: ServiceContext, customerId: string, limit: number) {
  return ctx.db.auditLogEntry.findMany({
    where: { OR: [{ customerId }, { objectId: customerId }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, actorType: true, actorName: true, action: true, objectType: true, objectId: true, before: true, after: true, createdAt: true },
  });
}
