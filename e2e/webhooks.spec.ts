import http from "node:http";
import type { AddressInfo } from "node:net";
import Metronome from "@metronome/sdk";
import { expect } from "@playwright/test";
import { E2E_BOOTSTRAP_TOKEN } from "../playwright.config";
import { expectAccessible, screenshot, signIn, test } from "./support";

// An admin is refused an endpoint on an internal address, then adds one; a contract created
// through the API is delivered to it (the receiver refuses the first attempt), the delivery log
// shows the failure, Re-send delivers it with a signature the Metronome SDK accepts, and the
// endpoint is archived. Then the new customer is mapped to a Stripe customer on its page.

const api = { Authorization: `Bearer ${E2E_BOOTSTRAP_TOKEN}` };

test("webhook endpoints: create, deliver, inspect, re-send, archive; a customer mapped to Stripe", async ({ page, request }) => {
  const received: { body: string; headers: http.IncomingHttpHeaders }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(received.length === 1 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rateline`;
  try {
    page.on("dialog", (dialog) => dialog.accept());
    await signIn(page, "admin@example.com");
    await page.goto("/settings");
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Enter an http:// or https:// URL", { exact: true })).toBeVisible();
    await expect(page.getByText("Choose at least one event type", { exact: true })).toBeVisible();

    // The cloud metadata address (link-local), which RATELINE_WEBHOOK_ALLOW_HOSTS does not name.
    await page.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByLabel("A contract is created (contract.create)").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByLabel("URL")).toHaveAccessibleDescription(
      "169.254.169.254 is on a loopback, private, link-local or otherwise internal address. Webhooks go to public addresses only (RATELINE_WEBHOOK_ALLOW_HOSTS names exceptions).",
    );
    await expect(page.getByRole("table", { name: "Webhook endpoints" }).getByText("169.254.169.254")).toHaveCount(0);

    await page.getByLabel("URL").fill(url);
    await page.getByLabel("A contract is created (contract.create)").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("new-webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page);
    await screenshot(page, "webhooks");

    const customer = await (await request.post("/v1/customers", { headers: api, data: { name: "Webhook Co" } })).json();
    const card = await (await request.post("/v1/contract-pricing/rate-cards/create", { headers: api, data: { name: "Webhook card" } })).json();
    const contract = await request.post("/v1/contracts/create", { headers: api, data: { customer_id: customer.data.id, rate_card_id: card.data.id, starting_at: "2026-01-01T00:00:00.000Z" } });
    expect(contract.ok()).toBe(true);
    await expect(() => expect(received).toHaveLength(1)).toPass({ timeout: 15_000 });

    await page.getByRole("link", { name: url }).click();
    const log = page.getByRole("table", { name: `Deliveries to ${url}` });
    const row = log.getByRole("row").filter({ hasText: "contract.create" });
    await expect(row).toContainText("Retrying");
    await expect(row).toContainText("500");
    await expectAccessible(page);
    await screenshot(page, "webhook-deliveries");

    await row.getByRole("button", { name: /^Re-send/ }).click();
    await expect(page.getByRole("status")).toContainText("Queued");
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Delivered", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    expect(received).toHaveLength(2);
    const event = new Metronome({ bearerToken: "unused" }).webhooks.unwrap(received[1]!.body, received[1]!.headers as Record<string, string>, secret);
    expect(event).toMatchObject({ type: "contract.create", properties: { customer_id: customer.data.id } });

    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("button", { name: `Archive ${url}` }).click();
    await expect(page.getByRole("table", { name: "Webhook endpoints" }).getByRole("row").filter({ hasText: url })).toContainText("Archived");

    await page.goto(`/customers/${customer.data.id}`);
    const payments = page.locator("section").filter({ has: page.getByRole("heading", { name: "Payments" }) });
    await payments.getByLabel("Stripe customer ID").fill("cus_E2E123");
    await payments.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Finalized invoices now go to Stripe customer cus_E2E123.")).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, "customer-stripe");
  } finally {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  }
});
