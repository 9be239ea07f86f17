import { expect } from "@playwright/test";
import { apiPost, expectAccessible, screenshot, signIn, test } from "./support";

// The deal terms that bill on their own, in the console: sales sets threshold billing, auto-recharge
// and the total contract value in the builder; the contract page shows them, and a contract that
// supersedes it, made through the API, shows on both.

test("sales sets threshold billing, auto-recharge and the contract value, and sees its successor", async ({ page, request }) => {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  const post = apiPost(request);
  const metric = (await post("/v1/billable-metrics/create", { name: "Trigger calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["trigger_call"] } })).data.id;
  const product = (await post("/v1/contract-pricing/products/create", { name: "Trigger calls", type: "USAGE", billable_metric_id: metric })).data.id;
  await post("/v1/contract-pricing/products/create", { name: "Prepayment", type: "FIXED" });
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Triggers" })).data.id;
  await post("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: product, entitled: true, rate_type: "FLAT", price: 10, starting_at: monthStart });
  const customer = (await post("/v1/customers", { name: "Triggers Co", ingest_aliases: ["triggers-co"] })).data.id;

  await signIn(page, "sales@example.com");
  await page.goto(`/contracts/new?customer=${customer}`);
  await page.getByRole("combobox", { name: "Customer" }).selectOption({ label: "Triggers Co" });
  await page.getByLabel("Contract name (optional)").fill("Triggered");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Rate card").selectOption({ label: "Triggers" });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel(/Total contract value/).fill("1200");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("checkbox", { name: /Threshold billing/ }).check();
  await page.getByLabel(/When unbilled spend reaches/).fill("50");
  await page.getByRole("checkbox", { name: /Auto-recharge/ }).check();
  await page.getByLabel(/When the balance falls to/).fill("10");
  await page.getByLabel(/Recharge up to/).fill("40");
  await expectAccessible(page);
  await screenshot(page, "contract-builder-billing-triggers");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Review contract" }).click();
  await expect(page.getByText("Invoice when unbilled spend reaches $50.00; Recharge to $40.00 when the prepaid balance falls to $10.00 · total contract value $1,200.00")).toBeVisible();
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Triggered" })).toBeVisible({ timeout: 20_000 });
  const terms = page.getByRole("definition").filter({ hasText: "unbilled spend" });
  await expect(terms).toContainText("Invoice at once when unbilled spend in a period reaches $50.00");
  await expect(page.getByRole("definition").filter({ hasText: "prepaid balance" })).toContainText("When the prepaid balance falls to $10.00, buy it back up to $40.00");
  await expect(page.getByRole("definition").filter({ hasText: "recorded, not billed" })).toContainText("$1,200.00");

  // A contract superseding it from next month, made through the API: each links to the other.
  const contractId = page.url().split("/").at(-1)!;
  const successor = (await post("/v1/contracts/create", { customer_id: customer, rate_card_id: card, name: "Next year", starting_at: nextMonth, transition: { type: "SUPERSEDE", from_contract_id: contractId } })).data.id;
  await page.reload();
  await expect(page.getByRole("term").filter({ hasText: "Superseded by" })).toBeVisible();
  await expect(page.getByRole("link", { name: "the next contract" })).toHaveAttribute("href", `/contracts/${successor}`);
  await expectAccessible(page);
  await screenshot(page, "contract-billing-triggers");
  await page.getByRole("link", { name: "the next contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Next year" })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "Supersedes" })).toBeVisible();
  await expect(page.getByRole("link", { name: "the previous contract" })).toHaveAttribute("href", `/contracts/${contractId}`);
});
