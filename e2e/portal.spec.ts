import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_BOOTSTRAP_TOKEN, E2E_EMBED_ORIGIN, E2E_EMBED_PORT } from "../playwright.config";
import { expectAccessible, screenshot, signIn, test } from "./support";

// The customer portal as the demo's Helios Labs sees it (a prepaid commitment and an onboarding
// credit, three weeks of traffic): embedded in an iframe on another origin (127.0.0.1 frames
// localhost), live while the vendor's systems send events, and refused with a bad link.

const api = { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` };
let embedder: Server;
let frameSrc = "about:blank";
// The frame fits the viewport: a full-page screenshot then needs no resize, which blanks a cross-origin frame.

test.beforeAll(async () => {
  embedder = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><title>Helios dashboard</title></head>
<body style="margin:0;font-family:sans-serif"><main><h1 style="font-size:18px;margin:12px">Helios console</h1>
<iframe title="Usage and billing" src="${frameSrc.replace(/"/g, "&quot;")}" style="width:100%;height:780px;border:0"></iframe></main></body></html>`);
  });
  await new Promise<void>((resolve) => embedder.listen(E2E_EMBED_PORT, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => embedder.close(() => resolve())));

async function heliosId(request: APIRequestContext): Promise<string> {
  const response = await request.get("/v1/customers", { headers: api });
  const { data } = (await response.json()) as { data: { id: string; name: string }[] };
  return data.find((c) => c.name === "Helios Labs")!.id;
}

