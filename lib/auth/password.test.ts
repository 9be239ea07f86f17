import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { HASH_CONCURRENCY, HASH_QUEUE, hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies what it hashed, and nothing else", async () => {
    const stored = await hashPassword("correct horse");
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horsE", stored)).toBe(false);
  });

  it("hashes a bounded number at once: beyond the queue a sign-in is refused with 503 at once", async () => {
    const stored = await hashPassword("flood");
    const attempts = HASH_CONCURRENCY + HASH_QUEUE + 8;
    const outcomes = await Promise.all(
      Array.from({ length: attempts }, () => verifyPassword("flood", stored).then((ok) => (ok ? "ok" : "no"), (error: unknown) => (isAppError(error) ? error.status : "other"))),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(HASH_CONCURRENCY + HASH_QUEUE);
    expect(outcomes.filter((o) => o === 503)).toHaveLength(8);
    // Once the flood has drained, hashing works again.
    expect(await verifyPassword("flood", stored)).toBe(true);
  });
});
