// Next.js calls register() once when the server starts: open the database, migrate, bootstrap
// and seed before the first request (see lib/server/start-server.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("@/lib/server/start-server")).startServer();
}
