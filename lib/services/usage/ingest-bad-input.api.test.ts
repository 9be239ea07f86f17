import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// A corpus of bad requests to POST /v1/ingest: each gets a clear 4xx with a JSON message, stores
// nothing, and the server keeps serving.

const now = () => new Date().toISOString();
const event = (over: Record<string, unknown> = {}) => ({ transaction_id: `bad-${Math.random()}`, customer_id: "cust", event_type: "call", timestamp: now(), properties: { n: 1 }, ...over });
const INJECTIONS = ["'; DROP TABLE usage_event; --", "<script>alert(1)</script>", "\" OR 1=1 --", "${jndi:ldap://x}", "../../etc/passwd"];
const deep = () => {
  let value: unknown = 1;
  for (let i = 0; i < 50; i++) value = { nested: value };
  return value;
};

type Case = [name: string, body: string | unknown, status: number];

function corpus(): Case[] {
  const cases: Case[] = [
    ["an empty array", [], 400],
    ["an object instead of an array", event(), 400],
    ["a string body", "\"events\"", 400],
    ["a number body", "42", 400],
    ["null", "null", 400],
    ["truncated JSON", '[{"transaction_id": "x"', 400],
    ["not JSON at all", "transaction_id=x&customer_id=y", 400],
    ["an array of nulls", [null], 400],
    ["an array of strings", ["event"], 400],
    ["missing transaction_id", [{ ...event(), transaction_id: undefined }], 400],
    ["missing customer_id", [{ ...event(), customer_id: undefined }], 400],
    ["missing event_type", [{ ...event(), event_type: undefined }], 400],
    ["missing timestamp", [{ ...event(), timestamp: undefined }], 400],
    ["numeric transaction_id", [event({ transaction_id: 123 })], 400],
    ["empty transaction_id", [event({ transaction_id: "" })], 400],
    ["a 200-character transaction_id", [event({ transaction_id: "x".repeat(200) })], 400],
    ["object customer_id", [event({ customer_id: { id: 1 } })], 400],
    ["empty customer_id", [event({ customer_id: "" })], 400],
    ["boolean event_type", [event({ event_type: true })], 400],
    ["a date without time", [event({ timestamp: "2026-01-01" })], 400],
    ["a timestamp without zone", [event({ timestamp: "2026-01-01T10:00:00" })], 400],
    ["an impossible date", [event({ timestamp: "2026-02-30T10:00:00Z" })], 400],
    ["an epoch number timestamp", [event({ timestamp: Date.now() })], 400],
    ["a timestamp 40 days old", [event({ timestamp: new Date(Date.now() - 40 * 86400_000).toISOString() })], 400],
    ["a timestamp 2 hours ahead", [event({ timestamp: new Date(Date.now() + 2 * 3600_000).toISOString() })], 400],
    ["a year-1900 timestamp", [event({ timestamp: "1900-01-01T00:00:00Z" })], 400],
    ["properties as an array", [event({ properties: [1, 2] })], 400],
    ["properties as a string", [event({ properties: "n=1" })], 400],
    ["properties as a number", [event({ properties: 7 })], 400],
    ["a 1 MB property value", [event({ properties: { blob: "x".repeat(1024 * 1024) } })], 400],
    ["deeply nested properties", [event({ properties: { deep: deep() } })], 400],
    ["one bad event among good ones", [event(), event(), event({ timestamp: "soon" }), event()], 400],
    ["10,001 events", Array.from({ length: 10_001 }, () => event()), 400],
  ];
  for (const field of ["transaction_id", "customer_id", "event_type"]) {
    cases.push([`an injection string too long in ${field}`, [event({ [field]: INJECTIONS.join(" ").repeat(3) })], 400]);
  }
  for (const injection of INJECTIONS) cases.push([`injection ${JSON.stringify(injection)} as a timestamp`, [event({ timestamp: injection })], 400]);
  return cases;
}

describeEachDatabase("ingest refuses bad input", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind);
  });
  afterAll(() => server.stop());

  it("has at least 40 cases", () => expect(corpus().length + 3).toBeGreaterThanOrEqual(40));

  it.each(corpus())("%s: refused, nothing stored", async (_name, body, status) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const response = await server.fetch("/v1/ingest", { method: "POST", body: text, headers: { "content-type": "application/json" } });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ message: expect.any(String) });
    const ids = Array.isArray(body) ? body.filter((e) => e && typeof e === "object" && typeof e.transaction_id === "string").map((e) => e.transaction_id as string).filter((id) => id.length >= 1 && id.length <= 128).slice(0, 100) : [];
    if (ids.length) expect(await server.client.v1.usage.search({ transactionIds: ids })).toEqual([]);
  });

  it("refuses non-UTF-8 bytes with 400", async () => {
    const bytes = Buffer.concat([Buffer.from('[{"transaction_id":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('","customer_id":"c","event_type":"e","timestamp":"' + now() + '"}]')]);
    const response = await server.fetch("/v1/ingest", { method: "POST", body: bytes, headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
  });

  it("refuses a 10 MB body with 413", async () => {
    const big = JSON.stringify(Array.from({ length: 9000 }, () => event({ properties: { pad: "x".repeat(1100) } })));
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const response = await server.fetch("/v1/ingest", { method: "POST", body: big, headers: { "content-type": "application/json" } });
    expect(response.status).toBe(413);
  });

  it("stores injection strings verbatim where they are valid, and is still serving", async () => {
    const events = INJECTIONS.map((s, i) => event({ transaction_id: `inj-${i}-${s}`, customer_id: s, event_type: s, properties: { [s]: s } }));
    const response = await server.fetch("/v1/ingest", { method: "POST", json: events });
    expect(response.status).toBe(200);
    const found = await server.client.v1.usage.search({ transactionIds: events.map((e) => e.transaction_id) });
    expect(found.map((e) => e.customer_id).sort()).toEqual([...INJECTIONS].sort());
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
