import { randomBytes } from "node:crypto";
import os from "node:os";
import type { PrismaClient } from "@/lib/db/generated/client";

// A lease on a background job, so one server at a time runs it however many servers share the
// database: a job_lease row naming its holder until expires_at, taken when free or expired and
// renewed while the job works. Times are the database's clock, so servers' clocks need not agree.
//
// Why a lease row rather than a PostgreSQL advisory lock: period close is many short
// transactions (one per invoice, so a crash loses at most one), and a transaction-scoped advisory
// lock would let another server slip in between them; a session-scoped one needs a connection
// pinned for the whole run, which Prisma's pool does not give, and it vanishes silently if that
// connection drops. A row works the same on PGlite and PostgreSQL, shows who holds it, and frees
// itself when its holder dies (even by SIGKILL) once it expires. Correctness does not rest on
// it — the idempotency keys make every invoice exactly-once — it only keeps servers from doing
// the same work twice.

export const holderId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/** Takes or renews the lease for `ttlMs`; false when another holder has it. */
export async function acquireLease(db: PrismaClient, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ holder: string }[]>(
    `INSERT INTO job_lease (name, holder, expires_at) VALUES ($1, $2, clock_timestamp() + $3::integer * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE job_lease.holder = EXCLUDED.holder OR job_lease.expires_at <= clock_timestamp()
     RETURNING holder`,
    name,
    holder,
    ttlMs,
  );
  return rows.length === 1;
}

export async function releaseLease(db: PrismaClient, name: string, holder: string): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM job_lease WHERE name = $1 AND holder = $2`, name, holder);
}

export async function leaseHolder(db: PrismaClient, name: string): Promise<{ holder: string; expiresAt: Date } | null> {
  return db.jobLease.findUnique({ where: { name }, select: { holder: true, expiresAt: true } });
}

/**
 * Runs `job` holding the lease `name`, or returns undefined at once when another holder has it.
 * The job gets `renew`, to call between steps: it extends the lease, and throws LeaseLostError if
 * the lease expired and someone else took it (the job should then stop).
 */
export async function withLease<T>(
  db: PrismaClient,
  name: string,
  ttlMs: number,
  job: (renew: () => Promise<void>) => Promise<T>,
  holder: string = holderId,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!(await acquireLease(db, name, holder, ttlMs))) return { ran: false };
  const renew = async () => {
    if (!(await acquireLease(db, name, holder, ttlMs))) throw new LeaseLostError(`The ${name} lease was taken over by another server.`);
  };
  try {
    return { ran: true, value: await job(renew) };
  } finally {
    await releaseLease(db, name, holder).catch(() => {});
  }
}
