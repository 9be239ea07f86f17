import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Debian's Chromium where it is installed (these machines cannot download Playwright's own
// browsers); Playwright's managed browser anywhere else. scripts/e2e.ts checks one exists.
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `rateline-e2e-${PORT}`);
export const E2E_BOOTSTRAP_TOKEN = "rl_e2e_bootstrap_token_0123456789";
// The portal e2e test serves a page that embeds the portal from this other origin (127.0.0.1, not localhost).
export const E2E_EMBED_PORT = PORT + 1;
export const E2E_EMBED_ORIGIN = `http://127.0.0.1:${E2E_EMBED_PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1366, height: 860 },
    // No colour transitions for the accessibility checks to catch half-way (the app honours it).
    reducedMotion: "reduce",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node_modules/.bin/tsx scripts/start.ts`,
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      RATELINE_DATA_DIR: E2E_DATA_DIR,
      RATELINE_SEED: "demo",
      RATELINE_BOOTSTRAP_TOKEN: E2E_BOOTSTRAP_TOKEN,
      DATABASE_URL: "",
      RATELINE_EMBED_ORIGINS: E2E_EMBED_ORIGIN,
      // The webhook test's receiver listens on loopback, which webhooks may reach only when allow-listed.
      RATELINE_WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
    },
  },
});
