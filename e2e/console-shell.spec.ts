import { expect } from "@playwright/test";
import { DEMO, expectAccessible, screenshot, signIn, test } from "./support";

test("a wrong password is refused and says so", async ({ page }) => {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("admin@example.com");
  await screenshot(page, "sign-in-refused");
});

test("the sign-in page carries the app's icon and social image, and both are served", async ({ page, request }) => {
  await page.goto("/sign-in");
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  const social = await page.locator('meta[property="og:image"]').getAttribute("content");
  expect(icon).toMatch(/^\/icon\.svg/);
  expect(social).toMatch(/\/social\.png$/);
  const served = [await request.get(icon!), await request.get(new URL(social!).pathname)];
  expect(served.map((r) => [r.status(), r.headers()["content-type"]])).toEqual([
    [200, "image/svg+xml"],
    [200, "image/png"],
  ]);
  await expect(page.locator('img[src="/icon.svg"]')).toHaveCount(1);
});

test("an admin signs in, visits every area in the navigation, and signs out", async ({ page }) => {
  await signIn(page, "admin@example.com", DEMO.password);
  const nav = page.getByRole("navigation", { name: "Console" });
  const links = await nav.getByRole("link").all();
  const targets = await Promise.all(links.map(async (l) => ({ name: (await l.textContent())!.trim(), href: (await l.getAttribute("href"))! })));
  expect(targets.length).toBeGreaterThan(1);
  for (const target of targets) {
    await nav.getByRole("link", { name: target.name }).click();
    await expect(page).toHaveURL(new RegExp(`${target.href === "/" ? "/$" : target.href}`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `console-${target.name.toLowerCase().replace(/\W+/g, "-")}`);
  }
  await nav.getByRole("link", { name: "Overview" }).click();
  const activity = page.getByRole("table", { name: "Customers, their spend this period and their recent events" });
  for (const customer of ["Northwind AI", "Helios Labs", "Quanta Robotics"]) {
    await expect(activity.getByRole("cell", { name: customer })).toBeVisible({ timeout: 15_000 });
  }
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the overview charts this period's revenue, usage, low balances and events on the demo, and keeps refreshing", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  // The figures come from the stored billing state, which the server computes within seconds of starting; the page polls.
  await expect(page.getByTestId("freshness")).toContainText("figures as of", { timeout: 30_000 });

  const byProduct = page.getByRole("table", { name: "Charges so far this period by Product" });
  await expect(byProduct.getByRole("row", { name: /Model tokens/ })).toBeVisible({ timeout: 15_000 });
  await expect(byProduct.getByRole("row", { name: /GPU compute/ })).toContainText("$");
  const byCustomer = page.getByRole("table", { name: "Charges so far this period by Customer" });
  await expect(byCustomer.locator("tbody tr")).toHaveCount(3);
  // Each revenue chart draws a bar per row it lists.
  await expect(page.getByRole("img", { name: /Charges so far this period by Product/ }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("img", { name: /Charges so far this period by Customer/ }).locator(".recharts-bar-rectangle")).toHaveCount(3);

  // The demo's three metrics (other tests may add their own, with no usage yet).
  const trends = page.getByTestId("usage-trend-metric");
  for (const metric of ["API requests", "GPU hours", "Tokens"]) await expect(trends.filter({ hasText: metric }).first().locator(".recharts-area-area")).toBeVisible();
  await expect(page.getByRole("table", { name: "Commits and credits running low" })).toContainText("Onboarding credit");
  await expect(page.getByRole("img", { name: /Events per minute over the last hour/ })).toBeVisible();

  // A poll answers while the page is open, and a range change is kept in the address.
  const poll = page.waitForResponse((r) => r.url().includes("/api/console/overview") && r.status() === 200);
  await page.getByRole("button", { name: "30 days" }).click();
  await poll;
  await expect(page).toHaveURL(/range=30d/);
  await page.reload();
  await expect(page.getByRole("button", { name: "30 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("usage-trend-metric").first().getByRole("img")).toHaveAttribute("aria-label", /per day/);
  const weekly: string[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/api/console/overview?range=7d") && r.ok()) weekly.push(r.url());
  });
  await page.getByRole("button", { name: "7 days" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page).not.toHaveURL(/range=/);
  // The range change fetches once; the page then keeps polling on its own.
  await expect.poll(() => weekly.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("overview-status")).toContainText(/Live · refreshes every 5 s · figures as of/);
  await expectAccessible(page);
  await screenshot(page, "overview");
});

test("an admin creates an API key that works once shown, and stops working when revoked", async ({ page, request }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/settings");
  await page.getByLabel("New key name").fill("e2e key");
  await page.getByRole("button", { name: "Create API key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(secret).toMatch(/^rl_/);
  const ok = await request.get("/v1/credit-types/list", { headers: { Authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  await screenshot(page, "settings-api-key-created");

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke e2e key" }).click();
  await expect(page.getByRole("row", { name: /e2e key/ }).getByText("Revoked")).toBeVisible();
  const refused = await request.get("/v1/credit-types/list", { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
});

test("a viewer sees settings read-only and cannot create a key", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  await page.goto("/settings");
  await expect(page.getByRole("note")).toContainText("only an admin can change settings");
  await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "settings-viewer");
});
