import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";

// Rate limits over HTTP. The REST API's is per API key (RATELINE_API_RATE_LIMIT requests a
// second, RATELINE_API_RATE_BURST at once), here made tiny; the portal's is per link, whatever
// the Authorization header's spelling. Neither touches the database's behaviour, so one kind.

describe("rate limits", () => {
  let server: ApiServer;
  let portalToken = "";

  beforeAll(async () => {
    server = await startApiServer("pglite", { RATELINE_API_RATE_LIMIT: "1", RATELINE_API_RATE_BURST: "3" });
    const customer = await server.client.v1.customers.create({ name: "Limited" });
    const link = await server.client.v1.dashboards.getEmbeddableURL({ customer_id: customer.data.id, dashboard: "credits" });
    portalToken = new URL(link.data.url!).searchParams.get("token")!;
    // The two calls above took two of the three; let the bucket fill again.
    await new Promise((r) => setTimeout(r, 3200));
  });
  afterAll(() => server?.stop());

  it("answers an API key over its limit with 429, Retry-After and a JSON message, however the header is spelled", async () => {
    const spellings = [`Bearer ${server.token}`, `bearer ${server.token}`, `BEARER   ${server.token}  `, `Bearer\t${server.token}`];
    const responses = [];
    for (const authorization of spellings) responses.push(await server.fetch("/v1/credit-types/list", { headers: { authorization } }));
    expect(responses.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    const limited = responses[3]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({ message: expect.stringMatching(/^Too many requests with this API key; retry after \d+ s\.$/) });
    // A request without a valid key is refused as before, not counted against the key.
    expect((await server.fetch("/v1/credit-types/list", { headers: { authorization: "Bearer nope-nope-nope" } })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await server.fetch("/v1/credit-types/list")).status).toBe(200);
  });

  it("keys the portal's limit on the link, not on the header's text", async () => {
    const spellings = [`Bearer ${portalToken}`, `bearer ${portalToken}`, `Bearer   ${portalToken}   `, `BEARER ${portalToken}`];
    // 40 at once: the link's burst is 20; four spellings would have been 80 before.
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetch(`${server.url}/api/portal/credits`, { headers: { authorization: spellings[i % spellings.length]! } })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(15);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  });
});
