import type { Prisma } from "@/lib/db/generated/client";
import type { RollupTarget } from "./rollup-sql";

// A rollup write covers many metrics in one statement; one metric whose SQL fails (a value its
// column cannot hold, a definition from before today's limits) must not stop the others. On a
// failure the statement is undone to a savepoint, each metric is tried alone (and undone) to
// find the failing ones, and the statement runs again without them. A failure of the
// combination itself, with every metric fine alone, is thrown as before.

type Tx = Prisma.TransactionClient;
export type FailedTarget = { target: RollupTarget; reason: string };

const MAX_REASON_LENGTH = 300;

/** What went wrong, in the database's words, short enough to show beside the metric. */
export function failureReason(error: unknown): string {
  const { meta, message } = (error ?? {}) as { meta?: { message?: unknown }; message?: unknown };
  const text = typeof meta?.message === "string" ? meta.message : typeof message === "string" ? message : String(error);
  const quoted = /Message: `([^`]*)`/.exec(text)?.[1];
  const reason = (quoted ?? text.trim().split("\n").pop() ?? "").trim() || "unknown error";
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

async function attempt<T>(tx: Tx, run: () => Promise<T>, keep: boolean): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  await tx.$executeRawUnsafe("SAVEPOINT rollup_attempt");
  try {
    const value = await run();
    if (!keep) await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT rollup_attempt");
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT rollup_attempt");
    return { ok: true, value };
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT rollup_attempt");
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT rollup_attempt");
    return { ok: false, reason: failureReason(error) };
  }
}

/** Runs `write(targets)`; when it fails, runs it for the targets that do not fail alone, and names the others. */
export async function writeIsolated<T>(tx: Tx, targets: RollupTarget[], write: (targets: RollupTarget[]) => Promise<T>): Promise<{ result: T; failed: FailedTarget[] }> {
  const all = await attempt(tx, () => write(targets), true);
  if (all.ok) return { result: all.value, failed: [] };
  const failed: FailedTarget[] = [];
  if (targets.length === 1) failed.push({ target: targets[0]!, reason: all.reason });
  else {
    for (const target of targets) {
      const alone = await attempt(tx, () => write([target]), false);
      if (!alone.ok) failed.push({ target, reason: alone.reason });
    }
  }
  const healthy = targets.filter((t) => !failed.some((f) => f.target === t));
  return { result: await write(healthy), failed };
}

/** Records why a metric's rollup failed, and when (the console shows it). */
export async function recordRollupFailure(tx: Tx, metricId: string, reason: string): Promise<void> {
  await tx.billableMetric.update({ where: { id: metricId }, data: { rollupError: reason, rollupFailedAt: new Date() } });
}
