import { getDatabase } from "@/lib/server/database";
import { describeStartupError } from "@/lib/server/startup-error";

/** Opens the database before the first request; a configuration fault stops the server with one sentence. */
export async function startServer() {
  try {
    await getDatabase();
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }
}
