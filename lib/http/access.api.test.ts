import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { billingClose } from "@/lib/test-support/billing-close";
import { consoleSession, postConsoleForm, postSignIn } from "@/lib/test-support/console-sign-in";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Access over real HTTP: API key scopes made by `npm run apikey:create -- <name> --scope …` and
// enforced on every endpoint; sign-in throttled per address (X-Forwarded-For believed only behind
// a trusted proxy) and per account, with the wait in the refusal; portal links that die with
// their customer's archiving, and a link hiding voided invoices hides their page, CSV and PDF
// too; a bootstrap key revoked in Settings (its form posted as a browser without JavaScript
// would) stays revoked when the server starts again.

const DAY = 24 * 3600_000;
const ADMIN = { RATELINE_ADMIN_EMAIL: "admin@access.test", RATELINE_ADMIN_PASSWORD: "access-test-password" };

/** `npm run apikey:create -- …`: through the server on the embedded database, directly on PostgreSQL. */
async function createKey(server: ApiServer, args: string[]): Promise<{ status: number; output: string; secret?: string }> {
  const env =
    server.kind === "pglite"
      ? { RATELINE_DATA_DIR: server.dataDir, DATABASE_URL: "" }
      : { DATABASE_URL: server.databaseUrl!, RATELINE_SECRET: randomBytes(32).toString("hex") };
  return new Promise((resolve) => {
    execFile("node_modules/.bin/tsx", ["scripts/apikey-create.ts", ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      const output = stdout + stderr;
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, output, secret: /(rl_[A-Za-z0-9_-]{20,})/.exec(stdout)?.[1] });
    });
  });
}

