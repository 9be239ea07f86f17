import { expect, type Page } from "@playwright/test";
import { expectAccessible, screenshot, signIn, test } from "./support";

// Products and rate cards in the console, on the demo company's "List prices 2026" card.

const NEXT_YEAR = new Date().getUTCFullYear() + 1;

async function openDemoCard(page: Page) {
  await page.goto("/rate-cards");
  await page.getByRole("link", { name: "List prices 2026" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "List prices 2026" })).toBeVisible();
}

test("pricing browses products and rate cards, and creates a product", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Products" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  const tokens = page.getByRole("row", { name: /Model tokens/ });
  await expect(tokens).toContainText("Tokens");
  await expect(tokens.getByRole("link", { name: "List prices 2026" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "products");

  await page.getByLabel("Search").fill("gpu");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/search=gpu/);
  await expect(page.getByRole("row")).toHaveCount(2);

  await page.goto("/products/new");
  await page.getByLabel("Name (shown on invoices)").fill("Batch tokens");
  await page.getByLabel("Billable metric").selectOption({ label: "Tokens" });
  await page.getByLabel("Price and group usage by").selectOption({ label: "model + token_type" });
  await page.getByRole("radio", { name: "only splits invoice lines" }).nth(1).check();
  await page.getByLabel("Convert quantity").selectOption("DIVIDE");
  await page.getByLabel("Factor").fill("1000000");
  await page.getByLabel("Tags (optional)").fill("inference, batch");
  await expectAccessible(page);
  await screenshot(page, "product-new");
  await page.getByRole("button", { name: "Create product" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Batch tokens" })).toBeVisible();
  await expect(page.getByText("Prices by")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^model$/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^token_type$/ })).toBeVisible();
  await expect(page.getByText("divided by 1000000")).toBeVisible();

  // An edit is a new version from a date; the current one stays until then.
  await page.getByLabel("Name (shown on invoices)").fill("Batch inference tokens");
  await page.getByLabel("Takes effect (UTC, on the hour)").fill(`${NEXT_YEAR}-02-01T00:00`);
  await page.getByRole("button", { name: "Schedule change" }).click();
  await expect(page.getByRole("row", { name: /Scheduled/ })).toContainText("Name: Batch tokens → Batch inference tokens");
  await expect(page.getByRole("heading", { level: 1, name: "Batch tokens" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "product-detail");
});

test("pricing schedules a price change and a promotion on the demo rate card, and sees them in the rate history", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await openDemoCard(page);
  await expect(page.getByRole("row", { name: /API requests/ })).toContainText("$0.00 up to 100,000, $0.0002 up to 1,000,000, then $0.0001 per unit");
  await expectAccessible(page);
  await screenshot(page, "rate-card");

  await page.getByRole("link", { name: "Change the price of API requests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change a price" })).toBeVisible();
  await expect(page.getByLabel("Price of tier 2")).toHaveValue("0.0002");
  await page.getByLabel("Price of tier 2").fill("0.00015");
  await page.getByLabel("Takes effect (UTC, on the hour)").fill(`${NEXT_YEAR}-01-01T00:00`);
  // The preview is the engine's total for a period: at 375,000, 100,000 free, then 275,000 × $0.00015.
  await expect(page.getByRole("img", { name: /Total price by quantity/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: "$41.25" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "rate-change-form");
  // Unfocused, unhovered and scrolled to the top, for a clean picture of the tier editor.
  await page.getByRole("heading", { level: 1, name: "Change a price" }).click();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "rate-card-editor");
  await page.getByRole("button", { name: "Schedule price change" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "API requests" })).toBeVisible();
  const scheduled = page.getByRole("row", { name: /Scheduled/ });
  await expect(scheduled).toContainText(`${NEXT_YEAR}-01-01 00:00 UTC`);
  await expect(scheduled).toContainText("$0.00015 up to 1,000,000");
  await expect(page.getByRole("row", { name: /In force/ })).toContainText(`${NEXT_YEAR}-01-01 00:00 UTC`);
  await expectAccessible(page);
  await screenshot(page, "rate-history");

  // A promotion on the H100 price ends by itself: the list price comes back at its end.
  await openDemoCard(page);
  await page.getByRole("link", { name: "GPU compute" }).first().click();
  await page.getByRole("link", { name: "Promotional price: gpu_type = H100" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Schedule a promotional price" })).toBeVisible();
  await page.getByLabel(/Price per unit/).fill("1.99");
  await page.getByLabel("Takes effect (UTC, on the hour)").fill(`${NEXT_YEAR}-03-01T00:00`);
  await page.getByLabel("Ends (UTC, on the hour)").fill(`${NEXT_YEAR}-04-01T00:00`);
  await page.getByRole("button", { name: "Schedule promotion" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "GPU compute" })).toBeVisible();
  const h100 = page.getByRole("table", { name: /H100/ });
  await expect(h100.getByRole("row", { name: /Scheduled/ })).toHaveCount(2);
  await expect(h100.getByRole("row", { name: /\$1\.99 per unit/ })).toContainText(`${NEXT_YEAR}-04-01 00:00 UTC`);
  await expect(h100.getByRole("row", { name: /\$2\.49 per unit/ }).first()).toContainText(`${NEXT_YEAR}-04-01 00:00 UTC`);
  await screenshot(page, "rate-history-promotion");
});

test("a start off the hour is refused with a message that says why, and nothing changes", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await openDemoCard(page);
  await page.getByRole("link", { name: "Add a rate" }).click();
  await page.getByLabel("Product").selectOption({ label: "API requests (usage)" });
  await page.getByLabel("Rate type").selectOption("FLAT");
  await page.getByLabel(/Price per unit/).fill("0.5");
  await page.getByLabel("Takes effect (UTC, on the hour)").fill(`${NEXT_YEAR}-05-01T10:30`);
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(page.getByText(/Must be on an hour boundary/).first()).toBeVisible();
  await expect(page.getByLabel(/Price per unit/)).toHaveValue("0.5");
});

