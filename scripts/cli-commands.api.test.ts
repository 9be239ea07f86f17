import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";

// The embedded database belongs to one process. With the server running on a data directory,
// operator commands run inside the server instead of opening the directory a second time.
function command(script: string, args: string[], dataDir: string) {
  const result = spawnSync("node_modules/.bin/tsx", [script, ...args], {
    env: { ...process.env, RATELINE_DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("operator commands while the server holds the embedded database", () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer("pglite");
  });
  afterAll(() => server.stop());

  it("creates an API key through the running server, and the key works", async () => {
    const { status, output } = command("scripts/apikey-create.ts", ["CLI", "key"], server.dataDir);
    expect(status).toBe(0);
    expect(output).toMatch(/through the running server/);
    const secret = /(rl_[A-Za-z0-9_-]{20,})/.exec(output)![1]!;
    const response = await fetch(`${server.url}/v1/credit-types/list`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(200);
  });

  it("runs db:migrate through the running server", () => {
    const { status, output } = command("scripts/db-migrate.ts", [], server.dataDir);
    expect(status).toBe(0);
    expect(output).toMatch(/through the running server[\s\S]*up to date/);
  });
});
