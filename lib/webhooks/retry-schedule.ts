// THE retry rule for everything Rateline sends out (webhook deliveries, invoice syncs to payment
// providers): exponential backoff from 30 s, doubling up to 6 h between tries, each delay
// jittered ±20 % so that a receiver coming back up is not hit by every retry at once. The budget
// is a number of attempts, not a deadline: the nominal delays of the attempts it allows add up to
// 72 hours, so a manual re-send (attempts back to 0) gets a fresh 72 hours without a column
// for when the window started.

const BASE_MS = 30_000;
const CAP_MS = 6 * 3600_000;
const WINDOW_MS = 72 * 3600_000;
const JITTER = 0.2;

/** The nominal wait after the `failures`-th failed attempt (1-based), before jitter. */
export function nominalDelayMs(failures: number): number {
  return Math.min(CAP_MS, BASE_MS * 2 ** (failures - 1));
}

/** Attempts made before giving up: the last one whose nominal schedule still fits in 72 h. */
export const MAX_ATTEMPTS = (() => {
  let elapsed = 0;
  let failures = 0;
  while (elapsed + nominalDelayMs(failures + 1) <= WINDOW_MS) elapsed += nominalDelayMs(++failures);
  return failures + 1;
})();

export type RetryState = { status: "pending" | "delivered" | "failed"; attempts: number; nextAttemptAt: Date | null };

/**
 * The state after one more attempt: delivered, due again after a jittered backoff, or failed once
 * the budget is spent. `random` is injectable so tests can pin the jitter.
 */
export function afterAttempt(attemptsBefore: number, succeeded: boolean, now: Date, random: () => number = Math.random): RetryState {
  const attempts = attemptsBefore + 1;
  if (succeeded) return { status: "delivered", attempts, nextAttemptAt: null };
  if (attempts >= MAX_ATTEMPTS) return { status: "failed", attempts, nextAttemptAt: null };
  const jitter = 1 - JITTER + 2 * JITTER * random();
  return { status: "pending", attempts, nextAttemptAt: new Date(now.getTime() + Math.round(nominalDelayMs(attempts) * jitter)) };
}
