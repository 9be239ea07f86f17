// npm start: check the configuration, build if the sources changed since the last build, then
// run the production server (which migrates, bootstraps and seeds as it starts).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "@/lib/config";
import { openPostgres } from "@/lib/db/connection";
import { DataDirBusyError, readLockHolder } from "@/lib/db/data-dir-lock";
import { DEMO_PASSWORD } from "@/lib/seed/demo-seed";

const BUILD_INPUTS = ["app", "components", "lib", "public", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const STAMP = path.join(".next", "rateline-sources.sha256");
const next = path.join("node_modules", ".bin", "next");

function fail(message: string): never {
  console.error(`Rateline cannot start: ${message}`);
  process.exit(1);
}

function sourcesHash() {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) visit(path.join(p, entry));
    } else {
      hash.update(`${p}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

function buildIfNeeded() {
  const hash = sourcesHash();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return;
  console.log("Building Rateline (first start or changed sources)…");
  const result = spawnSync(next, ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) fail("the build failed (see above).");
  writeFileSync(STAMP, hash);
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
  buildIfNeeded();

  const server = spawn(next, ["start", "--port", String(cfg.port)], {
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
      if (cfg.seed === "demo") console.log(`Demo sign-in: admin@example.com / ${DEMO_PASSWORD}  (also pricing@, sales@, finance@, viewer@example.com)`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

await main();
