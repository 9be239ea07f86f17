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
      // Created once, with the `full` scope. A bootstrap key revoked in Settings stays revoked
      // across restarts: revoking is how an admin retires a token that still sits in the
      // environment (a new token in RATELINE_BOOTSTRAP_TOKEN makes a new key).
      if (await tx.apiKey.findUnique({ where: { secretHash }, select: { id: true } })) return;
      const key = await tx.apiKey.create({
        data: { name: "Bootstrap (RATELINE_BOOTSTRAP_TOKEN)", scope: "full", prefix: apiKeyDisplayPrefix(cfg.bootstrapToken!), secretHash, createdBy: actor.name },
        select: { id: true, name: true, scope: true },
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
