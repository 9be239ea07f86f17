import { expect, type Page } from "@playwright/test";
import { expectAccessible, screenshot, signIn, test } from "./support";

// The demo seed gives every customer `industry: AI`, set at creation without a defined key.

async function openCustomer(page: Page, name: string) {
  await page.goto("/customers");
  await page.getByRole("table", { name: "Customers" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

const panel = (page: Page) => page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Custom fields" }) });

test("a custom field is defined, set, edited, kept unique and deleted on a customer's page", async ({ page }) => {
  await signIn(page, "sales@example.com");
  await openCustomer(page, "Northwind AI");
  const fields = panel(page).getByRole("list", { name: "Custom fields" });
  await expect(fields.getByRole("listitem")).toHaveText([/industry\s*AI/]);
  await expect(panel(page).getByText("No custom field keys are defined for customers yet.")).toBeVisible();

  await panel(page).getByLabel("New key").fill("crm_id");
  await panel(page).getByLabel("Values must be unique across customers").check();
  await panel(page).getByRole("button", { name: "Define key" }).click();
  await expect(panel(page).getByRole("status").filter({ hasText: "Defined the key crm_id" })).toBeVisible();

  await panel(page).getByLabel("Key", { exact: true }).selectOption("crm_id");
  await panel(page).getByLabel("Value", { exact: true }).fill("CRM-0042");
  await panel(page).getByRole("button", { name: "Add field" }).click();
  await expect(fields.getByRole("listitem")).toHaveText([/crm_id\s*\(unique\)\s*CRM-0042/, /industry\s*AI/]);
  await expect(panel(page).getByText("Every key defined for customers has a value here.")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "customer-custom-fields");

  await panel(page).getByRole("button", { name: "Edit crm_id" }).click();
  await panel(page).getByRole("textbox", { name: "crm_id" }).fill("CRM-0043");
  await panel(page).getByRole("button", { name: "Save" }).click();
  await expect(fields.getByRole("listitem").first()).toHaveText(/CRM-0043/);
  await page.reload();
  await expect(fields.getByRole("listitem").first()).toHaveText(/CRM-0043/);
  await expect(page.getByText("custom_fields: crm_id=CRM-0042, industry=AI → crm_id=CRM-0043, industry=AI")).toBeVisible();

  // Another customer cannot take a value of a key that enforces uniqueness.
  await openCustomer(page, "Helios Labs");
  await panel(page).getByLabel("Key", { exact: true }).selectOption("crm_id");
  await panel(page).getByLabel("Value", { exact: true }).fill("CRM-0043");
  await panel(page).getByRole("button", { name: "Add field" }).click();
  await expect(panel(page).getByRole("alert")).toContainText("already has \"CRM-0043\" for crm_id");
  await expectAccessible(page);

  await openCustomer(page, "Northwind AI");
  page.once("dialog", (dialog) => dialog.accept());
  await panel(page).getByRole("button", { name: "Delete crm_id" }).click();
  await expect(fields.getByRole("listitem")).toHaveText([/industry\s*AI/]);
  await expect(panel(page).getByLabel("Key", { exact: true })).toHaveValue("crm_id");
});
