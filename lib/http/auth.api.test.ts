import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";

describeEachDatabase("REST API authentication", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind);
  });
  afterAll(() => server.stop());

  it("serves the SDK with the bootstrap key", async () => {
    const units = [];
    for await (const unit of server.client.v1.pricingUnits.list()) units.push(unit);
    expect(units).toContainEqual({ id: USD_CENTS.id, name: USD_CENTS.name, is_currency: true });
  });

  it.each([
    ["no Authorization header", undefined],
    ["a malformed header", "Token abc"],
    ["an unknown key", "Bearer rl_not_a_real_key"],
  ])("refuses %s with 401 and a JSON message", async (_name, authorization) => {
    const response = await fetch(`${server.url}/v1/credit-types/list`, { headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/API key/) });
  });

  it("reports health with the database mode, without a key", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(await response.json()).toEqual({ status: "ok", database: kind });
  });
});
