// npm run test:e2e: Playwright in Chromium against the real server (started by playwright.config.ts).
// Without a browser it fails with instructions; it never skips silently.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

function browserPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", chromium.executablePath()];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

if (!browserPath()) {
  console.error(
    [
      "The end-to-end tests need Chromium, and none was found.",
      "  Debian/Ubuntu:  sudo apt-get install -y chromium      (then re-run npm test)",
      "  Elsewhere:      npx playwright install chromium",
      "  Or point CHROMIUM_PATH at a Chromium or Chrome binary.",
    ].join("\n"),
  );
  process.exit(1);
}

const result = spawnSync("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
process.exit(result.status ?? 1);
