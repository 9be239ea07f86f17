import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { expectAccessible, screenshot, signIn, test } from "./support";

// Contracts, invoices and the audit log on the demo company. The tests run in order on one
// server: the contract sales creates in the first is the one the audit log shows in the last.

const CONTRACT = "Northwind enterprise";

test("sales creates a contract with a prepaid commit, an override and a subscription, sees its projected invoice, then changes seats", async ({ page }) => {
  await signIn(page, "sales@example.com");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Contracts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contracts" })).toBeVisible();
  const list = page.getByRole("table", { name: "Contracts" });
  await expect(list.getByRole("row", { name: /Quanta Robotics/ })).toContainText("Team plan with overage");
  await expectAccessible(page);
  await screenshot(page, "contracts");

  // Each demo customer already has a contract on the list card, and a second one would bill the
  // same usage twice: the console refuses it, saying why. The new contract is for a new customer.
  await page.getByRole("link", { name: "New contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New contract" })).toBeVisible();
  await page.getByRole("combobox", { name: "Customer" }).selectOption({ label: "Northwind AI" });
  await page.getByLabel("Contract name (optional)").fill("Second plan");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Review contract" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "would bill those events" })).toContainText("The customer already has contract Pay as you go", { timeout: 20_000 });

  await page.goto("/customers");
  await page.getByText("New customer").click();
  await page.getByLabel("Name").fill("Orbit Freight");
  await page.getByLabel("Ingest aliases").fill("orbit-freight");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orbit Freight" })).toBeVisible();
  await page.goto("/contracts/new");
  await expect(page.getByRole("heading", { level: 1, name: "New contract" })).toBeVisible();
  await page.getByRole("combobox", { name: "Customer" }).selectOption({ label: "Orbit Freight" });
  await page.getByLabel("Contract name (optional)").fill(CONTRACT);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByLabel("Rate card")).toHaveValue(/.+/);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByLabel("Starts on (UTC)")).toHaveValue(/^\d{4}-\d{2}-01$/);
  await page.getByLabel("Billing cycle").selectOption("MONTHLY");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Next" }).click();

  await page.getByRole("button", { name: "Add override" }).click();
  await page.getByLabel("Product").selectOption({ label: "Model tokens" });
  await page.getByLabel("Multiplier").fill("0.8");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Next" }).click();

  await page.getByRole("button", { name: "Add prepaid commit" }).click();
  await page.getByLabel("Amount (USD ($))").fill("5000");
  await page.getByLabel("Name (optional)").fill("Annual prepaid usage");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Next" }).click();

  await page.getByRole("button", { name: "Add subscription" }).click();
  await page.getByLabel("Seats").fill("5");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Review contract" }).click();

  const projected = page.getByRole("article", { name: "Projected first usage invoice" });
  await expect(projected).toBeVisible({ timeout: 20_000 });
  await expect(projected).toContainText("Team seats");
  await expect(projected).toContainText("Total due");
  // The commit's purchase is billed on its own date, on a SCHEDULED invoice.
  const purchase = page.getByRole("article", { name: /^Scheduled invoice, issued/ });
  await expect(purchase).toContainText("Annual prepaid usage");
  await expect(purchase).toContainText("$5,000.00");
  await expectAccessible(page);
  await screenshot(page, "contract-new-review");
  await screenshot(page, "contract-flow");

  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: CONTRACT })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Model tokens × 0.8")).toBeVisible();
  await expect(page.getByRole("table", { name: "Commits and credits" })).toContainText("Annual prepaid usage");
  await expect(page.getByRole("table", { name: "Edit history" })).toContainText("Sam Sales");
  await expectAccessible(page);

  // A seat change from a date: the preview shows the draft before and after, from the engine.
  await page.getByLabel("Change", { exact: true }).selectOption("seats");
  await page.getByLabel("Seats from that date").fill("8");
  await page.getByRole("button", { name: "Preview change" }).click();
  const effect = page.getByRole("region", { name: "Effect on the draft invoice" });
  await expect(effect).toContainText("Before", { timeout: 20_000 });
  await expect(effect).toContainText("After");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Change saved" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("table", { name: "Edit history" }).getByRole("row")).toHaveCount(3);
  await expectAccessible(page);
  await screenshot(page, "contract-detail");
});

