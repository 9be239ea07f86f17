import { expect } from "@playwright/test";
import { E2E_BOOTSTRAP_TOKEN } from "../playwright.config";
import { expectAccessible, screenshot, signIn, test } from "./support";

// An alert made in the console: the server's job puts Helios Labs in alarm within its interval,
// the Alerts page and the customer's page show it, and the customer's portal shows a banner.

const api = { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` };

test("a low-credit alert puts Helios in alarm, in the console and in its portal", async ({ page, request }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();

  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create alert" }) });
  await form.getByLabel("Name", { exact: true }).fill("Helios running low");
  await form.getByLabel("Type", { exact: true }).selectOption({ label: "Low credit and commitment balance" });
  await form.getByLabel("Customers", { exact: true }).selectOption({ label: "Helios Labs" });
  await form.getByLabel("Threshold", { exact: true }).fill("1000000");
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(page.getByRole("status")).toContainText("Created Helios running low");

  // The billing-state job evaluates it within seconds; the page shows what it found once reloaded.
  const table = page.getByRole("table", { name: "Alerts" });
  const row = table.getByRole("row").filter({ hasText: "Helios running low" });
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole("link", { name: "Helios Labs" }).nth(1)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await expect(row).toContainText("$1,000,000.00");
  await expectAccessible(page);
  await screenshot(page, "alerts");

  await row.getByRole("link", { name: "Helios Labs" }).first().click();
  const alerts = page.getByRole("table", { name: "Alerts of this customer" });
  await expect(alerts.getByRole("row").filter({ hasText: "Helios running low" })).toContainText("In alarm");
  const heliosId = page.url().split("/").pop()!;

  const link = await request.post("/v1/dashboards/getEmbeddableUrl", { headers: api, data: { customer_id: heliosId, dashboard: "credits" } });
  await page.goto(((await link.json()) as { data: { url: string } }).data.url);
  await expect(page.getByTestId("portal-alert-banner")).toContainText("Your credit and commitment balance is at or below $1,000,000.00.");
  await expectAccessible(page);
  await screenshot(page, "portal-alert-banner");

  await page.goto("/alerts");
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Archive Helios running low" }).click();
  await expect(row).toHaveCount(0);
});
