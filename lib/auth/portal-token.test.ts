import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { readPortalToken, signPortalToken, type PortalGrant } from "./portal-token";
import { readSessionToken, signSessionToken } from "./session-token";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const NOW = new Date("2026-11-25T12:00:00Z");
const grant: PortalGrant = {
  customerId: "7a1c3f0e-5b2d-4c8e-9f10-2a3b4c5d6e7f",
  dashboard: "credits",
  colors: { Primary_medium: "#ff0066" },
  options: { hide_voided_invoices: "true" },
  epoch: 0,
  expiresAt: new Date("2026-11-26T12:00:00Z"),
};

describe("portal tokens", () => {
  it("carry the customer, the page, the colours and the expiry", async () => {
    const token = await signPortalToken(grant, SECRET);
    expect(await readPortalToken(token, SECRET, NOW)).toEqual(grant);
  });

  it("carry the customer's portal epoch (revocation); a token from before epochs is in epoch 0", async () => {
    expect((await readPortalToken(await signPortalToken({ ...grant, epoch: 3 }, SECRET), SECRET, NOW))?.epoch).toBe(3);
    const legacy = await new SignJWT({ dsh: "usage", col: {}, opt: {} })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(grant.customerId)
      .setAudience("rateline:portal")
      .setExpirationTime(Math.floor(grant.expiresAt.getTime() / 1000))
      .sign(new TextEncoder().encode(`portal:${SECRET}`));
    expect((await readPortalToken(legacy, SECRET, NOW))?.epoch).toBe(0);
  });

  it("are refused once expired", async () => {
    const token = await signPortalToken(grant, SECRET);
    expect(await readPortalToken(token, SECRET, new Date("2026-11-26T12:00:01Z"))).toBeNull();
  });

  it("are refused when any part is changed", async () => {
    const token = await signPortalToken(grant, SECRET);
    const [header, payload, signature] = token.split(".");
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "another-customer" })).toString("base64url");
    expect(await readPortalToken(`${header}.${other}.${signature}`, SECRET, NOW)).toBeNull();
    const flipped = signature!.slice(0, -2) + (signature!.at(-2) === "A" ? "B" : "A") + signature!.at(-1);
    expect(await readPortalToken(`${header}.${payload}.${flipped}`, SECRET, NOW)).toBeNull();
    expect(await readPortalToken(`${header}.${payload}.`, SECRET, NOW)).toBeNull();
    expect(await readPortalToken("not-a-token", SECRET, NOW)).toBeNull();
  });

  it("are refused under another secret", async () => {
    const token = await signPortalToken(grant, SECRET);
    expect(await readPortalToken(token, `${SECRET}-rotated`, NOW)).toBeNull();
  });

  it("are a different credential from console sessions, both ways", async () => {
    const session = await signSessionToken("session-id", grant.expiresAt, SECRET);
    expect(await readPortalToken(session, SECRET, NOW)).toBeNull();
    expect(await readSessionToken(await signPortalToken(grant, SECRET), SECRET)).toBeNull();
  });

  it("are scoped to a portal page: a token naming no known page, or none, is refused", async () => {
    const key = new TextEncoder().encode(`portal:${SECRET}`);
    const forged = (dsh: unknown, audience = "rateline:portal") =>
      new SignJWT({ dsh, col: {}, opt: {} })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(grant.customerId)
        .setAudience(audience)
        .setExpirationTime(Math.floor(grant.expiresAt.getTime() / 1000))
        .sign(key);
    expect(await readPortalToken(await forged("usage"), SECRET, NOW)).toMatchObject({ dashboard: "usage" });
    expect(await readPortalToken(await forged("admin"), SECRET, NOW)).toBeNull();
    expect(await readPortalToken(await forged(undefined), SECRET, NOW)).toBeNull();
    expect(await readPortalToken(await forged("usage", "rateline:console"), SECRET, NOW)).toBeNull();
  });

  it("must expire: a token without an expiry is refused", async () => {
    const key = new TextEncoder().encode(`portal:${SECRET}`);
    const forever = await new SignJWT({ dsh: "usage", col: {}, opt: {} }).setProtectedHeader({ alg: "HS256" }).setSubject(grant.customerId).setAudience("rateline:portal").sign(key);
    expect(await readPortalToken(forever, SECRET, NOW)).toBeNull();
  });

  it("refuse the unsigned algorithm", async () => {
    const token = await signPortalToken(grant, SECRET);
    const [, payload] = token.split(".");
    const none = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    expect(await readPortalToken(`${none}.${payload}.`, SECRET, NOW)).toBeNull();
  });
});
