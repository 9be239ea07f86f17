// npm test: everything, in order — typecheck, lint (the layer rules among others), unit (with coverage of lib/billing), integration
// (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), API (the real server through
// @metronome/sdk, on both databases), end-to-end in Chromium. Ends with one line
// that counts every test, and exits non-zero if any tier failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const REPORTS = path.join("test-results", "reports");
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

type Counts = { passed: number; failed: number; skipped: number };
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedTiers: string[] = [];

function run(tier: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n━━ ${tier} ━━`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) failedTiers.push(tier);
}

function addVitest(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += r.numPendingTests + r.numTodoTests;
}

function addPlaywright(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  total.passed += r.stats.expected + r.stats.flaky;
  total.failed += r.stats.unexpected;
  total.skipped += r.stats.skipped;
}

const vitest = "node_modules/.bin/vitest";
const unitReport = path.join(REPORTS, "unit.json");
const integrationReport = path.join(REPORTS, "integration.json");
const e2eReport = path.join(REPORTS, "e2e.json");

run("typecheck", "node_modules/.bin/tsc", ["--noEmit"]);
run("lint", "node_modules/.bin/eslint", ["."]);
run("unit", vitest, ["run", "--project", "unit", "--coverage", "--reporter=default", "--reporter=json", `--outputFile.json=${unitReport}`]);
addVitest(unitReport);
if (!process.env.TEST_DATABASE_URL) console.log("\n(TEST_DATABASE_URL is not set: integration tests run on PGlite only.)");
run("integration", vitest, ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${integrationReport}`]);
addVitest(integrationReport);
const apiReport = path.join(REPORTS, "api.json");
run("api", vitest, ["run", "--project", "api", "--reporter=default", "--reporter=json", `--outputFile.json=${apiReport}`]);
addVitest(apiReport);
run("end-to-end", "node_modules/.bin/tsx", ["scripts/e2e.ts", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
addPlaywright(e2eReport);

console.log(`\n${failedTiers.length ? `Failed tiers: ${failedTiers.join(", ")}` : "All tiers passed."}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedTiers.length ? 1 : 0);
