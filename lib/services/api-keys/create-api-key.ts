import { apiKeyDisplayPrefix, generateApiKeySecret, hashApiKeySecret } from "@/lib/auth/api-key-secret";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZCreateApiKey, type TCreateApiKey } from "./schemas";

/** Creates an API key. The secret is returned here and never again: only its hash is stored. */
export async function createApiKey(ctx: ServiceContext, input: TCreateApiKey, secret = generateApiKeySecret()) {
  authorize(ctx.actor, "settings:write");
  const { name, scope } = parseInput(ZCreateApiKey, input);
  return ctx.db.$transaction(async (tx) => {
    const key = await tx.apiKey.create({
      data: { name, scope, prefix: apiKeyDisplayPrefix(secret), secretHash: hashApiKeySecret(secret), createdBy: ctx.actor.name },
      select: { id: true, name: true, scope: true, prefix: true, createdAt: true },
    });
    await recordAudit(tx, ctx.actor, { action: "api_key.create", objectType: "api_key", objectId: key.id, after: key });
    return { ...key, secret };
  });
}
