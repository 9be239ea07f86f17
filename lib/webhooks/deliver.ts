import type { PrismaClient } from "@/lib/db/generated/client";
import { afterAttempt } from "./retry-schedule";
import { signedHeaders, webhookBody } from "./signing";
import { claimDue, recordWhere, type Claimed } from "./work-queue";

// Sends due webhook deliveries: POST of the signed JSON body, a 2xx within the timeout is
// delivered, anything else (other status, refused, timed out, redirect) is a failure retried on
// the shared schedule. Every attempt is logged with its status code or error and duration.

export type DeliverOptions = {
  /** The scheduling clock: what is due, when to retry, when the attempt is logged. */
  now: Date;
  timeoutMs?: number;
  limit?: number;
  random?: () => number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
/** Longer than any attempt, so a live server never has its claim taken over. */
const CLAIM_LEASE_MS = 60_000;

/** Attempts one batch of due deliveries; returns how many it claimed. */
export async function deliverDue(db: PrismaClient, options: DeliverOptions): Promise<number> {
  const claimed = await claimDue(db, "webhook_delivery", { now: options.now, limit: options.limit ?? 20, leaseMs: CLAIM_LEASE_MS });
  const outcomes = await Promise.allSettled(claimed.map((c) => attempt(db, c, options)));
  // A delivery whose outcome could not be recorded is due again when its claim lapses.
  for (const o of outcomes) if (o.status === "rejected") console.error("A webhook delivery attempt could not be recorded.", o.reason);
  return claimed.length;
}

async function attempt(db: PrismaClient, claimed: Claimed, options: DeliverOptions): Promise<void> {
  const delivery = await db.webhookDelivery.findUniqueOrThrow({
    where: { id: claimed.id },
    select: { endpoint: { select: { url: true, secret: true, archivedAt: true } }, event: { select: { id: true, type: true, payload: true, createdAt: true } } },
  });
  if (delivery.endpoint.archivedAt) {
    await db.webhookDelivery.updateMany({ where: recordWhere(claimed), data: { status: "failed", nextAttemptAt: null, lastError: "The endpoint was archived." } });
    return;
  }
  const result = await post(delivery.endpoint.url, webhookBody(delivery.event), delivery.endpoint.secret, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const next = afterAttempt(claimed.attempts, result.status !== null && result.status >= 200 && result.status < 300, options.now, options.random);
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId: claimed.id, attemptedAt: options.now, status: result.status, error: result.error, durationMs: result.durationMs } });
    await tx.webhookDelivery.updateMany({
      where: recordWhere(claimed),
      data: { ...next, lastStatus: result.status, lastError: result.error, ...(next.status === "delivered" ? { deliveredAt: options.now } : {}) },
    });
  });
}

type PostResult = { status: number | null; error: string | null; durationMs: number };

async function post(url: string, body: string, secret: string, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    // Signed at the moment of sending, by the wall clock: the receiver compares it with its own.
    const response = await fetch(url, { method: "POST", headers: signedHeaders(body, secret, new Date()), body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { status: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: elapsed() };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return { status: null, error: timedOut ? `No response within ${timeoutMs / 1000} s` : `Request failed: ${cause}`, durationMs: elapsed() };
  }
}