test("finance opens an invoice and exports its lines as CSV", async ({ page }) => {
  await signIn(page, "finance@example.com");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Invoices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "invoices");

  // Last month, closed by the server's period close: its lines and balance ledger reconcile.
  await page.getByRole("button", { name: "Reconcile" }).click();
  await expect(page.getByText("Reconciled to the cent")).toBeVisible();
  const [ledger] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Balance ledger (CSV)" }).click()]);
  expect(ledger.suggestedFilename()).toMatch(/^rateline-balance-ledger-\d{4}-\d{2}-01-to-\d{4}-\d{2}-01\.csv$/);
  const ledgerRows = readFileSync((await ledger.path())!, "utf8").split("\r\n").filter(Boolean);
  expect(ledgerRows[0]).toBe("customer_id,customer,balance_id,balance,kind,contract_id,unit,opening,granted,billed,drawn_down,true_ups,manual,rolled_over,expired,closing");
  expect(ledgerRows.some((row) => row.includes(",Helios Labs,"))).toBe(true);

  await page.getByLabel("Customer").selectOption({ label: "Helios Labs" });
  await page.getByLabel("Status").selectOption("DRAFT");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=DRAFT/);
  const rows = page.getByRole("table", { name: "Invoices" }).locator("tbody tr");
  // Drafts are listed as the billing-state job stored them, within seconds of the server's start.
  await expect(async () => {
    await page.reload();
    await expect(rows.first()).toContainText("Helios Labs", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await rows.first().getByRole("link").click();

  const invoice = page.getByRole("article", { name: "Invoice lines" });
  await expect(invoice).toContainText("Bill to");
  await expect(invoice).toContainText("Total due");
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export lines (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^invoice-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  const records = csv.split("\r\n").filter(Boolean);
  expect(records[0]).toBe("invoice_id,status,line,type,product_id,starting_at,ending_before,quantity,unit_price (USD ($)),amount (USD ($))");
  expect(records.length).toBeGreaterThan(1);
  const invoiceId = page.url().split("/").at(-1)!;
  for (const record of records.slice(1)) expect(record.startsWith(`${invoiceId},DRAFT,`)).toBe(true);
  // The first line in the file is a line the page shows.
  const firstLine = records[1]!.split(",")[2]!.replace(/^"|"$/g, "");
  await expect(invoice.getByText(firstLine, { exact: true }).first()).toBeVisible();
  await screenshot(page, "invoice");
});

test("the invoices list pages drafts and finalized invoices together and says how fresh its drafts are", async ({ page }) => {
  await signIn(page, "finance@example.com");
  await page.goto("/invoices?rows=5");
  const table = page.getByRole("table", { name: "Invoices" });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("freshness")).toContainText(/figures as of .+ ago|figures as of now/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(table.locator("tbody tr")).toHaveCount(5);
  const first = await table.locator("tbody tr").allInnerTexts();
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("5 shown");
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/next_page=/);
  const second = await table.locator("tbody tr").allInnerTexts();
  expect(second.length).toBeGreaterThan(0);
  expect(second.some((row) => first.includes(row))).toBe(false);
  // Newest period first across both pages, drafts and finalized invoices alike.
  await expect(table).toContainText(/Draft|Finalized/);
  await expectAccessible(page);
  await screenshot(page, "invoices-paged");
  await page.getByRole("link", { name: "First page" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(5);
});

test("a viewer reads contracts and invoices but is refused writes, with the reason", async ({ page }) => {
  await signIn(page, "viewer@example.com");
  await page.goto("/contracts");
  await expect(page.getByRole("note")).toContainText("Only the sales or admin role can create or edit contracts");
  await expect(page.getByRole("link", { name: "New contract" })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto("/contracts/new");
  await expect(page.getByText("Creating contracts needs the sales or admin role; you are signed in as viewer.")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/invoices");
  await page.getByRole("table", { name: "Invoices" }).locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByText("Exporting lines needs the finance or admin role.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export lines (CSV)" })).toHaveCount(0);
  await expectAccessible(page);

  // The server refuses too, and says why.
  const refused = await page.request.get(`/api/console/invoices/${page.url().split("/").slice(-2).join("/")}/lines`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).message).toBe("This needs the finance or admin role; you are signed in as viewer.");
  await screenshot(page, "invoice-viewer");
});

test("the audit log shows the contract's creation with its actor and what it set", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Actor").fill("Sam");
  await page.getByLabel("Object type").selectOption("contract");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/object_type=contract/);
  const log = page.getByRole("table", { name: "Audit log" });
  // Other specs' sales users create contracts too: this one is found by its name.
  const creation = log.getByRole("row").filter({ hasText: "contract.create" }).filter({ hasText: `name: ${CONTRACT}` });
  await expect(creation).toHaveCount(1);
  await expect(creation).toContainText("Sam Sales");
  await expect(creation).toContainText(`name: ${CONTRACT}`);
  await expect(log.getByRole("row").filter({ hasText: "contract.edit" })).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, "audit-log");
});
