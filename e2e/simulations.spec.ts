import { expect, type Page } from "@playwright/test";
import { expectAccessible, screenshot, signIn, test } from "./support";

// A growth manager proposes a price for aurora-large tokens on the demo's list card, simulates it
// on the live period's real usage (a stored run, priced in the background, that can be reopened),
// publishes it from a moment inside the open period, and sees Quanta's draft invoice change (Quanta has one contract in every e2e run; the contracts spec
// gives Northwind a second one).

const HOUR = 3600_000;
/** A run is priced by the simulation job, which looks for work every second. */
const RUN_TIMEOUT = 30_000;

/** The run a simulation started: its own page, which follows it until its results are in. */
async function expectRunPage(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/simulations\/[0-9a-f-]{36}$/);
  return page.url();
}

/** A finished run shows its progress complete: every contract priced. */
async function expectFinished(page: Page) {
  const progress = page.getByRole("progressbar", { name: "Simulation progress" });
  await expect(progress).toHaveAttribute("aria-valuetext", /^Done: /, { timeout: RUN_TIMEOUT });
  const total = await progress.getAttribute("aria-valuemax");
  expect(Number(total)).toBeGreaterThan(0);
  await expect(progress).toHaveAttribute("aria-valuenow", total!);
}

/** Quanta's draft invoice of the current period, opened from the invoices list; returns its total. */
async function quantaDraftTotal(page: Page): Promise<string> {
  const monthStart = new Date().toISOString().slice(0, 8) + "01";
  await page.goto(`/invoices?status=DRAFT&from=${monthStart}`);
  await page.getByLabel("Customer").selectOption({ label: "Quanta Robotics" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/customer=/);
  const rows = page.getByRole("table", { name: "Invoices" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expectAccessible(page);
  await rows.first().getByRole("link").first().click();
  const invoice = page.getByRole("article", { name: "Invoice lines" });
  await expect(invoice).toContainText("Total due");
  await expectAccessible(page);
  return (await invoice.getByRole("row", { name: /Total due/ }).getByRole("cell").last().textContent())!.trim();
}

test("a growth manager simulates a price change, publishes it, and the customer's draft invoice changes from that date", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  const before = await quantaDraftTotal(page);
  expect(before).toMatch(/^\$[\d,]+\.\d{2}$/);

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Simulations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pricing simulation" })).toBeVisible();
  await expectAccessible(page);
  // From the rate card, which the simulation then covers (its link names the card).
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Rate cards" }).click();
  await page.getByRole("link", { name: "List prices 2026" }).click();
  await page.getByRole("link", { name: "Simulate a price change" }).click();
  await expect(page).toHaveURL(/\/simulations\?card=/);
  await expect(page.getByLabel("Rate card").locator("option:checked")).toHaveText("List prices 2026");
  // Choosing a product (then a pricing group) reloads the form with the price in force.
  await page.getByLabel("Product").selectOption({ label: "Model tokens" });
  await expect(page).toHaveURL(/product=/);
  await page.getByLabel("Pricing group").selectOption({ label: "model = aurora-large" });
  // aurora-large costs $10 per million tokens (the other models $0.60 and $5).
  await expect(page.getByLabel(/Price per unit/)).toHaveValue("10");
  await page.getByLabel(/Price per unit/).fill("25");
  await expect(page.getByLabel("On the usage of")).toHaveValue("current");
  // Inside the open period (which starts on the 1st), a few hours back, so usage after it exists.
  const monthStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1);
  const effective = new Date(Math.max(monthStart, Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR));
  await page.getByLabel("Effective from (UTC, on the hour)").fill(effective.toISOString().slice(0, 16));
  await page.getByRole("button", { name: "Simulate" }).click();

  // The run is stored under its own address, so the result can be shared and reopened.
  const runUrl = await expectRunPage(page);
  // Its progress shows from the first moment (a bar while it runs, complete once it is done).
  await expect(page.getByRole("progressbar", { name: "Simulation progress" })).toBeVisible();
  const impact = page.getByText(/^Model tokens \(model = aurora-large\) at \$25\.00 per unit, for the \d+ contracts on List prices 2026/);
  await expect(impact).toBeVisible({ timeout: RUN_TIMEOUT });
  await expectFinished(page);
  const change = page.getByRole("definition").filter({ hasText: /^\+\$[\d,]+\.\d{2}$/ }).first();
  await expect(change).toBeVisible();
  const customers = page.getByRole("region", { name: "Customers by impact" });
  await expect(customers.getByRole("row", { name: /Quanta Robotics/ })).toContainText("+$");
  await expect(page.getByRole("img", { name: /Revenue per product before and after/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Revenue per product, before and after" }).getByRole("row", { name: /Model tokens/ })).toContainText("+$");
  await expectAccessible(page);
  await screenshot(page, "simulation");

  // Reopened from the list of recent simulations, it shows the same results.
  await page.getByRole("link", { name: "Change and simulate again" }).click();
  await expect(page).toHaveURL(/\/simulations\?.*price=25/);
  await expect(page.getByLabel(/Price per unit/)).toHaveValue("25");
  const recent = page.getByRole("region", { name: "Recent simulations" });
  await expect(recent.getByRole("row", { name: /Model tokens on List prices 2026/ }).first()).toContainText("Done");
  await recent.getByRole("link", { name: "Model tokens on List prices 2026" }).first().click();
  await expect(page).toHaveURL(runUrl);
  await expect(impact).toBeVisible();
  await expect(page.getByRole("region", { name: "Customers by impact" }).getByRole("row", { name: /Quanta Robotics/ })).toContainText("+$");

  await page.getByRole("button", { name: "Publish this change…" }).click();
  await expect(page.getByText(/The price in force ends then/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm and publish" }).click();
  const published = page.getByRole("status").filter({ hasText: "Published" });
  await expect(published).toBeVisible({ timeout: 20_000 });
  await published.getByRole("link", { name: "See it in the rate history" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Model tokens" })).toBeVisible();
  await expect(page.getByRole("table", { name: /aurora-large/ }).getByRole("row", { name: /\$25\.00 per unit/ })).toBeVisible();
  await expectAccessible(page);

  // The invoices list reads stored drafts, which the billing-state job refreshes within seconds.
  let after = before;
  await expect.poll(async () => (after = await quantaDraftTotal(page)), { timeout: 30_000, intervals: [1_000] }).not.toBe(before);
  const dollars = (text: string) => Number(text.replace(/[$,]/g, ""));
  expect(dollars(after)).toBeGreaterThan(dollars(before));
});

test("a viewer can simulate but publishing is refused with the reason", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  await page.goto("/rate-cards");
  await page.getByRole("link", { name: "List prices 2026" }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Simulate a price change" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pricing simulation" })).toBeVisible();
  await page.getByLabel("Product").selectOption({ label: "API requests" });
  await page.getByLabel("Price of tier 2").fill("0.0004");
  await page.getByRole("button", { name: "Simulate" }).click();
  await expectRunPage(page);
  await expect(page.getByRole("note").filter({ hasText: "Only the pricing or admin role can publish" })).toBeVisible({ timeout: RUN_TIMEOUT });
  await page.getByRole("button", { name: "Publish this change…" }).click();
  await page.getByRole("button", { name: "Confirm and publish" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This needs the pricing or admin role; you are signed in as viewer." })).toBeVisible();
  await expectAccessible(page);
});

test("a whole draft rate card is compared for every customer on the current one", async ({ page }) => {
  await signIn(page, "pricing@example.com");
  await page.goto("/rate-cards");
  await page.getByRole("link", { name: "List prices 2026" }).click();
  await page.getByLabel("Name of the copy").fill("Draft prices 2027");
  await page.getByRole("button", { name: "Duplicate with all rates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Draft prices 2027" })).toBeVisible();

  await page.goto("/rate-cards");
  await page.getByRole("link", { name: "List prices 2026" }).click();
  await page.getByRole("link", { name: "Simulate a price change" }).click();
  await page.getByLabel("Simulate", { exact: true }).selectOption("card");
  await expect(page).toHaveURL(/mode=card/);
  await page.getByLabel("Price them with").selectOption({ label: "Draft prices 2027" });
  await page.getByRole("button", { name: "Simulate" }).click();
  await expectRunPage(page);
  // A copy with the same rates changes nothing, to the cent.
  await expect(page.getByText(/^Prices of Draft prices 2027, for the \d+ contracts on List prices 2026/)).toBeVisible({ timeout: RUN_TIMEOUT });
  await expectFinished(page);
  await expect(page.getByRole("definition").filter({ hasText: /^\$0\.00$/ }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Apply these prices" })).toBeVisible();
  await expectAccessible(page);
});
