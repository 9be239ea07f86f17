import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Metronome from "@metronome/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { archiveWebhookEndpoint } from "@/lib/services/webhooks/archive-webhook-endpoint";
import { createWebhookEndpoint } from "@/lib/services/webhooks/create-webhook-endpoint";
import { listWebhookDeliveries } from "@/lib/services/webhooks/list-webhook-deliveries";
import { resendWebhookDelivery } from "@/lib/services/webhooks/resend-webhook-delivery";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { parseAllowList, PUBLIC_ONLY } from "./address-policy";
import { runWebhookDispatch } from "./dispatcher";
import { MAX_ATTEMPTS } from "./retry-schedule";
import { isSealed, openSecret, webhookSecretKey } from "./secret-box";
import { sealLegacyWebhookSecrets, type WebhookSecurity } from "./webhook-security";

const admin: Actor = { type: "user", id: randomUUID(), name: "admin", role: "admin" };
const sdk = new Metronome({ bearerToken: "unused" });
const secretKey = webhookSecretKey("webhook-test-secret-".repeat(2));
// The receiver is on loopback, which webhooks may reach only when allow-listed.
const security: WebhookSecurity = { policy: parseAllowList("127.0.0.1"), secretKey };
const publicOnly: WebhookSecurity = { policy: PUBLIC_ONLY, secretKey };

type Received = { path: string; body: string; headers: http.IncomingHttpHeaders };
type Reply = number | "hang";

