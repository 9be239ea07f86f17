import { expect, type Browser } from "@playwright/test";
import { E2E_BOOTSTRAP_TOKEN } from "../playwright.config";
import { expectAccessible, screenshot, signIn, test } from "./support";

// Access in the console: an API key's scope chosen at creation (and enforced by the API), a user
// changing their own password (their other sessions end), and an admin disabling a user (every
// session of theirs ends at once; signing in says the account is disabled). The user is made here,
// so the demo's users keep their password for the other tests.

const USER = { name: "Dana Access", email: "dana.access@example.com", first: "first-pass-123", second: "second-pass-456" };

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("an admin creates an ingest-only API key: it ingests, and every other call is refused naming its scope", async ({ page, request }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/settings");
  await page.getByLabel("New key name").fill("E2E ingest");
  await page.getByLabel("Scope").selectOption("ingest");
  await page.getByRole("button", { name: "Create API key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())!.trim();
  await expect(page.getByRole("table", { name: "API keys" }).getByRole("row", { name: /E2E ingest/ })).toContainText("Ingest only");
  await expectAccessible(page);
  await screenshot(page, "settings-api-key-scope");

  const auth = { authorization: `Bearer ${secret}` };
  const ingest = await request.post("/v1/ingest", { headers: auth, data: [{ transaction_id: "e2e-scope-1", customer_id: "nobody-yet", event_type: "x", timestamp: new Date().toISOString() }] });
  expect(ingest.status()).toBe(200);
  const read = await request.get("/v1/customers", { headers: auth });
  expect(read.status()).toBe(403);
  expect(((await read.json()) as { message: string }).message).toContain("`ingest` scope");
  // The bootstrap key is a full key.
  expect((await request.get("/v1/customers", { headers: { authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` } })).status()).toBe(200);
});

test("a user changes their own password (their other session ends), then an admin disables them (every session ends)", async ({ page, browser }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, "admin@example.com");
  await page.goto("/settings");
  await page.getByLabel("Name", { exact: true }).fill(USER.name);
  await page.getByLabel("Email", { exact: true }).fill(USER.email);
  await page.getByLabel("Initial password").fill(USER.first);
  await page.getByRole("button", { name: "Add user" }).click();
  const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(USER.email) });
  await expect(row).toContainText("Active");

  // Two sessions of the new user: a laptop and a phone.
  const laptop = await newPage(browser);
  const phone = await newPage(browser);
  await signIn(laptop, USER.email, USER.first);
  await signIn(phone, USER.email, USER.first);

  await laptop.getByRole("link", { name: "Change password" }).click();
  await expect(laptop.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await laptop.getByLabel("Current password").fill("not-my-password");
  await laptop.getByLabel("New password").fill(USER.second);
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Not your current password")).toBeVisible();
  await laptop.getByLabel("Current password").fill(USER.first);
  await laptop.getByLabel("New password").fill(USER.second);
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Your password has been changed. 1 other session(s) signed out.")).toBeVisible();
  await expectAccessible(laptop);
  await screenshot(laptop, "account-password-changed");
  // The laptop stays signed in; the phone is signed out.
  await laptop.goto("/customers");
  await expect(laptop.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await phone.goto("/customers");
  await expect(phone).toHaveURL(/\/sign-in$/);
  await signIn(phone, USER.email, USER.second);

  // The admin disables the user: both sessions end at once, and signing in says why.
  await page.reload();
  await row.getByRole("button", { name: `Disable ${USER.email}` }).click();
  await expect(row).toContainText("Disabled");
  await screenshot(page, "settings-user-disabled");
  for (const session of [laptop, phone]) {
    await session.goto("/customers");
    await expect(session).toHaveURL(/\/sign-in$/);
  }
  await laptop.getByLabel("Email").fill(USER.email);
  await laptop.getByLabel("Password").fill(USER.second);
  await laptop.getByRole("button", { name: "Sign in" }).click();
  await expect(laptop.getByRole("alert").filter({ hasText: "This account has been disabled" })).toBeVisible();

  // Enabled again, with a password the admin resets.
  await row.getByRole("button", { name: `Enable ${USER.email}` }).click();
  await expect(row).toContainText("Active");
  await row.getByText("Reset password").click();
  await row.getByLabel(`New password for ${USER.email}`).fill("reset-pass-789");
  await row.getByRole("button", { name: "Set password" }).click();
  await expect(row.getByText(`New password set for ${USER.email}; their sessions have ended.`)).toBeVisible();
  await signIn(laptop, USER.email, "reset-pass-789");
});
