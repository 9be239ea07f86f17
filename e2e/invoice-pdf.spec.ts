import { readFile } from "node:fs/promises";
import { expect, type APIRequestContext, type Download } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { pdfText } from "../lib/test-support/pdf-text";
import { E2E_BOOTSTRAP_TOKEN } from "../playwright.config";
import { expectAccessible, screenshot, signIn, test } from "./support";

// An invoice downloaded as a PDF from the console's invoice page and from the customer portal:
// the same document either way (lib/services/invoices/invoice-pdf.ts), saying the total the page
// shows. The demo's contracts began two months ago, so the close job has finalized invoices.

const api = { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` };
const AMOUNT = /-?\$[\d,]+\.\d{2,}/;

/** The download read back: a PDF that pdf-lib loads, and the text it shows. */
async function readPdf(download: Download) {
  expect(download.suggestedFilename()).toMatch(/^invoice-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf$/);
  const bytes = new Uint8Array(await readFile((await download.path())!));
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
  const doc = await PDFDocument.load(bytes);
  expect(doc.getPageCount()).toBeGreaterThan(0);
  return (await pdfText(bytes)).flat();
}

test("staff download an invoice as a PDF from its page in the console", async ({ page }) => {
  // Reading an invoice is enough: the viewer role downloads it too.
  await signIn(page, "viewer@example.com");
  await page.goto("/invoices?status=FINALIZED");
  const rows = page.getByRole("table", { name: "Invoices" }).locator("tbody tr");
  await expect(async () => {
    await page.reload();
    await expect(rows.first()).toContainText("Finalized", { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await rows.first().getByRole("link").first().click();

  const invoice = page.getByRole("article", { name: "Invoice lines" });
  await expect(invoice).toContainText("Total due");
  const customer = (await page.getByRole("heading", { level: 1 }).innerText()).split(" · ")[0]!;
  const total = AMOUNT.exec(await invoice.locator("tfoot tr").filter({ hasText: "Total due" }).innerText())![0];
  await expectAccessible(page);
  await screenshot(page, "invoice-pdf-download");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  const text = await readPdf(download);
  expect(text).toEqual(expect.arrayContaining(["INVOICE", customer, "Total due", total, page.url().split("/").at(-1)!]));
});

async function portalLink(request: APIRequestContext): Promise<string> {
  const customers = (await (await request.get("/v1/customers", { headers: api })).json()) as { data: { id: string; name: string }[] };
  const helios = customers.data.find((c) => c.name === "Helios Labs")!.id;
  const response = await request.post("/v1/dashboards/getEmbeddableUrl", { headers: api, data: { customer_id: helios, dashboard: "invoices" } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { data: { url: string } }).data.url;
}

test("a customer downloads an issued invoice as a PDF from the portal", async ({ page, request }) => {
  await page.goto(await portalLink(request));
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();
  const view = page.getByRole("link", { name: /^View invoice for / });
  await expect(view.first()).toBeVisible({ timeout: 60_000 });

  // From the list…
  const [fromList] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Download PDF/ }).first().click()]);
  expect(await readPdf(fromList)).toEqual(expect.arrayContaining(["Helios Labs", "Total due"]));

  // …and from the invoice's own page, saying the total it shows.
  await view.first().click();
  await expect(page.getByRole("heading", { level: 2, name: /^Invoice for / })).toBeVisible();
  const total = (await page.getByTestId("portal-invoice-total").innerText()).trim();
  expect(total).toMatch(AMOUNT);
  await expectAccessible(page);
  await screenshot(page, "portal-invoice-pdf");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Download PDF/ }).click()]);
  const text = await readPdf(download);
  expect(text).toEqual(expect.arrayContaining(["INVOICE", "Helios Labs", "Total due", total]));
});
