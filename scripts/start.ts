// npm start: check the configuration, build if the sources changed since the last build, then
// run the production server (which migrates, bootstraps and seeds as it starts).
import { spawn } from "node:child_process";
import { ConfigError, loadConfig } from "@/lib/config";
import { openPostgres } from "@/lib/db/connection";
import { DataDirBusyError, readLockHolder } from "@/lib/db/data-dir-lock";
import { DEMO_PASSWORD } from "@/lib/seed/demo-seed";
import { serverCommand } from "@/lib/server/server-command";
import { buildIfNeeded } from "./build-if-needed";

function fail(message: string): never {
  console.error(`Rateline cannot start: ${message}`);
  process.exit(1);
}

async function main() {
  let cfg;
  try {
    cfg = loadConfig();
    if (cfg.database.mode === "postgresql") await (await openPostgres(cfg.database.url)).close();
    else {
      const holder = readLockHolder(cfg.dataDir);
      if (holder) throw new DataDirBusyError(cfg.dataDir, holder);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirBusyError) fail(error.message);
    throw error;
  }
  if (!buildIfNeeded()) fail("the build failed (see above).");

  const { command, args } = serverCommand(cfg.port);
  const server = spawn(command, args, {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const url = `http://localhost:${cfg.port}`;
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) {
      console.log(`\nRateline is running: ${url}  (database: ${cfg.database.mode === "pglite" ? `embedded, in ${cfg.dataDir}` : "PostgreSQL"})`);
      if (cfg.seed === "demo" && !cfg.admin) console.log(`Demo sign-in: admin@example.com / ${DEMO_PASSWORD}  (also pricing@, sales@, finance@, viewer@example.com)`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

await main();
