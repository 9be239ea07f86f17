import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock } from "@/lib/db/data-dir-lock";

// `npm start` with a bad configuration stops before building or serving, with one sentence.
function start(env: Record<string, string>) {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/start.ts"], {
    env: { PATH: process.env.PATH!, HOME: os.tmpdir(), ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: (result.stdout + result.stderr).trim() };
}

describe("npm start with bad configuration", () => {
  it("names DATABASE_URL when the server cannot be reached", () => {
    const { status, output } = start({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", RATELINE_SECRET: "s".repeat(40) });
    expect(status).toBe(1);
    expect(output).toMatch(/^Rateline cannot start: DATABASE_URL could not be reached \(.+\)\.$/);
    expect(output.split("\n")).toHaveLength(1);
  });

  it("names RATELINE_DATA_DIR when it is not writable", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "rateline-start-")), "file");
    writeFileSync(file, "");
    const { status, output } = start({ RATELINE_DATA_DIR: file });
    expect(status).toBe(1);
    expect(output).toBe(`Rateline cannot start: RATELINE_DATA_DIR (${file}) is not a writable directory.`);
  });

  it("says who holds the embedded database instead of opening it twice", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rateline-start-"));
    const { release } = acquireDataDirLock(dir, "cli");
    try {
      const { status, output } = start({ RATELINE_DATA_DIR: dir });
      expect(status).toBe(1);
      expect(output).toBe(`Rateline cannot start: Another Rateline command (pid ${process.pid}) is using the data directory ${dir}; wait for it to finish.`);
    } finally {
      release();
    }
  });
});
