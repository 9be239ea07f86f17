import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { postSignIn } from "@/lib/test-support/console-sign-in";

// The security headers and the session cookie, over raw HTTP against the real server: console
// pages (a CSP whose nonce is on every script, no framing), portal pages (framed by the embedding
// origins only), the API (nosniff), and HTTPS — HSTS and a Secure cookie — believed from
// X-Forwarded-Proto only when RATELINE_TRUST_PROXY says a proxy sets it. Nothing here depends on
// the database, so it runs on the embedded one.

const EMBED_ORIGIN = "http://embed.example:8080";
const ADMIN = { RATELINE_ADMIN_EMAIL: "admin@headers.test", RATELINE_ADMIN_PASSWORD: "headers-test-password" };

/** Signs in through the sign-in form's server action, as a browser without JavaScript posts it. */
async function signIn(server: ApiServer, headers: Record<string, string> = {}) {
  const res = await postSignIn(server, ADMIN.RATELINE_ADMIN_EMAIL, ADMIN.RATELINE_ADMIN_PASSWORD, headers);
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("rateline_session="));
  expect(cookie).toBeDefined();
  return { response: res, cookie: cookie! };
}

const directives = (csp: string | null) => new Map((csp ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(" ")]));

describe("security headers", () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer("pglite", { ...ADMIN, RATELINE_EMBED_ORIGINS: EMBED_ORIGIN });
  });
  afterAll(() => server?.stop());

  it("console pages: a nonce CSP on every script, no framing, no sniffing, a referrer policy, no HSTS over HTTP", async () => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/", "/customers", "/no-such-page"]) {
      const res = await fetch(server.url + path, { redirect: "manual" });
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("frame-ancestors"), path).toBe("'none'");
      expect(csp.get("default-src")).toBe("'self'");
      expect(csp.get("object-src")).toBe("'none'");
      expect(csp.get("base-uri")).toBe("'self'");
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp.get("script-src") ?? "")?.[1];
      expect(nonce, path).toBeDefined();
      expect(csp.get("script-src")).not.toContain("unsafe-inline");
      nonces.add(nonce!);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(csp.has("upgrade-insecure-requests")).toBe(false);
      if (res.status === 200 || res.status === 404) {
        const scripts = [...(await res.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      }
    }
    expect(nonces.size).toBe(4);
  });

  it("portal pages: framed by the embedding origins, no X-Frame-Options, no referrer", async () => {
    const customer = await server.client.v1.customers.create({ name: "Headers Co" });
    const { data } = await server.client.v1.dashboards.getEmbeddableURL({ customer_id: customer.data.id, dashboard: "usage" });
    const link = new URL(data.url!);
    for (const [path, status] of [[link.pathname + link.search, 200], ["/portal/usage?token=forged", 401]] as const) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(status);
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("frame-ancestors")).toBe(`'self' ${EMBED_ORIGIN}`);
      expect(csp.get("script-src")).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
      expect(res.headers.get("x-frame-options")).toBeNull();
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("API responses: nosniff, not framable, whatever the outcome", async () => {
    const responses = [
      await server.fetch("/v1/customers"),
      await server.fetch("/v1/customers", { headers: { authorization: "Bearer wrong" } }),
      await server.fetch("/v1/customers", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }),
      await fetch(`${server.url}/api/health`),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 400, 200]);
    for (const res of responses) {
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("ignores X-Forwarded-Proto without RATELINE_TRUST_PROXY: no HSTS, no Secure cookie", async () => {
    const page = await fetch(`${server.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const { cookie } = await signIn(server, { "x-forwarded-proto": "https" });
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });
});

describe("security headers behind a trusted proxy (RATELINE_TRUST_PROXY)", () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer("pglite", { ...ADMIN, RATELINE_TRUST_PROXY: "true" });
  });
  afterAll(() => server?.stop());

  it("over HTTPS: HSTS, upgrade-insecure-requests, and a Secure session cookie", async () => {
    const page = await fetch(`${server.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000");
    expect(directives(page.headers.get("content-security-policy")).has("upgrade-insecure-requests")).toBe(true);
    const { cookie } = await signIn(server, { "x-forwarded-proto": "https" });
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
  });

  it("over plain HTTP: neither", async () => {
    const page = await fetch(`${server.url}/sign-in`, { headers: { "x-forwarded-proto": "http" } });
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const { cookie } = await signIn(server, { "x-forwarded-proto": "http" });
    expect(cookie).not.toMatch(/; Secure/i);
  });
});
