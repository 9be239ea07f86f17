import { expect } from "@playwright/test";
import { apiPost, expectAccessible, screenshot, signIn, test } from "./support";

// Specifiers in the console: the contract page says what a commit's specifiers draw on and what
// an override's override_specifiers price.

test("the contract page shows a balance's and an override's specifiers", async ({ page, request }) => {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  const post = apiPost(request);
  const metric = (await post("/v1/billable-metrics/create", { name: "Model tokens", aggregation_type: "SUM", aggregation_key: "tokens", property_filters: [{ name: "tokens", exists: true }], group_keys: [["model", "region"]] })).data.id;
  const product = (await post("/v1/contract-pricing/products/create", { name: "Model tokens", type: "USAGE", billable_metric_id: metric, pricing_group_key: ["model"], presentation_group_key: ["region"] })).data.id;
  const fixed = (await post("/v1/contract-pricing/products/create", { name: "Model allowance", type: "FIXED" })).data.id;
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Models" })).data.id;
  await post("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: product, entitled: true, rate_type: "FLAT", price: 30, starting_at: monthStart, pricing_group_values: { model: "gpt-4" } });
  const customer = (await post("/v1/customers", { name: "Specifier Co" })).data.id;
  const contract = (
    await post("/v1/contracts/create", {
      customer_id: customer,
      rate_card_id: card,
      name: "Models",
      starting_at: monthStart,
      commits: [
        {
          type: "PREPAID",
          product_id: fixed,
          name: "GPT-4 commit",
          priority: 1,
          access_schedule: { schedule_items: [{ amount: 1000, starting_at: monthStart, ending_before: nextMonth }] },
          specifiers: [{ product_id: product, pricing_group_values: { model: "gpt-4" } }],
        },
      ],
      overrides: [{ starting_at: monthStart, type: "MULTIPLIER", multiplier: 0.5, override_specifiers: [{ presentation_group_values: { region: "eu" } }] }],
    })
  ).data.id;

  await signIn(page, "sales@example.com");
  await page.goto(`/contracts/${contract}`);
  await expect(page.getByText("Draws on Model tokens, model = gpt-4")).toBeVisible();
  await expect(page.getByText("region = eu", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "contract-specifiers");
});
