import type { Database } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrations";
import { AppError } from "@/lib/errors";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { bootstrap } from "@/lib/services/bootstrap";
import { systemActor } from "@/lib/services/context";

// The operator commands (npm run db:migrate, apikey:create, …). Each runs either in its own
// process, or — when the server holds the embedded database — inside the server, through
// /api/internal/cli, so that one process ever opens the data directory.

export type CliCommand = "db:migrate" | "apikey:create";

export async function runCliCommand(database: Database, command: string, args: string[]): Promise<string> {
  switch (command) {
    case "db:migrate": {
      const applied = await applyMigrations(database.adapterFactory);
      await bootstrap(database.prisma, {});
      return applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.` : "The database is up to date; no migration to apply.";
    }
    case "apikey:create": {
      const name = args.join(" ").trim();
      if (!name) throw new AppError("bad_request", "Usage: npm run apikey:create -- <name>");
      const key = await createApiKey({ db: database.prisma, actor: systemActor("command line") }, { name });
      return `Created API key “${key.name}”. Copy it now; it will not be shown again:\n\n  ${key.secret}\n`;
    }
    default:
      throw new AppError("bad_request", `Unknown command ${command}.`);
  }
}
