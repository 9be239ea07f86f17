import { backfillStep } from "@/lib/metering/backfill";
import { rollUpNewEvents } from "@/lib/metering/rollup-job";
import { getDatabase } from "@/lib/server/database";
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
    ]);
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }
}
