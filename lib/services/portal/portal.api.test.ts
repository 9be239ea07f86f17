import { randomBytes } from "node:crypto";
import Metronome from "@metronome/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPortalToken } from "@/lib/auth/portal-token";
import { signSessionToken } from "@/lib/auth/session-token";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// The customer portal over HTTP: links made through the official SDK, pages that refuse bad links
// with a 401 and may be framed by the configured origins, and data routes that read only the
// customer of the link — whatever the request says — and accept nothing but a portal token.
//
// Two customers on the same rate card (Tokens, FLAT 2 cents, shown per model), contracts from the
// start of this month. Acme: 100 tokens of model "a" and 50 of "b" = 300 cents, drawn from a
// 10,000-cent credit, so the total so far is 0 and 9,700 remains. Bolt: 10 tokens = 20 cents.

const SECRET = randomBytes(32).toString("hex");
const EMBED_ORIGIN = "http://embed.example:8080";
const today = new Date();
const month = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1)).toISOString();
const THIS = month(0);
const NEXT = month(1);
const DATA_ROUTES = ["/api/portal/usage", "/api/portal/spend", "/api/portal/credits", "/api/portal/invoices"];
const NOBODY = "00000000-0000-4000-8000-000000000000";

describeEachDatabase("customer portal", (kind) => {
  let server: ApiServer;
  const ids = { acme: "", bolt: "", acmeContract: "", boltDraft: "", credit: "" };
  const tokens = { acme: "", bolt: "" };

  const portalGet = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;
  const localUrl = (url: string) => server.url + new URL(url).pathname + new URL(url).search;

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_SECRET: SECRET, RATELINE_EMBED_ORIGINS: EMBED_ORIGIN });
    const c = server.client;
    const metric = (
      await c.v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", event_type_filter: { in_values: ["completion"] }, property_filters: [{ name: "tokens", exists: true }], group_keys: [["model"]] })
    ).data.id;
    const product = (await c.v1.contracts.products.create({ name: "Tokens", type: "USAGE", billable_metric_id: metric, presentation_group_key: ["model"] })).data.id;
    const fixed = (await c.v1.contracts.products.create({ name: "Credit", type: "FIXED" })).data.id;
    // A maximum per model, free: its period value is the largest reading, not a sum of groups or days.
    const peak = (await c.v1.billableMetrics.create({ name: "Peak seats", aggregation_type: "MAX", aggregation_key: "seats", event_type_filter: { in_values: ["seats"] }, property_filters: [{ name: "seats", exists: true }], group_keys: [["model"]] })).data.id;
    const peakProduct = (await c.v1.contracts.products.create({ name: "Peak seats", type: "USAGE", billable_metric_id: peak, presentation_group_key: ["model"] })).data.id;
    const card = (await c.v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c.v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: product, entitled: true, rate_type: "FLAT", price: 2, starting_at: month(-1) });
    await c.v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: peakProduct, entitled: true, rate_type: "FLAT", price: 0, starting_at: month(-1) });
    ids.acme = (await c.v1.customers.create({ name: "Acme", ingest_aliases: ["acme"] })).data.id;
    ids.bolt = (await c.v1.customers.create({ name: "Bolt", ingest_aliases: ["bolt"] })).data.id;
    ids.acmeContract = (
      await c.v1.contracts.create({
        customer_id: ids.acme,
        starting_at: THIS,
        rate_card_id: card,
        credits: [{ product_id: fixed, name: "Welcome credit", priority: 1, access_schedule: { schedule_items: [{ amount: 10000, starting_at: THIS, ending_before: NEXT }] } }],
      })
    ).data.id;
    await c.v1.contracts.create({ customer_id: ids.bolt, starting_at: THIS, rate_card_id: card });
    await c.v1.usage.ingest({
      usage: [
        { transaction_id: "a-1", customer_id: "acme", event_type: "completion", timestamp: THIS, properties: { model: "a", tokens: 100 } },
        { transaction_id: "a-2", customer_id: "acme", event_type: "completion", timestamp: THIS, properties: { model: "b", tokens: 50 } },
        { transaction_id: "b-1", customer_id: "bolt", event_type: "completion", timestamp: THIS, properties: { model: "a", tokens: 10 } },
        { transaction_id: "s-1", customer_id: "acme", event_type: "seats", timestamp: THIS, properties: { model: "a", seats: 7 } },
        { transaction_id: "s-2", customer_id: "acme", event_type: "seats", timestamp: THIS, properties: { model: "b", seats: 5 } },
        { transaction_id: "s-3", customer_id: "acme", event_type: "seats", timestamp: THIS, properties: { model: "a", seats: 3 } },
      ],
    });
    const boltInvoices = await c.v1.customers.invoices.list({ customer_id: ids.bolt });
    ids.boltDraft = boltInvoices.data[0]!.id;
    ids.credit = (await c.v1.customers.credits.list({ customer_id: ids.acme, include_contract_credits: true })).data[0]!.id;
    tokens.acme = tokenOf((await c.v1.dashboards.getEmbeddableURL({ customer_id: ids.acme, dashboard: "usage" })).data.url!);
    tokens.bolt = tokenOf((await c.v1.dashboards.getEmbeddableURL({ customer_id: ids.bolt, dashboard: "usage" })).data.url!);
  });
  afterAll(() => server?.stop());

  describe("POST /v1/dashboards/getEmbeddableUrl", () => {
    it("hands out a link to the dashboard's portal page at the public URL", async () => {
      const { data } = await server.client.v1.dashboards.getEmbeddableURL({
        customer_id: ids.acme,
        dashboard: "commits_and_credits",
        color_overrides: [{ name: "Primary_medium", value: "#ff0066" }],
        dashboard_options: [{ key: "hide_voided_invoices", value: "true" }],
      });
      const url = new URL(data.url!);
      expect(url.origin).toBe(`http://localhost:${new URL(server.url).port}`);
      expect(url.pathname).toBe("/portal/credits");
      const page = await fetch(localUrl(data.url!));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("--rl-Primary_medium:#ff0066");
    });

    it("expires after 24 hours by default, or after expires_in_seconds", async () => {
      const payload = (url: string) => JSON.parse(Buffer.from(tokenOf(url).split(".")[1]!, "base64url").toString()) as { exp: number; iat: number };
      const byDefault = payload((await server.client.v1.dashboards.getEmbeddableURL({ customer_id: ids.acme, dashboard: "invoices" })).data.url!);
      expect(byDefault.exp - byDefault.iat).toBe(24 * 3600);
      const short = await server.fetch("/v1/dashboards/getEmbeddableUrl", { method: "POST", json: { customer_id: ids.acme, dashboard: "usage", expires_in_seconds: 600 } });
      const body = (await short.json()) as { data: { url: string } };
      const p = payload(body.data.url);
      expect(p.exp - p.iat).toBe(600);
    });

    it("refuses an unknown customer, dashboard, colour, or too long a life, naming the field", async () => {
      await expect(server.client.v1.dashboards.getEmbeddableURL({ customer_id: NOBODY, dashboard: "usage" })).rejects.toMatchObject({ status: 404 });
      const bad = async (json: unknown, field: string) => {
        const res = await server.fetch("/v1/dashboards/getEmbeddableUrl", { method: "POST", json });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { fields: Record<string, string> }).fields).toHaveProperty(field);
      };
      await bad({ customer_id: ids.acme, dashboard: "admin" }, "dashboard");
      await bad({ customer_id: ids.acme, dashboard: "usage", color_overrides: [{ name: "Primary_medium", value: "red;background:url(x)" }] }, "color_overrides.0.value");
      await bad({ customer_id: ids.acme, dashboard: "usage", expires_in_seconds: 31 * 24 * 3600 }, "expires_in_seconds");
    });

    it("needs an API key: a portal token is not one", async () => {
      const asPortal = new Metronome({ bearerToken: tokens.acme, baseURL: server.url, maxRetries: 0 });
      await expect(asPortal.v1.dashboards.getEmbeddableURL({ customer_id: ids.bolt, dashboard: "usage" })).rejects.toMatchObject({ status: 401 });
    });
  });

  describe("portal pages", () => {
    it("may be framed by the configured origins, and set no cookie", async () => {
      const res = await fetch(`${server.url}/portal/spend?token=${tokens.acme}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-security-policy")).toContain(`; frame-ancestors 'self' ${EMBED_ORIGIN}`);
      expect(res.headers.get("x-frame-options")).toBeNull();
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    });

    it("answer a tampered, expired, foreign or missing link with 401 and a page that says so", async () => {
      const expired = await signPortalToken({ customerId: ids.acme, dashboard: "usage", colors: {}, options: {}, expiresAt: new Date(Date.now() - 1000) }, SECRET);
      const otherServer = await signPortalToken({ customerId: ids.acme, dashboard: "usage", colors: {}, options: {}, expiresAt: new Date(Date.now() + 3600_000) }, "another-secret-of-at-least-32-characters");
      for (const path of ["usage", "spend", "credits", "invoices", `invoices/${NOBODY}`]) {
        for (const token of [tamper(tokens.acme), expired, otherServer, ""]) {
          const res = await fetch(`${server.url}/portal/${path}${token ? `?token=${token}` : ""}`);
          expect(res.status, `${path} ${token.slice(-6)}`).toBe(401);
          expect(await res.text()).toContain("This link is invalid or has expired");
          expect(res.headers.get("content-security-policy")).toContain(`; frame-ancestors 'self' ${EMBED_ORIGIN}`);
        }
      }
    });
  });

  describe("portal pages of a link no longer valid", () => {
    const refused = async (token: string) => {
      for (const path of ["", "usage", "spend", "credits", "invoices", `invoices/${NOBODY}`]) {
        const res = await fetch(`${server.url}/portal${path ? `/${path}` : ""}?token=${token}`, { redirect: "manual" });
        expect(res.status, path).toBe(401);
        expect(await res.text()).toContain("This link is invalid or has expired");
        expect(res.headers.get("content-security-policy")).toContain(`; frame-ancestors 'self' ${EMBED_ORIGIN}`);
      }
    };

    it("answer a link of an archived customer with 401, as a tampered one", async () => {
      const gone = (await server.client.v1.customers.create({ name: "Gone" })).data.id;
      const token = tokenOf((await server.client.v1.dashboards.getEmbeddableURL({ customer_id: gone, dashboard: "usage" })).data.url!);
      expect((await fetch(`${server.url}/portal/usage?token=${token}`)).status).toBe(200);
      await server.client.v1.customers.archive({ id: gone });
      await refused(token);
    });

    // Links are revoked in the console (a server action); here the epoch is bumped in the server's database.
    it.runIf(kind === "postgresql")("answer a revoked link with 401, as a tampered one", async () => {
      const revoked = (await server.client.v1.customers.create({ name: "Revoked" })).data.id;
      const token = tokenOf((await server.client.v1.dashboards.getEmbeddableURL({ customer_id: revoked, dashboard: "usage" })).data.url!);
      expect((await fetch(`${server.url}/portal/usage?token=${token}`)).status).toBe(200);
      const db = new pg.Client({ connectionString: server.databaseUrl });
      await db.connect();
      await db.query(`UPDATE customer SET portal_epoch = portal_epoch + 1 WHERE id = $1`, [revoked]).finally(() => db.end());
      await refused(token);
    });
  });

  describe("portal data", () => {
    it("usage: the period's quantities per model, of the link's customer", async () => {
      const res = await portalGet("/api/portal/usage", tokens.acme);
      expect(res.status).toBe(200);
      const usage = (await res.json()) as { period: { startingOn: string; endingBefore: string }; products: { name: string; total: string; groupTotals: unknown[]; buckets: { values: Record<string, string> }[] }[] };
      expect(usage.period).toEqual({ startingOn: THIS, endingBefore: NEXT });
      expect(usage.products.map((p) => p.name).sort()).toEqual(["Peak seats", "Tokens"]);
      const tokensUsed = usage.products.find((p) => p.name === "Tokens")!;
      expect(tokensUsed).toMatchObject({ total: "150", groupTotals: [{ group: "a", quantity: "100" }, { group: "b", quantity: "50" }] });
      expect(tokensUsed.buckets[0]!.values).toEqual({ a: "100", b: "50" });
      // The period's maximum in all is 7 (model a), not 7 + 5 summed across the models.
      expect(usage.products.find((p) => p.name === "Peak seats")).toMatchObject({ total: "7", groupTotals: [{ group: "a", quantity: "7" }, { group: "b", quantity: "5" }] });
    });

    it("spend: the live draft with its credit applied and a forecast", async () => {
      const spend = (await (await portalGet("/api/portal/spend", tokens.acme)).json()) as { invoices: { usageSoFar: string; appliedCredits: string; totalSoFar: string; lines: { name: string; total: string }[]; forecast: { totalAtEnd: string; usageAtEnd: string } }[] };
      expect(spend.invoices).toHaveLength(1);
      const [draft] = spend.invoices;
      expect(draft).toMatchObject({ usageSoFar: "300", appliedCredits: "-300", totalSoFar: "0" });
      expect(draft!.lines.map((l) => [l.name, l.total])).toEqual(expect.arrayContaining([["Welcome credit", "-300"]]));
      // The credit (9,700 left) covers the projected usage up to what it holds.
      expect(Number(draft!.forecast.usageAtEnd)).toBeGreaterThanOrEqual(300);
      expect(Number(draft!.forecast.totalAtEnd)).toBe(Math.max(0, Number(draft!.forecast.usageAtEnd) - 10000));
    });

    it("credits: granted, used, remaining and expiry of each balance", async () => {
      const { balances } = (await (await portalGet("/api/portal/credits", tokens.acme)).json()) as { balances: Record<string, unknown>[] };
      expect(balances).toEqual([
        expect.objectContaining({ name: "Welcome credit", kind: "CREDIT", granted: "10000", used: "300", remaining: "9700", expiresAt: NEXT }),
      ]);
      expect(balances[0]!.burnDown).toEqual(expect.arrayContaining([expect.objectContaining({ remaining: 9700 })]));
    });

    it("invoices: none issued yet; the current draft is not among them", async () => {
      const res = await portalGet("/api/portal/invoices", tokens.acme);
      expect(await res.json()).toEqual({ invoices: [] });
    });

    it("carry no internal ids of the customer, its contract or its balances", async () => {
      for (const path of DATA_ROUTES) {
        const text = await (await portalGet(path, tokens.acme)).text();
        for (const id of [ids.acme, ids.acmeContract, ids.credit]) expect(text, path).not.toContain(id);
      }
    });

    it("read only the link's customer, whatever the request names", async () => {
      const bolt = (await (await portalGet("/api/portal/usage", tokens.bolt)).json()) as { products: { total: string }[] };
      expect(bolt.products.map((p) => p.total)).toEqual(["10"]);
      const asked = await portalGet(`/api/portal/usage?customer_id=${ids.bolt}&customerId=${ids.bolt}`, tokens.acme, { "x-customer-id": ids.bolt });
      expect(((await asked.json()) as { products: { name: string; total: string }[] }).products.find((p) => p.name === "Tokens")!.total).toBe("150");
      const spend = (await (await portalGet(`/api/portal/spend?customer_id=${ids.bolt}`, tokens.acme)).json()) as { invoices: { usageSoFar: string }[] };
      expect(spend.invoices[0]!.usageSoFar).toBe("300");
      // Another customer's invoice id, a made-up one and a malformed one are all simply not found.
      for (const id of [ids.boltDraft, NOBODY, "not-an-id", ids.acmeContract]) {
        for (const suffix of ["", "/csv"]) {
          const res = await portalGet(`/api/portal/invoices/${id}${suffix}`, tokens.acme);
          expect(res.status, `${id}${suffix}`).toBe(404);
          expect(await res.text()).not.toContain("Bolt");
        }
      }
    });

    it("refuse a tampered, expired, foreign, session-signed or missing token, and an API key, with 401", async () => {
      const expired = await signPortalToken({ customerId: ids.acme, dashboard: "usage", colors: {}, options: {}, expiresAt: new Date(Date.now() - 1000) }, SECRET);
      const foreign = await signPortalToken({ customerId: ids.acme, dashboard: "usage", colors: {}, options: {}, expiresAt: new Date(Date.now() + 3600_000) }, "another-secret-of-at-least-32-characters");
      const session = await signSessionToken("00000000-0000-4000-8000-000000000001", new Date(Date.now() + 3600_000), SECRET);
      for (const path of [...DATA_ROUTES, `/api/portal/invoices/${NOBODY}`, `/api/portal/invoices/${NOBODY}/csv`]) {
        for (const token of [tamper(tokens.acme), expired, foreign, session, server.token, undefined]) {
          const res = await portalGet(path, token);
          expect(res.status, `${path} ${token?.slice(-6)}`).toBe(401);
          expect(await res.json()).toEqual({ message: "This portal link is invalid, has expired or has been revoked." });
        }
      }
      // Nor is the token taken from the query string or a cookie by the data routes.
      expect((await fetch(`${server.url}/api/portal/usage?token=${tokens.acme}`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/portal/usage`, { headers: { cookie: `token=${tokens.acme}` } })).status).toBe(401);
    });

    it("are rate limited per token with 429", async () => {
      const { data } = await server.client.v1.dashboards.getEmbeddableURL({ customer_id: ids.bolt, dashboard: "invoices" });
      const token = tokenOf(data.url!);
      const statuses = await Promise.all(Array.from({ length: 40 }, () => portalGet("/api/portal/invoices", token).then((r) => r.status)));
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
      // Another token's bucket is its own.
      expect((await portalGet("/api/portal/invoices", tokens.bolt)).status).toBe(200);
    });
  });

  describe("staff endpoints", () => {
    it("refuse a portal token: the REST API and the console's routes", async () => {
      const asPortal = new Metronome({ bearerToken: tokens.acme, baseURL: server.url, maxRetries: 0 });
      await expect(asPortal.v1.customers.list()).rejects.toMatchObject({ status: 401 });
      await expect(asPortal.v1.customers.retrieve({ customer_id: ids.acme })).rejects.toMatchObject({ status: 401 });
      await expect(asPortal.v1.customers.invoices.list({ customer_id: ids.acme })).rejects.toMatchObject({ status: 401 });
      await expect(asPortal.v1.usage.ingest({ usage: [{ transaction_id: "x", customer_id: "acme", event_type: "completion", timestamp: THIS }] })).rejects.toMatchObject({ status: 401 });
      const preview = await fetch(`${server.url}/api/console/billable-metrics/preview`, { method: "POST", headers: { authorization: `Bearer ${tokens.acme}` }, body: "{}" });
      expect(preview.status).toBe(401);
    });
  });
});

/** The token with one character of its signature changed. */
function tamper(token: string): string {
  const i = token.length - 3;
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
}