test("a rate card is created and duplicated with its rates", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await page.goto("/rate-cards");
  await expectAccessible(page);
  await screenshot(page, "rate-cards");
  await openDemoCard(page);
  await page.getByLabel("Name of the copy").fill("Enterprise 2026");
  await page.getByRole("button", { name: "Duplicate with all rates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enterprise 2026" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Model tokens/ })).toHaveCount(3);
});

test("a viewer sees products and rate cards read-only and is refused a write with the reason", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  for (const path of ["/products", "/rate-cards"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "New product" })).toHaveCount(0);
    await expectAccessible(page);
  }
  await expect(page.getByRole("note")).toContainText("Only the pricing or admin role can change prices");
  await screenshot(page, "rate-cards-viewer");
  await openDemoCard(page);
  await expect(page.getByRole("link", { name: /Change the price/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Add a rate" })).toHaveCount(0);
  await expectAccessible(page);

  // The form is reachable by its address; saving is refused by the service, which says why.
  await page.goto("/products/new");
  await page.getByLabel("Name (shown on invoices)").fill("Sneaky");
  await page.getByLabel("Type").selectOption("FIXED");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This needs the pricing or admin role; you are signed in as viewer." })).toBeVisible();
  await screenshot(page, "product-new-viewer-refused");
  await page.goto("/products?search=Sneaky");
  await expect(page.getByText("No products match")).toBeVisible();
});

test("pricing reorders the demo card's products on invoices, and the order is kept", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await openDemoCard(page);
  const order = page.getByRole("list", { name: "Invoice order" });
  const names = async () => (await order.getByRole("listitem").allTextContents()).map((t) => t.replace(/^\d+\.\s*/, "").replace(/[↑↓]/g, "").trim());
  const before = await names();
  expect(before.length).toBeGreaterThan(1);
  await expect(page.getByRole("button", { name: `Move ${before[0]} up` })).toBeDisabled();
  await page.getByRole("button", { name: `Move ${before[1]} up` }).click();
  await expect(page.getByRole("status")).toHaveText("Invoice order saved.");
  const after = [before[1]!, before[0]!, ...before.slice(2)];
  await expect.poll(names).toEqual(after);
  await expectAccessible(page);
  await screenshot(page, "rate-card-invoice-order");
  await page.reload();
  await expect.poll(names).toEqual(after);
});
