import { config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { AddressPolicy } from "./address-policy";
import { isSealed, SEALED_PREFIX, sealSecret, webhookSecretKey } from "./secret-box";

/** What webhook code needs from the configuration: where it may connect, and the key sealing signing secrets. */
export type WebhookSecurity = { policy: AddressPolicy; secretKey: Buffer };

let cached: WebhookSecurity | undefined;

/** The running server's webhook security settings (RATELINE_WEBHOOK_ALLOW_HOSTS, RATELINE_SECRET). */
export function webhookSecurity(): WebhookSecurity {
  cached ??= { policy: config().webhookAllow, secretKey: webhookSecretKey(config().secret) };
  return cached;
}

/**
 * Seals every signing secret an earlier version stored in clear (see secret-box.ts); run at
 * start-up. A row changed meanwhile (compare-and-set on the old value) is left to the next start.
 */
export async function sealLegacyWebhookSecrets(db: PrismaClient, secretKey: Buffer): Promise<number> {
  const rows = await db.webhookEndpoint.findMany({ where: { NOT: { secret: { startsWith: SEALED_PREFIX } } }, select: { id: true, secret: true } });
  let sealed = 0;
  for (const row of rows) {
    if (isSealed(row.secret)) continue;
    const { count } = await db.webhookEndpoint.updateMany({ where: { id: row.id, secret: row.secret }, data: { secret: sealSecret(row.secret, secretKey) } });
    sealed += count;
  }
  return sealed;
}