const pageMessage = async (res: Response) => {
  const html = await res.text();
  return /(Too many failed sign-ins[^<&"]*|That email and password do not match an active user\.)/.exec(html)?.[1];
};

describeEachDatabase("access over HTTP", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind, ADMIN);
  });
  afterAll(() => server?.stop());

  describe("API key scopes", () => {
    const keys = { ingest: "", read: "" };
    const as = (secret: string, path: string, init: RequestInit & { json?: unknown } = {}) => server.fetch(path, { ...init, headers: { authorization: `Bearer ${secret}` } });

    beforeAll(async () => {
      for (const scope of ["ingest", "read"] as const) {
        const made = await createKey(server, [`${scope} key`, "--scope", scope]);
        expect(made.output).toContain(`(scope ${scope})`);
        keys[scope] = made.secret!;
      }
    });

    it("refuses an unknown scope on the command line", async () => {
      const made = await createKey(server, ["bad", "--scope", "admin"]);
      expect(made.status).not.toBe(0);
      expect(made.output).toMatch(/--scope: “admin” is not a scope \(full, read or ingest\)/);
    });

    it("an ingest key sends events and nothing else: every other call is a 403 naming its scope", async () => {
      const event = { transaction_id: "scoped-1", customer_id: "someone", event_type: "x", timestamp: new Date().toISOString() };
      expect((await as(keys.ingest, "/v1/ingest", { method: "POST", json: [event] })).status).toBe(200);
      for (const [method, path, json] of [
        ["GET", "/v1/customers", undefined],
        ["POST", "/v1/customers", { name: "Sneaky" }],
        ["POST", "/v1/contract-pricing/products/list", {}],
      ] as const) {
        const res = await as(keys.ingest, path, { method, json });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(((await res.json()) as { message: string }).message).toMatch(/^This API key has the `ingest` scope, which allows only POST \/v1\/ingest;/);
      }
    });

    it("a read key reads (GET and the read-only POSTs) and cannot write or ingest", async () => {
      expect((await as(keys.read, "/v1/customers")).status).toBe(200);
      expect((await as(keys.read, "/v1/contract-pricing/products/list", { method: "POST", json: {} })).status).toBe(200);
      expect((await as(keys.read, "/v1/events/search", { method: "POST", json: { transactionIds: ["scoped-1"] } })).status).not.toBe(403);
      for (const [path, json] of [
        ["/v1/customers", { name: "Sneaky" }],
        ["/v1/ingest", [{ transaction_id: "scoped-2", customer_id: "someone", event_type: "x", timestamp: new Date().toISOString() }]],
        ["/v1/dashboards/getEmbeddableUrl", { customer_id: "00000000-0000-4000-8000-000000000000", dashboard: "usage" }],
      ] as const) {
        const res = await as(keys.read, path, { method: "POST", json });
        expect(res.status, path).toBe(403);
        expect(((await res.json()) as { message: string }).message).toMatch(/`read` scope/);
      }
      const customers = (await (await server.fetch("/v1/customers")).json()) as { data: { name: string }[] };
      expect(customers.data.map((c) => c.name)).not.toContain("Sneaky");
      const events = (await (await server.fetch("/v1/events/search", { method: "POST", json: { transactionIds: ["scoped-2"] } })).json()) as unknown[];
      expect(events).toEqual([]);
    });
  });

  describe("portal links", () => {
    it("stop working when their customer is archived", async () => {
      const { data } = await server.client.v1.customers.create({ name: "Leaving" });
      const link = await server.client.v1.dashboards.getEmbeddableURL({ customer_id: data.id, dashboard: "usage" });
      const token = new URL(link.data.url!).searchParams.get("token")!;
      const read = () => fetch(`${server.url}/api/portal/usage`, { headers: { authorization: `Bearer ${token}` } });
      expect((await read()).status).toBe(200);
      await server.client.v1.customers.archive({ id: data.id });
      const res = await read();
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: "This portal link is invalid, has expired or has been revoked." });
      await expect(server.client.v1.dashboards.getEmbeddableURL({ customer_id: data.id, dashboard: "usage" })).rejects.toMatchObject({ status: 400 });
    });

    it("with hide_voided_invoices, a voided invoice's page, data, CSV and PDF are 404 (and shown without it)", async () => {
      const c = server.client;
      const { data } = await c.v1.customers.create({ name: "Voided" });
      const product = await c.v1.contracts.products.create({ name: "Setup", type: "FIXED" });
      const card = await c.v1.contracts.rateCards.create({ name: "Voided card" });
      // A scheduled charge dated yesterday: its SCHEDULED invoice is finalized on the date, then voided.
      const start = new Date(Math.floor(Date.now() / DAY) * DAY - 2 * DAY);
      await c.v1.contracts.create({
        customer_id: data.id,
        rate_card_id: card.data.id,
        starting_at: start.toISOString(),
        scheduled_charges: [{ product_id: product.data.id, name: "Setup", schedule: { schedule_items: [{ timestamp: new Date(start.getTime() + DAY).toISOString(), amount: 500 }] } }],
      });
      const closed = await billingClose(server);
      expect(closed.status, closed.output).toBe(0);
      const finalized = (await c.v1.customers.invoices.list({ customer_id: data.id, status: "FINALIZED" })).data;
      expect(finalized.map((i) => [i.type, i.total])).toEqual([["SCHEDULED", 500]]);
      const invoiceId = finalized[0]!.id;
      await c.v1.invoices.void({ id: invoiceId });
      const tokenFor = async (hide: boolean) =>
        new URL(
          (await c.v1.dashboards.getEmbeddableURL({ customer_id: data.id, dashboard: "invoices", dashboard_options: hide ? [{ key: "hide_voided_invoices", value: "true" }] : [] })).data.url!,
        ).searchParams.get("token")!;
      const [hidden, shown] = [await tokenFor(true), await tokenFor(false)];
      const api = (token: string, path: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
      for (const path of [`/api/portal/invoices/${invoiceId}`, `/api/portal/invoices/${invoiceId}/csv`, `/api/portal/invoices/${invoiceId}/pdf`]) {
        expect((await api(hidden, path)).status, path).toBe(404);
        expect((await api(shown, path)).status, path).toBe(200);
      }
      expect((await fetch(`${server.url}/portal/invoices/${invoiceId}?token=${hidden}`)).status).toBe(404);
      expect((await fetch(`${server.url}/portal/invoices/${invoiceId}?token=${shown}`)).status).toBe(200);
      expect(((await (await api(hidden, "/api/portal/invoices")).json()) as { invoices: unknown[] }).invoices).toEqual([]);
      expect(((await (await api(shown, "/api/portal/invoices")).json()) as { invoices: unknown[] }).invoices).toHaveLength(1);
    });
  });

  // Last: it locks this server's one client address (127.0.0.1) out of signing in.
  it("after 10 failed sign-ins from one address, that address is refused even with the right password; X-Forwarded-For is not believed", async () => {
    for (let i = 0; i < 10; i++) {
      const res = await postSignIn(server, `guess-${i}@access.test`, "wrong-password", { "x-forwarded-for": `198.51.100.${i}`, "x-rateline-peer-address": `192.0.2.${i}` });
      expect(res.status).toBe(200);
      expect(await pageMessage(res)).toBe("That email and password do not match an active user.");
    }
    const res = await postSignIn(server, ADMIN.RATELINE_ADMIN_EMAIL, ADMIN.RATELINE_ADMIN_PASSWORD, { "x-forwarded-for": "203.0.113.1" });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("rateline_session="))).toBe(false);
    expect(await pageMessage(res)).toBe("Too many failed sign-ins for your address (10 in 15 minutes). Try again in 15 minutes.");
  });
});

