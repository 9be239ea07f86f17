import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZRevokeApiKey, type TRevokeApiKey } from "./schemas";

export async function revokeApiKey(ctx: ServiceContext, input: TRevokeApiKey) {
  authorize(ctx.actor, "settings:write");
  const { id } = parseInput(ZRevokeApiKey, input);
  return ctx.db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id }, select: { id: true, name: true, revokedAt: true } });
    if (!key) throw new AppError("not_found", "No API key has that id.");
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({
      where: { id },
      data: { revokedAt: new Date() },
      select: { id: true, name: true, revokedAt: true },
    });
    await recordAudit(tx, ctx.actor, { action: "api_key.revoke", objectType: "api_key", objectId: id, before: key, after: revoked });
    return revoked;
  });
}
