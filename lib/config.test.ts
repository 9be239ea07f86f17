import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "rateline-config-"));

function refusal(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("defaults to the embedded database and keeps a generated secret across loads", () => {
    const dir = tmp();
    const first = loadConfig({ RATELINE_DATA_DIR: dir });
    expect(first.database).toEqual({ mode: "pglite", dataDir: dir });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ RATELINE_DATA_DIR: dir }).secret).toBe(first.secret);
    expect(readFileSync(path.join(dir, "secret"), "utf8").trim()).toBe(first.secret);
    expect(first).toMatchObject({ port: 3000, seed: "demo", backdateDays: 34, graceHours: 24, apiRateLimit: { perSecond: 1000, burst: 2000 } });
  });

  it("takes the API rate limit and its burst, and refuses nonsense", () => {
    const dir = tmp();
    expect(loadConfig({ RATELINE_DATA_DIR: dir, RATELINE_API_RATE_LIMIT: "5" }).apiRateLimit).toEqual({ perSecond: 5, burst: 10 });
    expect(loadConfig({ RATELINE_DATA_DIR: dir, RATELINE_API_RATE_LIMIT: "0.5", RATELINE_API_RATE_BURST: "3" }).apiRateLimit).toEqual({ perSecond: 0.5, burst: 3 });
    expect(loadConfig({ RATELINE_DATA_DIR: dir, RATELINE_API_RATE_LIMIT: "0" }).apiRateLimit.perSecond).toBe(0);
    expect(refusal({ RATELINE_DATA_DIR: dir, RATELINE_API_RATE_LIMIT: "fast" })).toMatch(/^RATELINE_API_RATE_LIMIT must be a number/);
    expect(refusal({ RATELINE_DATA_DIR: dir, RATELINE_API_RATE_LIMIT: "-1" })).toMatch(/^RATELINE_API_RATE_LIMIT /);
    expect(refusal({ RATELINE_DATA_DIR: dir, RATELINE_API_RATE_BURST: "1.5" })).toMatch(/^RATELINE_API_RATE_BURST must be a whole number/);
  });

  it("uses PostgreSQL when DATABASE_URL is set, and then requires RATELINE_SECRET", () => {
    expect(refusal({ DATABASE_URL: "postgresql://u@localhost/db" })).toMatch(/^RATELINE_SECRET must be set/);
    const cfg = loadConfig({ DATABASE_URL: "postgresql://u@localhost/db", RATELINE_SECRET: "x".repeat(32) });
    expect(cfg.database).toEqual({ mode: "postgresql", url: "postgresql://u@localhost/db" });
  });

  it("seeds the demo by default only into the embedded database; PostgreSQL gets it only when asked", () => {
    const pg = { DATABASE_URL: "postgresql://u@localhost/db", RATELINE_SECRET: "x".repeat(32) };
    expect(loadConfig({ RATELINE_DATA_DIR: tmp() }).seed).toBe("demo");
    expect(loadConfig({ RATELINE_DATA_DIR: tmp(), RATELINE_SEED: "none" }).seed).toBe("none");
    expect(loadConfig(pg).seed).toBe("none");
    expect(loadConfig({ ...pg, RATELINE_SEED: "" }).seed).toBe("none");
    expect(loadConfig({ ...pg, RATELINE_SEED: "demo" }).seed).toBe("demo");
  });

  it("names the variable in one sentence when a value is wrong", () => {
    expect(refusal({ DATABASE_URL: "mysql://x" })).toMatch(/^DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(refusal({ PORT: "http" })).toMatch(/^PORT /);
    expect(refusal({ RATELINE_SEED: "lots" })).toMatch(/^RATELINE_SEED /);
    expect(refusal({ RATELINE_ADMIN_EMAIL: "a@b.co" })).toMatch(/RATELINE_ADMIN_EMAIL and RATELINE_ADMIN_PASSWORD must be set together/);
    expect(refusal({ RATELINE_BOOTSTRAP_TOKEN: "short" })).toMatch(/^RATELINE_BOOTSTRAP_TOKEN must be at least 20/);
  });

  it("refuses a data directory it cannot write", () => {
    const file = path.join(tmp(), "not-a-dir");
    writeFileSync(file, "");
    expect(refusal({ RATELINE_DATA_DIR: file })).toMatch(/^RATELINE_DATA_DIR \(.*\) is not a writable directory\.$/);
    if (process.getuid?.() !== 0) {
      const dir = tmp();
      chmodSync(dir, 0o500);
      expect(refusal({ RATELINE_DATA_DIR: dir })).toMatch(/^RATELINE_DATA_DIR/);
    }
  });

  it("creates the data directory owner-only (0700) and the secret file 0600", () => {
    const dir = path.join(tmp(), "nested", "data");
    loadConfig({ RATELINE_DATA_DIR: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, "secret")).mode & 0o777).toBe(0o600);
  });

  it("refuses an empty or short secret file with one sentence, and makes a loose one owner-only", () => {
    for (const content of ["", "\n", "short-secret\n", "x".repeat(31)]) {
      const dir = tmp();
      writeFileSync(path.join(dir, "secret"), content);
      const message = refusal({ RATELINE_DATA_DIR: dir });
      expect(message).toMatch(/^The secret file .*secret holds (nothing|fewer than 32 characters): .*\.$/);
      expect(message.split(". ")).toHaveLength(1);
    }
    const dir = tmp();
    writeFileSync(path.join(dir, "secret"), "y".repeat(40), { mode: 0o644 });
    expect(loadConfig({ RATELINE_DATA_DIR: dir }).secret).toBe("y".repeat(40));
    expect(statSync(path.join(dir, "secret")).mode & 0o777).toBe(0o600);
  });

  it("reads RATELINE_TRUST_PROXY and RATELINE_WEBHOOK_ALLOW_HOSTS, refusing bad values", () => {
    const dir = tmp();
    expect(loadConfig({ RATELINE_DATA_DIR: dir }).trustProxy).toBe(false);
    expect(loadConfig({ RATELINE_DATA_DIR: dir, RATELINE_TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ RATELINE_DATA_DIR: dir, RATELINE_TRUST_PROXY: "0" }).trustProxy).toBe(false);
    expect(refusal({ RATELINE_DATA_DIR: dir, RATELINE_TRUST_PROXY: "yes please" })).toBe("RATELINE_TRUST_PROXY must be true or false.");
    const allow = loadConfig({ RATELINE_DATA_DIR: dir, RATELINE_WEBHOOK_ALLOW_HOSTS: "127.0.0.1, 10.0.0.0/8, hooks.internal" }).webhookAllow;
    expect(allow.hosts).toEqual(new Set(["hooks.internal"]));
    expect(allow.ranges).toHaveLength(2);
    expect(refusal({ RATELINE_DATA_DIR: dir, RATELINE_WEBHOOK_ALLOW_HOSTS: "10.0.0.0/99" })).toMatch(/^RATELINE_WEBHOOK_ALLOW_HOSTS cannot read "10.0.0.0\/99"/);
  });
});
