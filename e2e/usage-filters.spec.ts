import { expect } from "@playwright/test";
import { apiPost, expectAccessible, screenshot, signIn, test } from "./support";

// Usage filters in the console: a customer whose US usage is on one contract gets a second
// contract for its EU usage from the builder, with a recurring commit; the builder refuses a
// filter that would share US, and the contract page shows the filter and refuses a change that would.

test("sales splits a customer's usage by region between two contracts", async ({ page, request }) => {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const post = apiPost(request);
  // A catalog whose one usage metric keeps region: calls at 10¢.
  const metric = (await post("/v1/billable-metrics/create", { name: "Regional calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["regional_call"] }, group_keys: [["region"]] })).data.id;
  const product = (await post("/v1/contract-pricing/products/create", { name: "Regional calls", type: "USAGE", billable_metric_id: metric })).data.id;
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Regional" })).data.id;
  await post("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: product, entitled: true, rate_type: "FLAT", price: 10, starting_at: monthStart });
  const customer = (await post("/v1/customers", { name: "Regions Co", ingest_aliases: ["regions-co"] })).data.id;
  await post("/v1/contracts/create", { customer_id: customer, rate_card_id: card, name: "US usage", starting_at: monthStart, usage_filter: { group_key: "region", group_values: ["us"] } });
  // 30 US and 20 EU calls this month.
  const at = new Date(Math.max(Date.parse(monthStart), now.getTime() - 60_000)).toISOString();
  const event = (region: string, i: number) => ({ transaction_id: `regions-${region}-${i}`, customer_id: "regions-co", event_type: "regional_call", timestamp: at, properties: { region } });
  await post("/v1/ingest", [...Array.from({ length: 30 }, (_, i) => event("us", i)), ...Array.from({ length: 20 }, (_, i) => event("eu", i))]);

  await signIn(page, "sales@example.com");
  await page.goto("/contracts/new");
  await expect(page.getByRole("heading", { level: 1, name: "New contract" })).toBeVisible();
  await page.getByRole("combobox", { name: "Customer" }).selectOption({ label: "Regions Co" });
  await page.getByLabel("Contract name (optional)").fill("EU usage");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Rate card").selectOption({ label: "Regional" });
  await page.getByRole("button", { name: "Next" }).click();
  // A filter that shares us with the US contract: refused, and the step shows why.
  await page.getByLabel("Group key").fill("region");
  await page.getByLabel("Values (comma-separated)").fill("eu, us");
  await expectAccessible(page);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Review contract" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "both filters take region = us" })).toContainText("The customer already has contract US usage", { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 2, name: "Dates and billing" })).toBeVisible();
  await expect(page.getByLabel("Group key")).toHaveAccessibleDescription(/would bill usage a live contract of the customer bills too/i);

  await page.getByLabel("Values (comma-separated)").fill("eu");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Next" }).click();
  // A recurring commit: $1.50 each month from the contract's start, invoiced each month.
  await page.getByRole("button", { name: "Add recurring commit" }).click();
  await page.getByLabel(/Amount each period/).fill("1.50");
  await page.getByLabel("Name (optional)").fill("Monthly commit");
  await expect(page.getByLabel("Prorate")).toHaveValue("FIRST_AND_LAST");
  await expectAccessible(page);
  await screenshot(page, "contract-builder-recurring-commit");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Review contract" }).click();
  // The projected invoice bills the 20 EU calls only: $2.00, of which the month's commit pays $1.50.
  const projected = page.getByRole("article", { name: "Projected first usage invoice" });
  await expect(projected).toContainText("Regional calls", { timeout: 20_000 });
  await expect(projected).toContainText("$2.00");
  await expect(projected).toContainText("Monthly commit");
  await expect(projected).toContainText("$0.50");
  await expect(page.getByText("region = eu", { exact: true })).toBeVisible();
  await expect(page.getByText("Recurring commit of $1.50 each period")).toBeVisible();
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "EU usage" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("list", { name: "Usage filters" })).toContainText(`region = eu from ${monthStart.slice(0, 10)}`);
  // This month's $1.50 is granted and drawn; the coming months' are shown with the day they start.
  const commitRows = page.getByRole("table", { name: "Commits and credits" }).getByRole("row", { name: /Monthly commit/ });
  await expect(commitRows.first()).toContainText("$1.50");
  await expect(commitRows.nth(1)).toContainText(`$1.50 from ${new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)}`);
  await expectAccessible(page);
  await screenshot(page, "contract-usage-filter");

  // Taking us too from today would bill the US contract's events twice: refused, saying so.
  await page.getByLabel("Values (comma-separated)").fill("eu, us");
  await page.getByRole("button", { name: "Set usage filter" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "both filters take region = us" })).toBeVisible({ timeout: 20_000 });
  // Adding a value no other contract takes is saved, and the filter list shows it.
  await page.getByLabel("Values (comma-separated)").fill("eu, ch");
  await page.getByRole("button", { name: "Set usage filter" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Usage filter set" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("list", { name: "Usage filters" })).toContainText("region = eu, ch");
  await expectAccessible(page);
});
