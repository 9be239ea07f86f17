import { describe, expect, it } from "vitest";
import { tokenBucketLimiter } from "./rate-limit";

describe("token bucket limiter", () => {
  it("allows a burst of `capacity`, then refills at its rate, per key", () => {
    const limiter = tokenBucketLimiter({ capacity: 3, refillPerSecond: 2 });
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take("a", t))).toEqual([true, true, true, false]);
    expect(limiter.take("b", t)).toBe(true);
    expect(limiter.take("a", t + 400)).toBe(false);
    expect(limiter.take("a", t + 500)).toBe(true);
    expect(limiter.take("a", t + 10_000)).toBe(true);
  });

  it("forgets the least recently used keys beyond maxKeys", () => {
    const limiter = tokenBucketLimiter({ capacity: 1, refillPerSecond: 0, maxKeys: 2 });
    expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.take("b", 0)).toBe(true);
    expect(limiter.take("c", 0)).toBe(true);
    // "a" was dropped, so it starts with a full bucket again; "c" is still empty.
    expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.take("c", 0)).toBe(false);
  });

  it("says how many whole seconds until the next token", () => {
    const limiter = tokenBucketLimiter({ capacity: 2, refillPerSecond: 0.5 });
    expect(limiter.retryAfterSeconds("a", 0)).toBe(0);
    limiter.take("a", 0);
    expect(limiter.retryAfterSeconds("a", 0)).toBe(0);
    limiter.take("a", 0);
    expect(limiter.retryAfterSeconds("a", 0)).toBe(2);
    expect(limiter.retryAfterSeconds("a", 1500)).toBe(1);
    expect(limiter.retryAfterSeconds("a", 2000)).toBe(0);
  });
});