describeEachDatabase("sign-in throttling behind a trusted proxy", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind, { ...ADMIN, RATELINE_TRUST_PROXY: "true" });
  });
  afterAll(() => server?.stop());

  it("counts each forwarded address apart, and locks the account after 10 failures whatever the address", async () => {
    for (let i = 0; i < 10; i++) {
      const res = await postSignIn(server, ADMIN.RATELINE_ADMIN_EMAIL, `wrong-${i}`, { "x-forwarded-for": `10.0.0.1, 198.51.100.${i}` });
      expect(await pageMessage(res)).toBe("That email and password do not match an active user.");
    }
    const locked = await postSignIn(server, ADMIN.RATELINE_ADMIN_EMAIL, ADMIN.RATELINE_ADMIN_PASSWORD, { "x-forwarded-for": "203.0.113.50" });
    expect(await pageMessage(locked)).toBe("Too many failed sign-ins for this account (10 in 15 minutes). Try again in 15 minutes.");
    // Another account from another forwarded address is not held up by either count.
    const other = await postSignIn(server, "someone-else@access.test", "wrong", { "x-forwarded-for": "203.0.113.51" });
    expect(await pageMessage(other)).toBe("That email and password do not match an active user.");
  });
});

describeEachDatabase("a bootstrap key revoked in Settings", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind, ADMIN);
  });
  afterAll(() => server?.stop());

  it("stays revoked when the server starts again with the same RATELINE_BOOTSTRAP_TOKEN", async () => {
    const BOOTSTRAP = "Bootstrap (RATELINE_BOOTSTRAP_TOKEN)";
    const shownRevoked = async (cookie: string) => {
      const html = await (await fetch(`${server.url}/settings`, { headers: { cookie } })).text();
      return new RegExp(`${BOOTSTRAP.replace(/[()]/g, "\\$&")}</td>(?:(?!</tr>)[\\s\\S])*>Revoked<`).test(html);
    };
    expect((await server.fetch("/v1/customers")).status).toBe(200);
    const cookie = await consoleSession(server, ADMIN.RATELINE_ADMIN_EMAIL, ADMIN.RATELINE_ADMIN_PASSWORD);
    expect(await shownRevoked(cookie)).toBe(false);
    const revoked = await postConsoleForm(server, cookie, "/settings", `aria-label="Revoke ${BOOTSTRAP}"`);
    expect(revoked.status).toBe(200);
    expect((await server.fetch("/v1/customers")).status).toBe(401);

    server = await server.restart();
    expect((await server.fetch("/v1/customers")).status).toBe(401);
    expect(await shownRevoked(cookie)).toBe(true);
    // The restarted server answers otherwise as before: the key is refused, not the request.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
