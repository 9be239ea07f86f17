import { describe, expect, it } from "vitest";
import { isSealed, openSecret, sealSecret, UnreadableSecretError, webhookSecretKey } from "./secret-box";

const key = webhookSecretKey("a".repeat(32));

describe("webhook secret sealing", () => {
  it("seals with a fresh IV each time and opens to the same secret", () => {
    const a = sealSecret("whsec_abc", key);
    const b = sealSecret("whsec_abc", key);
    expect(a).toMatch(/^v1:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc");
    expect(openSecret(a, key)).toBe("whsec_abc");
    expect(openSecret(b, key)).toBe("whsec_abc");
    expect(isSealed(a)).toBe(true);
  });

  it("derives a different key from a different RATELINE_SECRET, and refuses a tampered value", () => {
    const sealed = sealSecret("whsec_abc", key);
    expect(() => openSecret(sealed, webhookSecretKey("b".repeat(32)))).toThrow(UnreadableSecretError);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[14] = bytes[14]! ^ 1;
    expect(() => openSecret(`v1:${bytes.toString("base64url")}`, key)).toThrow(UnreadableSecretError);
    expect(() => openSecret("v1:AAAA", key)).toThrow(UnreadableSecretError);
  });

  it("reads a secret an earlier version stored in clear as it is", () => {
    expect(isSealed("whsec_legacy")).toBe(false);
    expect(openSecret("whsec_legacy", key)).toBe("whsec_legacy");
  });
});
