import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, screenshot, signIn } from "./support";

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
  for (const customer of ["Northwind AI", "Helios Labs", "Quanta Robotics"]) {
    await expect(page.getByRole("cell", { name: customer })).toBeVisible();
  }
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in$/);
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
