import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList, PUBLIC_ONLY } from "./address-policy";
import { deliveryErrorCategory, postChecked, webhookUrlRefusal } from "./outbound";

// The connect-time check with a scripted resolver: which addresses a name "resolves" to is up to
// the test, so DNS rebinding can be played out without a DNS server.

let server: http.Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.headers.host ?? "");
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const answers = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const loopbackAllowed = parseAllowList("127.0.0.1");

describe("outbound webhook requests", () => {
  it("connect to the address the checked lookup answered, not to a second resolution", async () => {
    // rebind.invalid resolves nowhere for the system resolver: the request can only have reached
    // the receiver through the address the policy checked.
    const status = await postChecked(`http://rebind.invalid:${port}/hook`, {}, "{}", { policy: loopbackAllowed, timeoutMs: 2000, resolve: answers("127.0.0.1") });
    expect(status).toBe(204);
    expect(hits).toEqual([`rebind.invalid:${port}`]);
  });

  it("refuse a name if any of its addresses is internal, at creation and at connection", async () => {
    hits.length = 0;
    const resolve = answers("93.184.215.14", "127.0.0.1");
    await expect(postChecked(`http://mixed.invalid:${port}/hook`, {}, "{}", { policy: PUBLIC_ONLY, timeoutMs: 2000, resolve })).rejects.toMatchObject({ code: "EADDRNOTALLOWED" });
    expect(await webhookUrlRefusal(new URL("http://mixed.invalid/"), PUBLIC_ONLY, resolve)).toMatch(/internal address/);
    expect(await webhookUrlRefusal(new URL("http://public.invalid/"), PUBLIC_ONLY, answers("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"))).toBeNull();
    expect(hits).toEqual([]);
  });

  it("refuse an IP literal before connecting", async () => {
    await expect(postChecked(`http://127.0.0.1:${port}/hook`, {}, "{}", { policy: PUBLIC_ONLY, timeoutMs: 2000 })).rejects.toMatchObject({ code: "EADDRNOTALLOWED" });
    await expect(postChecked(`http://[::ffff:127.0.0.1]:${port}/hook`, {}, "{}", { policy: PUBLIC_ONLY, timeoutMs: 2000 })).rejects.toMatchObject({ code: "EADDRNOTALLOWED" });
  });

  it("describe failures by category only", async () => {
    const failure = (url: string, timeoutMs = 2000) => postChecked(url, {}, "{}", { policy: loopbackAllowed, timeoutMs }).then(() => null, deliveryErrorCategory);
    // TLS spoken to a plain-HTTP server.
    expect(await failure(`https://127.0.0.1:${port}/hook`)).toBe("TLS error");
    expect(await failure(`http://127.0.0.1:${port}/hook`, 0)).toBe("timed out");
    expect(deliveryErrorCategory(Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" }))).toBe("connection refused");
    expect(deliveryErrorCategory(Object.assign(new Error("getaddrinfo ENOTFOUND db.internal"), { code: "ENOTFOUND" }))).toBe("DNS lookup failed");
    expect(deliveryErrorCategory(Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" }))).toBe("TLS error");
    expect(deliveryErrorCategory(Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }))).toBe("TLS error");
    expect(deliveryErrorCategory(new Error("something internal at 10.0.0.5"))).toBe("request failed");
  });
});
