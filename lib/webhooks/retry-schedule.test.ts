import { describe, expect, it } from "vitest";
import { afterAttempt, MAX_ATTEMPTS, nominalDelayMs } from "./retry-schedule";
import { subscribes } from "./event-types";

const now = new Date("2026-03-01T00:00:00Z");
const after = (ms: number) => new Date(now.getTime() + ms);

describe("retry schedule", () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [5, 480_000],
    [10, 15_360_000],
    [11, 21_600_000],
    [20, 21_600_000],
  ])("waits %i → %i ms before jitter", (failures, ms) => expect(nominalDelayMs(failures)).toBe(ms));

  it("spends its attempts within 72 hours of nominal waiting", () => {
    const waited = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => nominalDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(MAX_ATTEMPTS).toBe(21);
    expect(waited).toBeLessThanOrEqual(72 * 3600_000);
    expect(waited + nominalDelayMs(MAX_ATTEMPTS)).toBeGreaterThan(72 * 3600_000);
  });

  it("jitters each wait within ±20 %", () => {
    expect(afterAttempt(0, false, now, () => 0).nextAttemptAt).toEqual(after(24_000));
    expect(afterAttempt(0, false, now, () => 0.5).nextAttemptAt).toEqual(after(30_000));
    expect(afterAttempt(2, false, now, () => 0.999999).nextAttemptAt).toEqual(after(144_000));
  });

  it("is delivered on success, pending on a failure within budget, failed on the last", () => {
    expect(afterAttempt(3, true, now)).toEqual({ status: "delivered", attempts: 4, nextAttemptAt: null });
    expect(afterAttempt(MAX_ATTEMPTS - 2, false, now, () => 0.5)).toMatchObject({ status: "pending", attempts: MAX_ATTEMPTS - 1 });
    expect(afterAttempt(MAX_ATTEMPTS - 1, false, now)).toEqual({ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
  });
});

describe("event type subscriptions", () => {
  it.each([
    [["*"], "invoice.finalized", true],
    [["invoice.finalized"], "invoice.finalized", true],
    [["invoice.finalized"], "invoice.voided", false],
    [["alerts.*"], "alerts.low_credit_balance_reached", true],
    [["alerts.*"], "alertsx.y", false],
    [["contract.*"], "contract.edit", true],
    [["contract.*"], "commit.segment.expired", false],
    [[], "invoice.finalized", false],
  ])("%j receives %s: %s", (subs, type, expected) => expect(subscribes(subs, type)).toBe(expected));
});
