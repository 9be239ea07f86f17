import { expect } from "@playwright/test";
import { apiPost, expectAccessible, screenshot, signIn, test } from "./support";

// A package made through the API is listed and shown in the console, chosen from New contract,
// and a contract is created from it there: its credit dated from the start chosen.

test("sales creates a contract from a package in the console", async ({ page, request }) => {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const sixMonthsOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 1)).toISOString().slice(0, 10);
  const post = apiPost(request);
  const metric = (await post("/v1/billable-metrics/create", { name: "Packaged calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["packaged_call"] } })).data.id;
  const product = (await post("/v1/contract-pricing/products/create", { name: "Packaged calls", type: "USAGE", billable_metric_id: metric })).data.id;
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Packaged list" })).data.id;
  await post("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: product, entitled: true, rate_type: "FLAT", price: 3, starting_at: monthStart });
  const seats = (await post("/v1/contract-pricing/products/create", { name: "Packaged seats", type: "SUBSCRIPTION" })).data.id;
  await post("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: seats, entitled: true, rate_type: "SUBSCRIPTION", price: 1000, billing_frequency: "MONTHLY", starting_at: monthStart });
  await post("/v1/customers", { name: "Template Co" });
  const months = (value: number) => ({ unit: "MONTHS", value });
  await post("/v1/packages/create", {
    name: "Starter package",
    aliases: [{ name: "starter" }],
    contract_name: "Starter",
    duration: months(12),
    rate_card_id: card,
    credits: [{ product_id: product, name: "Welcome credit", priority: 1, access_schedule: { schedule_items: [{ amount: 500, starting_at_offset: months(0), duration: months(3) }] } }],
    overrides: [{ override_specifiers: [{ product_id: product }], starting_at_offset: months(1), type: "MULTIPLIER", multiplier: 0.5 }],
    subscriptions: [{ collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { product_id: seats, billing_frequency: "MONTHLY" }, initial_quantity: 3, duration: months(6) }],
  });

  await signIn(page, "sales@example.com");
  await page.getByRole("navigation").getByRole("link", { name: "Packages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Packages" })).toBeVisible();
  const row = page.getByRole("table", { name: "Packages" }).getByRole("row", { name: /Starter package/ });
  await expect(row).toContainText("starter");
  await expect(row).toContainText("for 12 months");
  await expect(row).toContainText("1 credit, 1 override, 1 subscription");
  await expectAccessible(page);
  await screenshot(page, "packages-list");

  await page.goto("/contracts/new");
  await page.getByRole("navigation", { name: "Start from a package" }).getByRole("link", { name: "Starter package" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Starter package" })).toBeVisible();
  const terms = page.getByRole("table", { name: "Package terms" });
  await expect(terms.getByRole("row", { name: /Welcome credit/ })).toContainText("start, for 3 months");
  await expect(terms.getByRole("row", { name: /override/ })).toContainText("start + 1 month, open-ended");
  await expect(terms.getByRole("row", { name: /Packaged seats/ })).toContainText("start, for 6 months, in advance");
  await expect(terms.getByRole("row", { name: /Packaged seats/ })).toContainText("3 × the rate card's monthly price");
  await expect(page.getByRole("link", { name: "Packaged list" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("combobox", { name: "Customer" }).selectOption({ label: "Template Co" });
  await page.getByLabel("Starts on (UTC)").fill(monthStart.slice(0, 10));
  await page.getByRole("button", { name: "Create contract from package" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Starter", exact: true })).toBeVisible();
  await expect(page.getByText("Welcome credit").first()).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Packaged seats" })).toContainText(`3 seats from ${monthStart.slice(0, 10)}, until ${sixMonthsOn}`);
  await screenshot(page, "contract-from-package");

  await page.goto("/packages");
  await page.getByRole("table", { name: "Packages" }).getByRole("link", { name: "Starter package" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Contracts from this package" })).toBeVisible();
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "Contracts from this package" }) }).getByRole("listitem")).toHaveCount(1);
});
