import { config } from "@/lib/config";
import { backfillStep } from "@/lib/metering/backfill";
import { rollUpNewEvents } from "@/lib/metering/rollup-job";
import { getDatabase } from "@/lib/server/database";
import { runPeriodClose } from "@/lib/server/period-close-job";
import { startScheduler } from "@/lib/server/scheduler";
import { describeStartupError } from "@/lib/server/startup-error";

/**
 * Opens the database before the first request and starts the background jobs; a configuration
 * fault stops the server with one sentence.
 */
export async function startServer() {
  try {
    const database = await getDatabase();
    startScheduler(database.prisma, [
      { name: "usage rollups", intervalMs: 1000, run: (db) => rollUpNewEvents(db) },
      { name: "metric backfill", intervalMs: 2000, run: (db) => backfillStep(db) },
      // Finalizes periods past their grace; of many servers, the one holding the lease does it.
      { name: "period close", intervalMs: 60_000, run: (db) => runPeriodClose(db, new Date(), config().graceHours).then(() => {}) },
    ]);
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }
}
