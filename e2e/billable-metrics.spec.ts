import { expect } from "@playwright/test";
import { E2E_BOOTSTRAP_TOKEN } from "../playwright.config";
import { expectAccessible, screenshot, signIn, test } from "./support";

test("a pricing user designs a metric against a live preview, creates it, and archives it", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await page.goto("/billable-metrics");
  const metrics = page.getByRole("table", { name: "Billable metrics" });
  for (const name of ["Tokens", "API requests", "GPU hours"]) await expect(metrics.getByRole("link", { name, exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "billable-metrics-list");

  await page.getByRole("searchbox", { name: "Search" }).fill("gpu");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/search=gpu/);
  await expect(metrics.locator("tbody").getByRole("link")).toHaveText(["GPU hours"]);

  await page.getByRole("link", { name: "New billable metric" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New billable metric" })).toBeVisible();
  await page.getByLabel("Metric name").fill("E2E tokens by model");
  await page.getByLabel("Event types").selectOption("in");
  await page.getByLabel("Types (comma-separated)").fill("completion");
  await page.getByLabel("Aggregation").selectOption("SUM");
  await page.getByLabel("Property to aggregate").fill("tokens");
  await page.getByRole("button", { name: "Add “tokens must exist”" }).click();
  await expect(page.getByLabel("Property filter 1: property")).toHaveValue("tokens");
  await page.getByRole("button", { name: "+ Add group key" }).click();
  await page.getByLabel("Group key 1: properties, comma-separated").fill("model");

  const preview = page.getByRole("region", { name: "Preview: last 7 days" });
  await expect(preview.getByRole("heading", { name: "By model" })).toBeVisible();
  await expect(preview.getByRole("cell", { name: "aurora-mini" })).toBeVisible();
  await expect(preview.getByTestId("preview-total")).toHaveText(/^[\d,]+$/);
  await expect(preview).toHaveAttribute("aria-busy", "false");
  await expectAccessible(page);
  await screenshot(page, "billable-metric-new-preview");

  await page.getByLabel("Preview for").selectOption({ label: "Helios Labs" });
  await expect(preview.getByText(/UTC · Helios Labs$/)).toBeVisible();

  await page.getByRole("button", { name: "Create billable metric" }).click();
  await expect(page).toHaveURL(/\/billable-metrics\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "E2E tokens by model" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Earlier events rolled up" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "billable-metric-detail");

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Archive metric" }).click();
  await expect(page.getByText(/^Archived \d{4}-/)).toBeVisible();

  await page.goto("/billable-metrics");
  await expect(metrics.getByRole("link", { name: "E2E tokens by model" })).toHaveCount(0);
  await page.getByLabel("Include archived").check();
  await page.getByRole("button", { name: "Search" }).click();
  await expect(metrics.getByRole("row", { name: /E2E tokens by model/ }).getByText("Archived")).toBeVisible();
});

test("an invalid metric is refused with the reason beside its field, and nothing is created", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/billable-metrics/new");
  await page.getByLabel("Metric name").fill("Half-defined");
  await page.getByLabel("Aggregation").selectOption("MAX");
  const preview = page.getByRole("region", { name: "Preview: last 7 days" });
  await expect(preview.getByText("The preview needs a complete definition:")).toBeVisible();
  await page.getByRole("button", { name: "Create billable metric" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correct the fields marked in red" })).toBeVisible();
  await expect(page.getByLabel("Property to aggregate")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Property to aggregate")).toHaveAccessibleDescription("Name the property");
  await expect(page.getByLabel("Aggregation")).toHaveValue("MAX");
  await expect(page).toHaveURL(/\/billable-metrics\/new$/);
  await expectAccessible(page);
  await screenshot(page, "billable-metric-new-invalid");
  await page.goto("/billable-metrics?search=Half-defined");
  await expect(page.getByText("No metrics match")).toBeVisible();
});

test("a copy starts from the original's definition", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/billable-metrics");
  await page.getByRole("link", { name: "GPU hours" }).click();
  // The products that bill with it are linked from it.
  const products = page.locator("section").filter({ has: page.getByRole("heading", { name: "Products", exact: true }) });
  await expect(products.getByRole("link").first()).toBeVisible();
  await page.getByRole("link", { name: "Create a copy" }).click();
  await expect(page.getByLabel("Metric name")).toHaveValue("GPU hours (copy)");
  await expect(page.getByLabel("Property to aggregate")).toHaveValue("gpu_hours");
  await expect(page.getByLabel("Group key 1: properties, comma-separated")).toHaveValue("gpu_type");
});

test("a viewer reads metrics but cannot create one", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  await page.goto("/billable-metrics");
  await expect(page.getByRole("link", { name: "New billable metric" })).toHaveCount(0);
  await page.goto("/billable-metrics/new");
  await expect(page.getByRole("note")).toContainText("Only the pricing or admin role");
  await expectAccessible(page);
});

test("a metric whose events cannot be rolled up says so in the list and on its page, and the others carry on", async ({ page, request }) => {
  const api = { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` };
  const name = `E2E overflowing ${Date.now()}`;
  const metric = await (
    await request.post("/v1/billable-metrics/create", { headers: api, data: { name, aggregation_type: "SUM", aggregation_key: "e2e_big", property_filters: [{ name: "e2e_big", exists: true }] } })
  ).json();
  const calls = await (await request.post("/v1/billable-metrics/create", { headers: api, data: { name: `${name} calls`, aggregation_type: "COUNT", event_type_filter: { in_values: ["e2e_overflow"] } } })).json();
  const alias = `e2e-overflow-${Date.now()}`;
  await request.post("/v1/customers", { headers: api, data: { name: "Overflow Co", ingest_aliases: [alias] } });
  // 10^40 is more than a rollup's numeric(65, 30) holds: this metric's rollup fails, every other's goes on.
  const ingest = await request.post("/v1/ingest", {
    headers: { ...api, "content-type": "application/json" },
    data: `[{"transaction_id": "${alias}-1", "customer_id": "${alias}", "event_type": "e2e_overflow", "timestamp": "${new Date().toISOString()}", "properties": {"e2e_big": 1e40}}]`,
  });
  expect(ingest.status()).toBe(200);

  await signIn(page, "pricing@example.com");
  await page.goto(`/billable-metrics?search=${encodeURIComponent(name)}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(async () => {
    await page.reload();
    await expect(row.getByText(/^rollup failing: .*overflow/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: `${name} calls`, exact: true }) }).getByText("rollup failing")).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "billable-metric-rollup-failing");

  await row.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(/^rollup failing: .*overflow/)).toBeVisible();

  // The other metric counted the event.
  const usage = await (
    await request.post("/v1/usage", {
      headers: api,
      data: { starting_on: new Date(Date.now() - 86_400_000).toISOString(), ending_before: new Date(Date.now() + 3_600_000).toISOString(), window_size: "NONE", billable_metrics: [{ id: calls.data.id }] },
    })
  ).json();
  expect(usage.data.map((d: { value: number }) => d.value)).toContain(1);

  // A customer made for an alias whose waiting events include the poison one is created (it was a
  // 500 when the alias's events were rolled up with it), and the other metric counts its event.
  const later = `${alias}-later`;
  const waiting = await request.post("/v1/ingest", {
    headers: { ...api, "content-type": "application/json" },
    data: `[{"transaction_id": "${later}-1", "customer_id": "${later}", "event_type": "e2e_overflow", "timestamp": "${new Date().toISOString()}", "properties": {"e2e_big": 1e40}}]`,
  });
  expect(waiting.status()).toBe(200);
  const created = await request.post("/v1/customers", { headers: api, data: { name: "Overflow Later Co", ingest_aliases: [later] } });
  expect(created.status()).toBe(200);
  const laterId = (await created.json()).data.id;
  await expect(async () => {
    const counted = await (
      await request.post("/v1/usage", {
        headers: api,
        data: { starting_on: new Date(Date.now() - 86_400_000).toISOString(), ending_before: new Date(Date.now() + 3_600_000).toISOString(), window_size: "NONE", customer_ids: [laterId], billable_metrics: [{ id: calls.data.id }] },
      })
    ).json();
    expect(counted.data.map((d: { value: number }) => d.value)).toEqual([1]);
  }).toPass({ timeout: 20_000 });
  // Archived, so the later specs' overview and customer pages do not read its 10^40.
  for (const id of [metric.data.id, calls.data.id]) await request.post("/v1/billable-metrics/archive", { headers: api, data: { id } });
});

test("the preview shows at most 25 groups of a key, and says how many more there are", async ({ page, request }) => {
  const type = `e2e_many_users_${Date.now()}`;
  const ingest = await request.post("/v1/ingest", {
    headers: { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` },
    data: Array.from({ length: 30 }, (_, i) => ({ transaction_id: `${type}-${i}`, customer_id: "quanta-prod", event_type: type, timestamp: new Date(Date.now() - 60_000).toISOString(), properties: { user: `user-${i}` } })),
  });
  expect(ingest.status()).toBe(200);

  await signIn(page, "pricing@example.com");
  await page.goto("/billable-metrics/new");
  await page.getByLabel("Metric name").fill("E2E users");
  await page.getByLabel("Event types").selectOption("in");
  await page.getByLabel("Types (comma-separated)").fill(type);
  await page.getByLabel("Aggregation").selectOption("COUNT");
  await page.getByRole("button", { name: "+ Add group key" }).click();
  await page.getByLabel("Group key 1: properties, comma-separated").fill("user");

  const preview = page.getByRole("region", { name: "Preview: last 7 days" });
  await expect(preview.getByTestId("preview-total")).toHaveText("30");
  await expect(preview.getByRole("table", { name: "Preview by user" }).locator("tbody tr")).toHaveCount(25);
  await expect(preview.getByText("and 5 more groups")).toBeVisible();
  await expect(preview).toHaveAttribute("aria-busy", "false");
  await expectAccessible(page);
  await screenshot(page, "billable-metric-preview-many-groups");
});
