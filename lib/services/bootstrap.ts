import { hashPassword } from "@/lib/auth/password";
import { apiKeyDisplayPrefix, hashApiKeySecret } from "@/lib/auth/api-key-secret";
import type { Config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { systemActor } from "@/lib/services/context";

/**
 * What must exist before anything else: the default fiat credit type, and the API key and admin
 * user that automation asked for through the environment. Idempotent; runs at every start.
 */
export async function bootstrap(db: PrismaClient, cfg: Pick<Config, "bootstrapToken" | "admin">) {
  const actor = systemActor("bootstrap");
  await db.creditType.upsert({ where: { id: USD_CENTS.id }, update: {}, create: USD_CENTS });
  if (cfg.bootstrapToken) {
    const secretHash = hashApiKeySecret(cfg.bootstrapToken);
    await db.$transaction(async (tx) => {
      const existing = await tx.apiKey.findUnique({ where: { secretHash }, select: { id: true, revokedAt: true } });
      if (existing && !existing.revokedAt) return;
      // A revoked bootstrap key stays revoked in history; the environment asks for a working one.
      const key = existing
        ? await tx.apiKey.update({ where: { id: existing.id }, data: { revokedAt: null }, select: { id: true, name: true } })
        : await tx.apiKey.create({
            data: { name: "Bootstrap (RATELINE_BOOTSTRAP_TOKEN)", prefix: apiKeyDisplayPrefix(cfg.bootstrapToken!), secretHash, createdBy: actor.name },
            select: { id: true, name: true },
          });
      await recordAudit(tx, actor, { action: "api_key.bootstrap", objectType: "api_key", objectId: key.id, after: key });
    });
  }
  if (cfg.admin) {
    const { email, password } = cfg.admin;
    const existing = await db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
    if (!existing) {
      const passwordHash = await hashPassword(password);
      await db.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: { email: email.toLowerCase(), name: "Administrator", role: "admin", passwordHash },
          select: { id: true, email: true, role: true },
        });
        await recordAudit(tx, actor, { action: "user.bootstrap", objectType: "user", objectId: user.id, after: user });
      });
    }
  }
}
