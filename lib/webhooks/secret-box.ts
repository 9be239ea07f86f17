import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Webhook signing secrets at rest. They must be readable (every delivery is signed with one), so
// they cannot be hashed like API keys; instead they are sealed with AES-256-GCM (node:crypto)
// under a key derived from RATELINE_SECRET with HKDF-SHA256, so a copy of the database alone
// (a backup, a replica, a leaked dump) does not let anyone forge deliveries.
//
// Stored form: "v1:" + base64url(12-byte IV ‖ ciphertext ‖ 16-byte tag). The version prefix says
// how a value was sealed. A value without it is a secret stored in clear by an earlier version:
// it is still read as it is, and the server seals every such row at start-up
// (sealLegacyWebhookSecrets). That is simpler and safer than a SQL migration, which cannot
// encrypt (the key is not in the database), and it leaves nothing in clear after one start.
//
// Rotating RATELINE_SECRET makes sealed secrets unreadable: deliveries to those endpoints fail
// with "signing secret unreadable" until each endpoint is added again with a new secret.

export const SEALED_PREFIX = "v1:";
const PREFIX = SEALED_PREFIX;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from("rateline webhook signing secret");

/** The 32-byte key for sealing webhook secrets, from the application secret. */
export function webhookSecretKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "rateline", "webhook-signing-secrets v1", 32));
}

export const isSealed = (stored: string) => stored.startsWith(PREFIX);

export function sealSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES }).setAAD(AAD);
  const sealed = Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + sealed.toString("base64url");
}

export class UnreadableSecretError extends Error {
  override name = "UnreadableSecretError";
}

/** The secret in clear; a legacy unsealed value as it is. Throws UnreadableSecretError if sealed under another key. */
export function openSecret(stored: string, key: Buffer): string {
  if (!isSealed(stored)) return stored;
  const bytes = Buffer.from(stored.slice(PREFIX.length), "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new UnreadableSecretError("The sealed secret is truncated.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES }).setAAD(AAD);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new UnreadableSecretError("The secret was sealed under another RATELINE_SECRET.");
  }
}
