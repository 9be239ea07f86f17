import type { Database } from "@/lib/db/connection";
import { config } from "@/lib/config";
import { applyMigrations, readMigrations } from "@/lib/db/migrations";
import { AppError } from "@/lib/errors";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { API_KEY_SCOPES } from "@/lib/services/api-keys/scopes";
import { bootstrap } from "@/lib/services/bootstrap";
import { systemActor } from "@/lib/services/context";
import { runPeriodCloseWaiting } from "./period-close-job";

// The operator commands (npm run db:migrate, apikey:create, …). Each runs either in its own
// process, or — when the server holds the embedded database — inside the server, through
// /api/internal/cli, so that one process ever opens the data directory.

export type CliCommand = "db:migrate" | "apikey:create" | "billing:close";

/** Migrations in prisma/migrations that the database has not finished applying. */
async function pendingMigrations(database: Database): Promise<string[]> {
  const folders = (await readMigrations()).migrationDirectories.map((m) => m.path);
  const applied = await database.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(applied.map((r) => r.migration_name));
  return folders.filter((f) => !done.has(f));
}

export async function runCliCommand(database: Database, command: string, args: string[], insideServer = false): Promise<string> {
  switch (command) {
    case "db:migrate": {
      // The server applied every migration it shipped with when it started; newer ones on disk
      // belong to newer code, which starts (and migrates) with the next restart.
      if (insideServer) {
        const pending = await pendingMigrations(database);
        return pending.length
          ? `The running server predates ${pending.length} migration(s) (${pending.join(", ")}); restart it to apply them.`
          : "The database is up to date; no migration to apply.";
      }
      const applied = await applyMigrations(database.adapterFactory);
      await bootstrap(database.prisma, {});
      return applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.` : "The database is up to date; no migration to apply.";
    }
    case "apikey:create": {
      const { name, scope } = apiKeyArgs(args);
      const key = await createApiKey({ db: database.prisma, actor: systemActor("command line") }, { name, scope });
      return `Created API key “${key.name}” (scope ${key.scope}). Copy it now; it will not be shown again:\n\n  ${key.secret}\n`;
    }
    case "billing:close": {
      const at = closeInstant(args);
      const { finalized, failures } = await runPeriodCloseWaiting(database.prisma, at, config().graceHours);
      const lines = [`Finalized ${finalized} invoice(s) due at ${at.toISOString()} (grace ${config().graceHours} h).`];
      for (const f of failures) lines.push(`Customer ${f.customerId} was not closed: ${f.message}`);
      return lines.join("\n");
    }
    default:
      throw new AppError("bad_request", `Unknown command ${command}.`);
  }
}

const APIKEY_USAGE = "Usage: npm run apikey:create -- <name> [--scope full|read|ingest]";

/** `<name words…> [--scope <scope>]` (default scope: full). */
function apiKeyArgs(args: string[]): { name: string; scope: string } {
  const rest = [...args];
  let scope = "full";
  const i = rest.indexOf("--scope");
  if (i !== -1) {
    const value = rest[i + 1];
    if (!value || !(API_KEY_SCOPES as readonly string[]).includes(value)) {
      throw new AppError("bad_request", `--scope: “${value ?? ""}” is not a scope (full, read or ingest). ${APIKEY_USAGE}`);
    }
    scope = value;
    rest.splice(i, 2);
  }
  const name = rest.join(" ").trim();
  if (!name || name.startsWith("--")) throw new AppError("bad_request", APIKEY_USAGE);
  return { name, scope };
}

/** `--at <ISO instant>` (default: now): the instant periods are closed as of. */
function closeInstant(args: string[]): Date {
  const i = args.indexOf("--at");
  if (i === -1) {
    if (args.length) throw new AppError("bad_request", "Usage: npm run billing:close -- [--at <ISO instant>]");
    return new Date();
  }
  const value = args[i + 1] ?? "";
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) {
    throw new AppError("bad_request", `--at: “${value}” is not an ISO instant (e.g. 2026-03-02T00:00:00Z).`);
  }
  return at;
}
