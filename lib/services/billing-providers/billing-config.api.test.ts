import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

describeEachDatabase("billing config REST API", (kind) => {
  let server: ApiServer;
  let receiver: http.Server;
  const received: { body: string; headers: http.IncomingHttpHeaders }[] = [];
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
        res.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    // A Stripe key turns the Stripe job on; nothing is mapped, so it never calls out.
    // The webhook receiver below is on loopback, which only an allow-listed address may be.
    server = await startApiServer(kind, { STRIPE_SECRET_KEY: "sk_test_unused", STRIPE_API_BASE: "http://127.0.0.1:9", RATELINE_WEBHOOK_ALLOW_HOSTS: "127.0.0.1" });
  });
  afterAll(async () => {
    await server.stop();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it("sets, reads and deletes a customer's Stripe customer as Metronome's billing-config endpoints do", async () => {
    const customer = await server.client.v1.customers.create({ name: "Billed" });
    const ref = { customer_id: customer.data.id, billing_provider_type: "stripe" as const };
    await server.client.v1.customers.billingConfig.create({ ...ref, billing_provider_customer_id: "cus_Api1", stripe_collection_method: "charge_automatically" });
    expect(await server.client.v1.customers.billingConfig.retrieve(ref)).toEqual({ data: { billing_provider_customer_id: "cus_Api1" } });
    await server.client.v1.customers.billingConfig.delete(ref);
    const gone = await server.client.v1.customers.billingConfig.retrieve(ref).then(() => null, (e: { status: number }) => e.status);
    expect(gone).toBe(404);
  });

  it("answers bad input with a 4xx and a message", async () => {
    const customer = await server.client.v1.customers.create({ name: "Refused" });
    const bad = await server.fetch(`/v1/customers/${customer.data.id}/billing-config/paypal`, { method: "POST", json: { billing_provider_customer_id: "x" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/billing_provider_type/);
    const empty = await server.fetch(`/v1/customers/${customer.data.id}/billing-config/stripe`, { method: "POST", json: {} });
    expect(empty.status).toBe(400);
    const unknown = await server.fetch(`/v1/customers/00000000-0000-4000-8000-000000000000/billing-config/stripe`, { method: "POST", json: { billing_provider_customer_id: "cus_1" } });
    expect(unknown.status).toBe(404);
    const notJson = await server.fetch(`/v1/customers/${customer.data.id}/billing-config/stripe`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
  });

  // The running server's webhook job, end to end: endpoints are made in the console, so this one
  // is written straight into the PostgreSQL database the server uses.
  it.runIf(kind === "postgresql")("delivers a contract change to a webhook endpoint, retrying a failure", async () => {
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      await db.query(`INSERT INTO webhook_endpoint (url, secret, event_types) VALUES ($1, 'whsec_test', ARRAY['contract.*'])`, [`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`]);
      const customer = await server.client.v1.customers.create({ name: "Contracted" });
      const card = await server.client.v1.contracts.rateCards.create({ name: "Card" });
      const contract = await server.client.v1.contracts.create({ customer_id: customer.data.id, rate_card_id: card.data.id, starting_at: "2026-01-01T00:00:00.000Z" });
      // The first attempt fails (500); the retry is due 30 s later, so move it to now.
      const attempted = async () => (await db.query(`SELECT 1 FROM webhook_delivery WHERE attempts = 1 AND status = 'pending'`)).rowCount === 1;
      // Generous waits: on a loaded machine the server's jobs can be seconds late.
      for (let i = 0; !(await attempted()) && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
      await db.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'`);
      for (let i = 0; received.length < 2 && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
      expect(received).toHaveLength(2);
      expect(JSON.parse(received[1]!.body)).toMatchObject({ type: "contract.create", properties: { contract_id: contract.data.id, customer_id: customer.data.id } });
      // The job records the attempt after the receiver has answered, so the row follows a moment later.
      const delivery = async () => (await db.query(`SELECT status, attempts, last_status FROM webhook_delivery`)).rows;
      for (let i = 0; (await delivery())[0]?.status !== "delivered" && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await delivery()).toEqual([{ status: "delivered", attempts: 2, last_status: 204 }]);
    } finally {
      await db.end();
    }
  });
});
