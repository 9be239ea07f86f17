import { hashApiKeySecret } from "@/lib/auth/api-key-secret";
import type { PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves `Authorization: Bearer <key>` to the key's actor, or refuses with 401. */
export async function authenticateApiKey(db: PrismaClient, authorization: string | null): Promise<Extract<Actor, { type: "api_key" }>> {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!secret) throw new AppError("unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
  const key = await db.apiKey.findUnique({
    where: { secretHash: hashApiKeySecret(secret) },
    select: { id: true, name: true, scope: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) throw new AppError("unauthorized", "That API key is not valid (unknown or revoked).");
  // Recording every use would make each request a write; a minute's resolution is enough.
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { type: "api_key", id: key.id, name: key.name, scope: key.scope };
}
