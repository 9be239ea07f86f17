import { expect } from "@playwright/test";
import { expectAccessible, screenshot, signIn, test } from "./support";

// The demo seed sends a dozen events as "acme-staging", an alias no customer has.

test("unmatched events wait for a customer and become its usage when it is given their alias", async ({ page }) => {
  await signIn(page, "sales@example.com");
  await page.goto("/events");
  const events = page.getByRole("table", { name: "Events, newest first" });
  await expect(events.getByRole("row").nth(1)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "events");

  await page.getByLabel("Only unmatched").check();
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/unmatched=true/);
  await expect(events.getByRole("row", { name: /acme-staging/ }).first()).toBeVisible();
  await expect(events.getByText("Unmatched").first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "events-unmatched");

  await page.goto("/customers");
  const customers = page.getByRole("table", { name: "Customers" });
  for (const name of ["Northwind AI", "Helios Labs", "Quanta Robotics"]) await expect(customers.getByRole("link", { name })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "customers");

  await page.getByRole("searchbox", { name: "Search" }).fill("helios-pr");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(customers.locator("tbody").getByRole("link")).toHaveText(["Helios Labs"]);

  await page.getByText("New customer").click();
  await page.getByLabel("Name").fill("Acme Staging");
  await page.getByLabel("Ingest aliases").fill("acme-staging");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Acme Staging" })).toBeVisible();
  const recent = page.getByRole("table", { name: "Recent events of Acme Staging" });
  await expect(recent.getByRole("row")).toHaveCount(11);
  await expect(page.getByText("Created the customer")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "customer-detail");

  await page.getByLabel("Add an alias").fill("northwind-prod");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Save aliases" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Ingest alias already in use" })).toContainText("“northwind-prod” is used by customer Northwind AI");
  await page.getByRole("button", { name: "Remove alias northwind-prod" }).click();
  await page.getByLabel("Add an alias").fill("acme-staging-eu");
  await page.getByLabel("Add an alias").press("Enter");
  await page.getByRole("button", { name: "Save aliases" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ingest aliases saved." })).toBeVisible();
  await expect(page.getByRole("list", { name: "Ingest aliases" }).getByRole("listitem")).toHaveText(["acme-staging×", "acme-staging-eu×"]);

  await page.getByRole("textbox", { name: "Name" }).fill("Acme Staging Ltd");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Staging Ltd" })).toBeVisible();
  await expect(page.getByText("Changed the ingest aliases")).toBeVisible();

  await page.goto("/events?unmatched=true");
  await expect(page.getByRole("row", { name: /acme-staging/ })).toHaveCount(0);

  await page.goto("/customers?search=acme");
  await page.getByRole("link", { name: "Acme Staging Ltd" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Archive customer" }).click();
  await expect(page.getByText(/^Archived \d{4}-/)).toBeVisible();
  await expect(page.getByRole("list", { name: "Ingest aliases" })).toHaveCount(0);
  await page.goto("/customers?status=archived");
  await expect(page.getByRole("link", { name: "Acme Staging Ltd" })).toBeVisible();
});

test("the customer list shows live spend and balances, and a customer's page shows its contracts, usage, invoices, balances and activity", async ({ page }) => {
  await signIn(page, "finance@example.com");
  await page.goto("/customers");
  const list = page.getByRole("table", { name: "Customers" });
  const heliosRow = list.getByRole("row", { name: /Helios Labs/ });
  // Spend and balances are the stored billing state, settled within seconds of the server's start.
  await expect(async () => {
    await page.reload();
    await expect(heliosRow.getByRole("cell").nth(2)).toContainText("$", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(heliosRow.getByRole("cell").nth(3)).toContainText(/\$[\d,.]+ of \$15,500\.00/);
  await heliosRow.getByRole("link", { name: "Helios Labs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Helios Labs" })).toBeVisible();

  for (const section of ["Contracts", "Usage this period", "Invoices", "Commits and credits", "Recent events", "Activity"]) {
    await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByText("Charges this period")).toBeVisible();
  await expect(page.getByRole("table", { name: "Contracts of this customer" }).getByRole("link", { name: "Annual prepaid commitment" })).toHaveAttribute("href", /^\/contracts\/[0-9a-f-]{36}$/);
  const charts = page.getByTestId("customer-usage-metric");
  await expect(charts).toHaveCount(3);
  for (const chart of await charts.all()) await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const invoices = page.getByRole("table", { name: "Invoices of this customer" });
  await expect(invoices.getByText("Draft").first()).toBeVisible();
  const balances = page.getByTestId("customer-balance");
  await expect(balances).toHaveCount(2);
  const credit = page.getByRole("table", { name: "Ledger of Onboarding credit" });
  await expect(credit.getByRole("cell", { name: "Granted" })).toBeVisible();
  await expect(credit.getByRole("cell", { name: "Drawn by an invoice" }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "customer-billing");

  await invoices.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
  await page.goBack();
  await page.getByRole("table", { name: "Contracts of this customer" }).getByRole("link", { name: "Annual prepaid commitment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Annual prepaid commitment/ })).toBeVisible();
});

test("the events explorer finds an event by transaction id and by customer", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/events?customer=quanta-prod");
  const events = page.getByRole("table", { name: "Events, newest first" });
  await expect(events.getByRole("link", { name: "Quanta Robotics" }).first()).toBeVisible();
  await expect(events.getByRole("link", { name: "Northwind AI" })).toHaveCount(0);
  const transactionId = (await events.getByRole("row").nth(1).getByRole("cell").nth(3).textContent())!.trim();
  await page.goto("/events");
  await page.getByRole("searchbox", { name: "Transaction ID" }).fill(transactionId);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(events.getByRole("row")).toHaveCount(2);
  await expect(events.getByRole("cell", { name: transactionId })).toBeVisible();
});

test("a viewer can look at a customer but not change it", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  await page.goto("/customers");
  await expect(page.getByText("New customer")).toHaveCount(0);
  await page.getByRole("link", { name: "Northwind AI" }).click();
  await expect(page.getByRole("note")).toContainText("Only the sales or admin role");
  await expect(page.getByRole("button", { name: "Save aliases" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive customer" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "customer-detail-viewer");
});
