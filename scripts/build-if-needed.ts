// Builds the Next.js app when its sources changed since the last build (or it was never built).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const BUILD_INPUTS = ["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const STAMP = path.join(".next", "rateline-sources.sha256");

function sourcesHash() {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) visit(path.join(p, entry));
    } else if (!/\.test\.tsx?$/.test(p)) {
      hash.update(`${p}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

/** Returns false when the build failed (Next.js has printed why). */
export function buildIfNeeded(): boolean {
  const hash = sourcesHash();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return true;
  console.log("Building Rateline (first start or changed sources)…");
  const result = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) return false;
  writeFileSync(STAMP, hash);
  return true;
}
