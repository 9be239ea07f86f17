import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";

// Password guessing is slowed per account (the email tried) and per client address: after
// MAX_FAILURES failed sign-ins within WINDOW, that account or address is refused — even with the
// right password — until the oldest of those failures leaves the window. Failures are rows in the
// database, so the limit holds across every app server behind a load balancer and across restarts.

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

type Db = PrismaClient | Prisma.TransactionClient;

/** When the MAX_FAILURES-th most recent failure within the window leaves it; null: not locked. */
async function lockedUntil(db: Db, where: Prisma.SignInFailureWhereInput, now: Date): Promise<Date | null> {
  const recent = await db.signInFailure.findMany({
    where: { ...where, createdAt: { gt: new Date(now.getTime() - WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    take: MAX_FAILURES,
    select: { createdAt: true },
  });
  return recent.length < MAX_FAILURES ? null : new Date(recent[MAX_FAILURES - 1]!.createdAt.getTime() + WINDOW_MS);
}

function waitText(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? "1 minute" : `${minutes} minutes`;
}

/** Refuses with 429 (and how long to wait) while the account or the address is locked out. */
export async function refuseIfThrottled(db: Db, email: string, address: string, now: Date): Promise<void> {
  const [account, client] = await Promise.all([lockedUntil(db, { email }, now), lockedUntil(db, { address }, now)]);
  const until = account && client ? (account > client ? account : client) : (account ?? client);
  if (!until) return;
  const who = account ? "this account" : "your address";
  throw new AppError(
    "rate_limited",
    `Too many failed sign-ins for ${who} (${MAX_FAILURES} in ${WINDOW_MS / 60_000} minutes). Try again in ${waitText(until.getTime() - now.getTime())}.`,
  );
}

/** Counts one failure against the account and the address, and forgets their failures that have left the window. */
export async function recordSignInFailure(db: Db, email: string, address: string, now: Date): Promise<void> {
  const expired = { lt: new Date(now.getTime() - WINDOW_MS) };
  await db.signInFailure.deleteMany({ where: { OR: [{ email, createdAt: expired }, { address, createdAt: expired }] } });
  await db.signInFailure.create({ data: { email, address, createdAt: now } });
}

/** A successful sign-in clears the account's failures (the address's stay: it may be guessing at others). */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email } });
}