async function portalUrl(request: APIRequestContext, dashboard: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await request.post("/v1/dashboards/getEmbeddableUrl", { headers: api, data: { customer_id: await heliosId(request), dashboard, ...extra } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { data: { url: string } }).data.url;
}

async function ingestGpuHours(request: APIRequestContext, id: string, hours: string) {
  const response = await request.post("/v1/ingest", {
    headers: api,
    data: [{ transaction_id: id, customer_id: "helios-prod", event_type: "gpu_job", timestamp: new Date().toISOString(), properties: { gpu_type: "H100", gpu_hours: hours } }],
  });
  expect(response.status()).toBe(200);
}

const texts = async (page: Page | ReturnType<Page["frameLocator"]>, testId: string) => (await page.getByTestId(testId).allTextContents()).join(" | ");

test("the portal embedded on another origin shows Helios's usage and balances, live", async ({ page, request }) => {
  frameSrc = await portalUrl(request, "usage", { color_overrides: [{ name: "Primary_medium", value: "#0e7490" }] });
  expect(new URL(frameSrc).origin).not.toBe(E2E_EMBED_ORIGIN);
  const direct = await request.get(frameSrc);
  expect(direct.headers()["content-security-policy"]).toContain(`; frame-ancestors 'self' ${E2E_EMBED_ORIGIN}`);
  expect(direct.headers()["x-frame-options"]).toBeUndefined();
  expect(direct.headers()["set-cookie"]).toBeUndefined();

  await page.goto(`${E2E_EMBED_ORIGIN}/`);
  const portal = page.frameLocator("iframe[title='Usage and billing']");
  await expect(portal.getByRole("heading", { name: "Usage this period" })).toBeVisible();
  await expect(portal.getByText("Helios Labs")).toBeVisible();
  await expect(portal.getByRole("region", { name: "Model tokens" })).toBeVisible();
  await expect(portal.getByRole("region", { name: "GPU compute" })).toBeVisible();
  await expect(portal.getByTestId("portal-usage-total").first()).not.toHaveText("0");
  await expect(portal.getByRole("cell", { name: "aurora-mini" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "portal-embedded-usage");

  // Spend, through the portal's own navigation (the token goes along), updates without a reload.
  await portal.getByRole("link", { name: "Spend" }).click();
  await expect(portal.getByRole("heading", { name: "Spend this period" })).toBeVisible();
  await expect(portal.getByTestId("portal-spend-usage")).toHaveText(/\$/);
  const usageBefore = await texts(portal, "portal-spend-usage");
  await ingestGpuHours(request, `portal-e2e-spend-${Date.now()}`, "100");
  await expect(portal.getByTestId("portal-spend-usage")).not.toHaveText(usageBefore, { timeout: 5000 });
  await screenshot(page, "portal-embedded-spend");

  await portal.getByRole("link", { name: "Credits" }).click();
  await expect(portal.getByRole("heading", { name: "Commitments and credits" })).toBeVisible();
  await expect(portal.getByRole("region", { name: "2026 prepaid commitment" })).toBeVisible();
  await expect(portal.getByRole("region", { name: "Onboarding credit" })).toBeVisible();
  await expect(portal.getByTestId("portal-credit-remaining").first()).toHaveText(/\$/);
  const remainingBefore = await texts(portal, "portal-credit-remaining");
  await ingestGpuHours(request, `portal-e2e-credits-${Date.now()}`, "100");
  await expect.poll(() => texts(portal, "portal-credit-remaining"), { timeout: 5000, intervals: [250] }).not.toBe(remainingBefore);
  await expectAccessible(page);
  await screenshot(page, "portal-embedded-credits");
});

test("each portal page, opened from its link, in light and dark", async ({ page, request }) => {
  await page.goto(await portalUrl(request, "usage"));
  await expect(page.getByRole("heading", { name: "Usage this period" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Model tokens" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "portal-usage");

  for (const [link, heading, shot] of [
    ["Spend", "Spend this period", "portal-spend"],
    ["Credits", "Commitments and credits", "portal-credits"],
    ["Invoices", "Invoices", "portal-invoices"],
  ] as const) {
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole("link", { name: link })).toHaveAttribute("aria-current", "page");
    expect(new URL(page.url()).searchParams.get("token")).toBeTruthy();
    if (link === "Spend") await expect(page.getByTestId("portal-spend-forecast")).toHaveText(/\$/);
    if (link === "Credits") await expect(page.getByTestId("portal-credit-runout").first()).not.toBeEmpty();
    if (link === "Invoices") await expect(page.getByText("No invoices have been issued yet.").or(page.getByRole("table", { name: "Past invoices" }))).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, shot);
  }

  // Periods the close job has finalized (the demo's contracts began two months ago, and the job
  // runs as the server starts): each is readable, and downloads as CSV.
  const view = page.getByRole("link", { name: /^View invoice for / });
  await expect(view.first()).toBeVisible({ timeout: 60_000 });
  await view.last().click();
  await expect(page.getByRole("heading", { level: 2, name: /^Invoice for / })).toBeVisible();
  await expect(page.getByTestId("portal-invoice-total")).toHaveText(/\$/);
  await expect(page.getByRole("table", { name: "Line items" }).getByRole("row")).not.toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "portal-invoice");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Download CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^invoice-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("line,group,type,starting_on,ending_before,quantity,unit_price,total,credit_type");
  expect(csv).toMatch(/\r\nTotal,/);
  await page.getByRole("link", { name: "All invoices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();

  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByRole("link", { name: "Credits" }).click();
  await expect(page.getByTestId("portal-credit-remaining").first()).toHaveText(/\$/);
  await expectAccessible(page);
  await screenshot(page, "portal-credits-dark");
});

test("a tampered or expired link shows the error page, and data requests are refused", async ({ page, request }) => {
  const url = (await portalUrl(request, "usage")).replace("/portal/usage", "/portal/spend");
  const token = new URL(url).searchParams.get("token")!;
  const tampered = token.slice(0, -3) + (token.at(-3) === "A" ? "B" : "A") + token.slice(-2);
  const response = await page.goto(url.replace(token, tampered));
  expect(response!.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "This link is invalid or has expired" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "portal-invalid-link");

  expect((await request.get("/api/portal/spend", { headers: { Authorization: `Bearer ${tampered}` } })).status()).toBe(401);
  expect((await request.get("/api/portal/spend", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
  // A portal token is not an API key.
  expect((await request.get("/v1/customers", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("another customer's invoice is a 404 page, with the link's own token", async ({ page, request }) => {
  const url = await portalUrl(request, "invoices");
  const token = new URL(url).searchParams.get("token")!;
  const customers = ((await (await request.get("/v1/customers", { headers: api })).json()) as { data: { id: string; name: string }[] }).data;
  const other = customers.find((c) => c.name !== "Helios Labs")!;
  const theirs = ((await (await request.get(`/v1/customers/${other.id}/invoices?status=FINALIZED`, { headers: api })).json()) as { data: { id: string }[] }).data;
  for (const invoiceId of [...theirs.slice(0, 1).map((i) => i.id), "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
    const response = await page.goto(`/portal/invoices/${invoiceId}?token=${encodeURIComponent(token)}`);
    expect(response!.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    expect(await page.content()).not.toContain(other.name);
  }
  await expectAccessible(page);
});

test("staff open a customer's portal from the console in a new tab", async ({ page, request }) => {
  await signIn(page, "viewer@example.com");
  await page.goto(`/customers/${await heliosId(request)}`);
  const [portal] = await Promise.all([page.waitForEvent("popup"), page.getByRole("button", { name: "Open customer portal" }).click()]);
  await portal.waitForURL(/\/portal\/usage\?token=/);
  await expect(portal.getByRole("heading", { name: "Usage this period" })).toBeVisible();
  await expect(portal.getByText("Helios Labs")).toBeVisible();
  // The link is short-lived (15 minutes).
  const token = new URL(portal.url()).searchParams.get("token")!;
  const { exp, iat } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number; iat: number };
  expect(exp - iat).toBe(15 * 60);
});

test("an admin revokes a customer's portal links: links made before stop working, a new one works", async ({ page, request }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  // A customer of its own: the other tests' links to Helios keep working.
  const name = `Revoked Portal ${Date.now()}`;
  const customer = ((await (await request.post("/v1/customers", { headers: api, data: { name } })).json()) as { data: { id: string } }).data;
  const link = async () => {
    const response = await request.post("/v1/dashboards/getEmbeddableUrl", { headers: api, data: { customer_id: customer.id, dashboard: "usage" } });
    return ((await response.json()) as { data: { url: string } }).data.url;
  };
  const before = await link();
  const token = new URL(before).searchParams.get("token")!;
  expect((await request.get("/api/portal/usage", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

  await signIn(page, "admin@example.com");
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole("button", { name: "Revoke portal links" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Every portal link made until now has stopped working." })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "customer-portal-links-revoked");

  expect((await request.get("/api/portal/usage", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  // Its signature still holds, so the page itself finds it revoked and shows nothing of the customer's.
  await page.goto(before);
  await expect(page.getByRole("heading", { name: "This link is invalid or has expired" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Usage this period" })).toHaveCount(0);
  await expect(page.getByText(name)).toHaveCount(0);
  const after = await link();
  expect((await page.goto(after))!.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Usage this period" })).toBeVisible();
});
