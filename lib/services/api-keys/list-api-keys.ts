import type { ServiceContext } from "@/lib/services/context";

export function listApiKeys(ctx: ServiceContext) {
  return ctx.db.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, scope: true, prefix: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
