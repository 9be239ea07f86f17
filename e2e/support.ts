import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { E2E_BOOTSTRAP_TOKEN } from "../playwright.config";

/**
 * Playwright's `test`, failing any test whose pages log a Content-Security-Policy violation: the
 * console's policy (proxy.ts) must never block what the app itself runs or loads.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
      });
      await use();
      expect(violations, "CSP violations in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export const DEMO = { password: "rateline-demo" } as const;

export async function signIn(page: Page, email: string, password: string = DEMO.password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  // Next.js streams page metadata: after a client-side navigation the title lands a moment later.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync("e2e/screenshots", { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/**
 * POSTs to the REST API with the bootstrap token, failing the test with the answer unless it
 * succeeds; resolves to the answer's JSON (an object with an id under `data` for the creates).
 */
export function apiPost(request: APIRequestContext) {
  return async <T = { data: { id: string } }>(path: string, data: unknown): Promise<T> => {
    const response = await request.post(path, { headers: { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` }, data });
    const text = await response.text();
    expect(response.ok(), `${path}: ${text}`).toBe(true);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
