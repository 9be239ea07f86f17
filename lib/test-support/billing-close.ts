import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ApiServer } from "./api-server";

/**
 * `npm run billing:close` against a test server's database: through the server when it holds the
 * embedded database (the server's RATELINE_GRACE_HOURS then applies), directly on PostgreSQL
 * (with `graceHours`). Runs without blocking this process: a blocked event loop would miss the
 * server closing idle sockets.
 */
export async function billingClose(server: ApiServer, { graceHours = 0, at = new Date() }: { graceHours?: number; at?: Date } = {}): Promise<{ status: number; output: string }> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "rateline-cli-"));
  const env =
    server.kind === "pglite"
      ? { RATELINE_DATA_DIR: server.dataDir, DATABASE_URL: "" }
      : { RATELINE_DATA_DIR: scratch, DATABASE_URL: server.databaseUrl!, RATELINE_SECRET: randomBytes(32).toString("hex") };
  return new Promise((resolve) => {
    execFile(
      "node_modules/.bin/tsx",
      ["scripts/billing-close.ts", "--at", at.toISOString()],
      { env: { ...process.env, RATELINE_GRACE_HOURS: String(graceHours), ...env }, encoding: "utf8", timeout: 120_000 },
      (error, stdout, stderr) => {
        rmSync(scratch, { recursive: true, force: true });
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
      },
    );
  });
}
