import type { PrismaClient } from "@/lib/db/generated/client";

// Background jobs inside the server process. Each job is idempotent and safe to run on several
// servers at once (it serializes through the database), so the scheduler itself is simple:
// run each job, then wait its interval; a job that reports more work runs again at once.

export type Job = {
  name: string;
  intervalMs: number;
  /** Returns true when it stopped with work left (run again without waiting). */
  run(db: PrismaClient): Promise<boolean | void>;
};

const globalForScheduler = globalThis as unknown as { __ratelineScheduler?: boolean };

export function startScheduler(db: PrismaClient, jobs: Job[]): void {
  if (globalForScheduler.__ratelineScheduler) return;
  globalForScheduler.__ratelineScheduler = true;
  for (const job of jobs) {
    const tick = async () => {
      let again = false;
      try {
        again = (await job.run(db)) === true;
      } catch (error) {
        console.error(`Job ${job.name} failed; it will run again.`, error);
      }
      setTimeout(tick, again ? 0 : job.intervalMs).unref();
    };
    setTimeout(tick, 0).unref();
  }
}
