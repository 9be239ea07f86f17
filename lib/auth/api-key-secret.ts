import { createHash, randomBytes } from "node:crypto";

// API keys are 256 bits of randomness, so a plain SHA-256 is a sufficient one-way store: there
// is nothing to brute-force. (Passwords, chosen by people, use scrypt instead.)
const PREFIX = "rl_";

export function generateApiKeySecret(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What the console shows to recognise a key without revealing it. */
export function apiKeyDisplayPrefix(secret: string): string {
  return secret.slice(0, PREFIX.length + 6);
}
