// Next.js calls register() once when the server starts: open the database, migrate, bootstrap
// and seed before the first request, and stop with one sentence if the configuration is wrong.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("@/lib/server/database");
  const { describeStartupError } = await import("@/lib/server/startup-error");
  try {
    await getDatabase();
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }
}
