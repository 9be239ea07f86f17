import type { ServiceContext } from "@/lib/services/context";

/** The object types the audit log holds, for the log's filter. */
export async function listAuditObjectTypes(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.db.auditLogEntry.findMany({ distinct: ["objectType"], select: { objectType: true }, orderBy: { objectType: "asc" } });
  return rows.map((r) => r.objectType);
}