/** A webhook receiver on loopback that answers each request with the next scripted reply (then 200). */
async function receiver() {
  const received: Received[] = [];
  const script: Reply[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      const reply = script.shift() ?? 200;
      if (reply === "hang") return;
      res.writeHead(reply, { "Content-Type": "text/plain" }).end(reply === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    script,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const seconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

describeEachDatabase("webhook dispatcher", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: admin };
  });
  afterAll(() => db.close());
  beforeAll(async () => { hook = await receiver(); });
  afterAll(() => hook.close());
  afterEach(async () => {
    // Each test starts with no live endpoint and nothing in flight.
    for (const e of await db.prisma.webhookEndpoint.findMany({ where: { archivedAt: null } })) await archiveWebhookEndpoint(ctx, { id: e.id });
    await db.prisma.webhookDelivery.deleteMany();
    hook.received.length = 0;
    hook.script.length = 0;
  });

  const announce = (type: string, payload: object) => db.prisma.outboxEvent.create({ data: { type, payload }, select: { id: true } });
  const dispatch = (now: Date, with_: WebhookSecurity = security) => runWebhookDispatch(db.prisma, { now, security: with_, timeoutMs: 300, random: () => 0.5 });
  const create = (input: Parameters<typeof createWebhookEndpoint>[1], with_: WebhookSecurity = security) => createWebhookEndpoint(ctx, input, with_);

  it("retries a receiver that fails and times out, delivers exactly once when it recovers, logs every attempt, and signs what SDK unwrap accepts", async () => {
    const endpoint = await create({ url: hook.url, event_types: ["invoice.*"] });
    const other = await create({ url: `${hook.url}/contracts`, event_types: ["contract.*"] });
    const event = await announce("invoice.finalized", { invoice_id: randomUUID(), customer_id: randomUUID(), total: "1234.5" });
    hook.script.push(500, "hang");
    const t0 = new Date();

    await dispatch(t0);
    const [first] = await db.prisma.webhookDelivery.findMany({ where: { eventId: event.id } });
    expect(first).toMatchObject({ endpointId: endpoint.id, status: "pending", attempts: 1, lastStatus: 500 });
    // The first backoff step: 30 s (jitter pinned at its midpoint).
    expect(first!.nextAttemptAt).toEqual(seconds(t0, 30));
    expect(await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ dispatchedAt: t0 });

    await dispatch(seconds(t0, 29));
    expect(hook.received).toHaveLength(1);

    await dispatch(seconds(t0, 30));
    const second = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: first!.id } });
    expect(second).toMatchObject({ status: "pending", attempts: 2, lastStatus: null, lastError: "timed out" });
    expect(second.nextAttemptAt).toEqual(seconds(t0, 90));

    await dispatch(seconds(t0, 90));
    await dispatch(seconds(t0, 3600));
    await dispatch(seconds(t0, 7 * 24 * 3600));
    const done = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: first!.id } });
    expect(done).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null, deliveredAt: seconds(t0, 90) });
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);

    const attempts = await db.prisma.webhookAttempt.findMany({ where: { deliveryId: first!.id }, orderBy: { attemptedAt: "asc" } });
    expect(attempts.map((a) => [a.attemptedAt, a.status, a.error])).toEqual([
      [t0, 500, "HTTP 500"],
      [seconds(t0, 30), null, "timed out"],
      [seconds(t0, 90), 200, null],
    ]);
    expect(attempts[1]!.durationMs).toBeGreaterThanOrEqual(290);

    const last = hook.received[2]!;
    expect(sdk.webhooks.unwrap(last.body, last.headers as Record<string, string>, endpoint.secret)).toEqual({
      id: event.id,
      type: "invoice.finalized",
      timestamp: expect.any(String),
      properties: expect.objectContaining({ total: "1234.5" }),
    });
    expect(() => sdk.webhooks.unwrap(last.body, last.headers as Record<string, string>, other.secret)).toThrow(/signature/);
    expect(() => sdk.webhooks.unwrap(last.body.replace("1234.5", "1.5"), last.headers as Record<string, string>, endpoint.secret)).toThrow(/signature/);
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: other.id } })).toBe(0);

    const log = await listWebhookDeliveries(ctx, { endpoint_id: endpoint.id });
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, event: { type: "invoice.finalized" } });
    expect(log.deliveries[0]!.log.map((a) => a.status)).toEqual([200, null, 500]);
  });

  it("gives up after the 72-hour budget, and a re-send delivers with a fresh budget", async () => {
    const endpoint = await create({ url: hook.url, event_types: ["*"] });
    await announce("alerts.low_credit_balance_reached", { customer_id: randomUUID() });
    hook.script.push(...Array<Reply>(MAX_ATTEMPTS).fill(503));
    const t0 = new Date();
    let now = t0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await dispatch(now);
      const d = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
      if (d.nextAttemptAt) now = d.nextAttemptAt;
    }
    const failed = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatus: 503, nextAttemptAt: null });
    const span = now.getTime() - t0.getTime();
    expect(span).toBeLessThanOrEqual(72 * 3600_000);
    expect(span).toBeGreaterThan(60 * 3600_000);
    await dispatch(seconds(now, 365 * 24 * 3600));
    expect(hook.received).toHaveLength(MAX_ATTEMPTS);

    const later = seconds(now, 3600);
    await resendWebhookDelivery(ctx, { id: failed.id }, later);
    await dispatch(later);
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
    expect(await db.prisma.webhookAttempt.count({ where: { deliveryId: failed.id } })).toBe(MAX_ATTEMPTS + 1);
  });

  it("sends each event once to each subscribed endpoint when several servers dispatch at once", async () => {
    const a = await create({ url: `${hook.url}/a`, event_types: ["contract.create"] });
    const b = await create({ url: `${hook.url}/b`, event_types: ["contract.*", "invoice.voided"] });
    for (let i = 0; i < 15; i++) await announce(i % 3 === 0 ? "invoice.voided" : "contract.create", { n: i });
    const now = new Date();
    await Promise.all([dispatch(now), dispatch(now), dispatch(now)]);
    while (await dispatch(now));
    expect(hook.received.filter((r) => r.path === "/hooks/a")).toHaveLength(10);
    const deliveries = await db.prisma.webhookDelivery.findMany({ where: { endpointId: { in: [a.id, b.id] } } });
    expect(deliveries.filter((d) => d.endpointId === a.id)).toHaveLength(10);
    expect(deliveries.filter((d) => d.endpointId === b.id)).toHaveLength(15);
    expect(deliveries.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    expect(hook.received).toHaveLength(25);
    const ids = hook.received.map((r) => JSON.parse(r.body).id + r.headers["metronome-webhook-signature"]);
    expect(new Set(ids).size).toBe(25);
  });

  it("stops delivering to an archived endpoint", async () => {
    const endpoint = await create({ url: hook.url, event_types: ["*"] });
    await announce("invoice.voided", { invoice_id: randomUUID() });
    hook.script.push(500);
    const now = new Date();
    await dispatch(now);
    await archiveWebhookEndpoint(ctx, { id: endpoint.id });
    await dispatch(seconds(now, 3600));
    expect(hook.received).toHaveLength(1);
    expect(await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })).toMatchObject({ status: "failed", lastError: "The endpoint was archived." });
    await expect(resendWebhookDelivery(ctx, { id: (await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })).id })).rejects.toThrow(/archived/);
  });

  describe("endpoints", () => {
    it("are for admins only, validate the URL and event types, and audit", async () => {
      const sales: Actor = { type: "user", id: randomUUID(), name: "sales", role: "sales" };
      await expect(createWebhookEndpoint({ ...ctx, actor: sales }, { url: hook.url, event_types: ["*"] }, security)).rejects.toMatchObject({ code: "forbidden" });
      await expect(listWebhookDeliveries({ ...ctx, actor: sales }, { endpoint_id: randomUUID() })).rejects.toMatchObject({ code: "forbidden" });
      await expect(create({ url: "ftp://example.com", event_types: ["*"] })).rejects.toMatchObject({ code: "bad_request", fields: { url: expect.any(String) } });
      await expect(create({ url: hook.url, event_types: [] })).rejects.toMatchObject({ fields: { event_types: "Choose at least one event type" } });
      await expect(create({ url: hook.url, event_types: ["invoice.paid"] })).rejects.toMatchObject({ fields: { "event_types.0": "Unknown event type invoice.paid" } });
      const created = await create({ url: hook.url, event_types: ["alerts.*", "alerts.*"] });
      expect(created.eventTypes).toEqual(["alerts.*"]);
      expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
      const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: created.id } });
      expect(JSON.stringify(audit.after)).not.toContain(created.secret);
    });
  });

  describe("internal addresses", () => {
    it.each([
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://2130706433/hook",
      "http://10.0.0.5/hook",
      "http://172.16.3.4/hook",
      "http://192.168.1.10/hook",
      "http://[fd00:ec2::254]/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/hook",
      "http://100.64.0.1/hook",
      "http://0.0.0.0/hook",
      "http://224.0.0.1/hook",
      "https://host-that-does-not-resolve.invalid/hook",
    ])("refuses an endpoint at %s, naming the url", async (url) => {
      await expect(create({ url, event_types: ["*"] }, publicOnly)).rejects.toMatchObject({ code: "bad_request", fields: { url: expect.stringMatching(/internal address|does not resolve/) } });
    });

    it("accepts a public address, and an internal one the allow-list names", async () => {
      await expect(create({ url: "https://93.184.215.14/hook", event_types: ["*"] }, publicOnly)).resolves.toMatchObject({ url: "https://93.184.215.14/hook" });
      await expect(create({ url: "http://localhost:9/hook", event_types: ["*"] }, { policy: parseAllowList("localhost"), secretKey })).resolves.toMatchObject({ url: "http://localhost:9/hook" });
    });

    it("checks again where it connects: an endpoint that points inward now is not contacted, and the log says only why", async () => {
      // Saved while allowed (as a DNS name that later re-points at loopback would be) …
      const byName = await create({ url: hook.url.replace("127.0.0.1", "localhost"), event_types: ["invoice.*"] }, { policy: parseAllowList("localhost"), secretKey });
      const byAddress = await create({ url: hook.url, event_types: ["invoice.*"] });
      await announce("invoice.voided", { invoice_id: randomUUID() });
      // … and delivered by a server that allows no internal address.
      await dispatch(new Date(), publicOnly);
      expect(hook.received).toHaveLength(0);
      const deliveries = await db.prisma.webhookDelivery.findMany({ where: { endpointId: { in: [byName.id, byAddress.id] } } });
      expect(deliveries).toHaveLength(2);
      expect(deliveries.map((d) => [d.status, d.lastStatus, d.lastError])).toEqual([
        ["pending", null, "address not allowed"],
        ["pending", null, "address not allowed"],
      ]);
    });

    it("logs a short category for a refused connection, never the error's own text", async () => {
      const closed = await receiver();
      const url = closed.url;
      await closed.close();
      const endpoint = await create({ url, event_types: ["invoice.*"] });
      await announce("invoice.voided", { invoice_id: randomUUID() });
      await dispatch(new Date());
      const attempt = await db.prisma.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: endpoint.id } } });
      expect(attempt).toMatchObject({ status: null, error: "connection refused" });
    });
  });

  describe("signing secrets", () => {
    it("are stored sealed, and deliveries signed with them verify with the SDK", async () => {
      const endpoint = await create({ url: hook.url, event_types: ["invoice.*"] });
      const stored = (await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secret;
      expect(isSealed(stored)).toBe(true);
      expect(stored).not.toContain(endpoint.secret.slice(6));
      expect(openSecret(stored, secretKey)).toBe(endpoint.secret);
      await announce("invoice.voided", { invoice_id: randomUUID() });
      await dispatch(new Date());
      const [got] = hook.received;
      expect(sdk.webhooks.unwrap(got!.body, got!.headers as Record<string, string>, endpoint.secret)).toMatchObject({ type: "invoice.voided" });
    });

    it("stored in clear by an earlier version are sealed at start-up and still sign what the SDK accepts", async () => {
      const legacy = await db.prisma.webhookEndpoint.create({ data: { url: hook.url, secret: "whsec_legacy_plaintext_secret", eventTypes: ["invoice.*"] } });
      expect(await sealLegacyWebhookSecrets(db.prisma, secretKey)).toBe(1);
      expect(await sealLegacyWebhookSecrets(db.prisma, secretKey)).toBe(0);
      const stored = (await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: legacy.id } })).secret;
      expect(isSealed(stored)).toBe(true);
      await announce("invoice.voided", { invoice_id: randomUUID() });
      await dispatch(new Date());
      const [got] = hook.received;
      expect(sdk.webhooks.unwrap(got!.body, got!.headers as Record<string, string>, "whsec_legacy_plaintext_secret")).toMatchObject({ type: "invoice.voided" });
    });

    it("sealed under another RATELINE_SECRET fail the delivery with a plain reason", async () => {
      const endpoint = await create({ url: hook.url, event_types: ["invoice.*"] }, { policy: security.policy, secretKey: webhookSecretKey("another-secret-".repeat(3)) });
      await announce("invoice.voided", { invoice_id: randomUUID() });
      await dispatch(new Date());
      expect(hook.received).toHaveLength(0);
      expect(await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })).toMatchObject({ lastError: "signing secret unreadable (RATELINE_SECRET changed?)" });
    });
  });
});
