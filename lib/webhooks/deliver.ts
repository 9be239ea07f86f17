import type { PrismaClient } from "@/lib/db/generated/client";
import { deliveryErrorCategory, postChecked } from "./outbound";
import { afterAttempt } from "./retry-schedule";
import { openSecret, UnreadableSecretError } from "./secret-box";
import { signedHeaders, webhookBody } from "./signing";
import type { WebhookSecurity } from "./webhook-security";
import { claimDue, recordWhere, type Claimed } from "./work-queue";

// Sends due webhook deliveries: POST of the signed JSON body, a 2xx within the timeout is
// delivered, anything else (other status, refused, timed out, redirect, an address the policy
// refuses) is a failure retried on the shared schedule. Every attempt is logged with its status
// code or a short error category (never the network error's own text, which would tell an admin
// about the server's internal network) and duration.

export type DeliverOptions = {
  /** The scheduling clock: what is due, when to retry, when the attempt is logged. */
  now: Date;
  /** Where requests may go, and the key that opens signing secrets. */
  security: WebhookSecurity;
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
  const result = await post(delivery.endpoint.url, webhookBody(delivery.event), delivery.endpoint.secret, options);
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

async function post(url: string, body: string, storedSecret: string, options: DeliverOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const secret = openSecret(storedSecret, options.security.secretKey);
    // Signed at the moment of sending, by the wall clock: the receiver compares it with its own.
    const status = await postChecked(url, signedHeaders(body, secret, new Date()), body, { policy: options.security.policy, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    const ok = status >= 200 && status < 300;
    return { status, error: ok ? null : `HTTP ${status}`, durationMs: elapsed() };
  } catch (error) {
    if (error instanceof UnreadableSecretError) return { status: null, error: "signing secret unreadable (RATELINE_SECRET changed?)", durationMs: elapsed() };
    return { status: null, error: deliveryErrorCategory(error), durationMs: elapsed() };
  }
}
