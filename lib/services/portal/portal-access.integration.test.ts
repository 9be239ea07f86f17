import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { config } from "@/lib/config";
import { signPortalToken } from "@/lib/auth/portal-token";
import type { Database } from "@/lib/db/connection";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";
import type { Actor } from "@/lib/services/context";
import { refusal } from "@/lib/test-support/refusal";
import { getEmbeddableUrl } from "./get-embeddable-url";
import { getPortalInvoice, listPortalInvoices, portalInvoiceExists, portalInvoiceOptions } from "./portal-invoices";
import { revokePortalLinks, verifyPortalLink } from "./portal-link";

// What a portal link can reach. Its invoice reads take the customer from the link and find nothing
// of anyone else's: a stored invoice of another customer is "not found", exactly like an id that
// names nothing. And a portal token is no API key, so no staff endpoint accepts it.

const OCT = new Date("2026-10-01T00:00:00Z");
const NOV = new Date("2026-11-01T00:00:00Z");
const DEC = new Date("2026-12-01T00:00:00Z");
const NOW = new Date("2026-11-25T12:00:00Z");
const SHOW_ALL = { hideVoided: false };
// getEmbeddableUrl signs with the process's configuration: give it its own secret and folder.
process.env.RATELINE_SECRET = "a-secret-of-at-least-thirty-two-characters";
process.env.RATELINE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "rateline-portal-"));
const staff: Actor = { type: "system", name: "test" };

describeEachDatabase("portal access", (kind) => {
  let db: Database;
  const ids = { acme: "", bolt: "", acmeOct: "", acmeVoid: "", boltOct: "" };

  const invoice = (customerId: string, status: "FINALIZED" | "VOID", start: Date, end: Date, total: string, key: string) =>
    db.prisma.invoice.create({
      data: {
        customerId,
        type: "USAGE",
        status,
        creditTypeId: USD_CENTS.id,
        startTimestamp: start,
        endTimestamp: end,
        issuedAt: end,
        subtotal: total,
        total,
        idempotencyKey: key,
        lineItems: {
          create: [{ customerId, position: 0, type: "USAGE", name: "Tokens", creditTypeId: USD_CENTS.id, quantity: "100", unitPrice: total === "0" ? "0" : "2", total, startingAt: start, endingBefore: end, presentationGroupValues: { model: "a" } }],
        },
      },
      select: { id: true },
    });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ids.acme = (await db.prisma.customer.create({ data: { name: "Acme" }, select: { id: true } })).id;
    ids.bolt = (await db.prisma.customer.create({ data: { name: "Bolt" }, select: { id: true } })).id;
    ids.acmeOct = (await invoice(ids.acme, "FINALIZED", OCT, NOV, "200", "acme-oct")).id;
    ids.acmeVoid = (await invoice(ids.acme, "VOID", OCT, NOV, "0", "acme-void")).id;
    ids.boltOct = (await invoice(ids.bolt, "FINALIZED", OCT, NOV, "999", "bolt-oct")).id;
    await invoice(ids.acme, "FINALIZED", NOV, DEC, "300", "acme-nov");
  });
  afterAll(() => db?.close());

  it("lists the customer's issued invoices, newest first, voided ones unless hidden", async () => {
    const all = await listPortalInvoices(db.prisma, ids.acme, { hideVoided: false }, NOW);
    expect(all.map((i) => [i.startingOn.slice(0, 10), i.status, i.total])).toEqual([
      ["2026-11-01", "FINALIZED", "300"],
      expect.arrayContaining(["2026-10-01"]),
      expect.arrayContaining(["2026-10-01"]),
    ]);
    expect(all.map((i) => i.id)).not.toContain(ids.boltOct);
    const shown = await listPortalInvoices(db.prisma, ids.acme, { hideVoided: true }, NOW);
    expect(shown.map((i) => i.status)).toEqual(["FINALIZED", "FINALIZED"]);
  });

  it("reads one of the customer's invoices with its lines", async () => {
    const one = await getPortalInvoice(db.prisma, ids.acme, ids.acmeOct, SHOW_ALL, NOW);
    expect(one).toMatchObject({ id: ids.acmeOct, total: "200", lines: [{ name: "Tokens", group: "a", quantity: "100", unitPrice: "2", total: "200" }] });
  });

  it("finds nothing of another customer's, as if the id named nothing", async () => {
    await expect(getPortalInvoice(db.prisma, ids.acme, ids.boltOct, SHOW_ALL, NOW)).rejects.toMatchObject({ code: "not_found", message: "No invoice of yours has that id." });
    await expect(getPortalInvoice(db.prisma, ids.bolt, ids.acmeOct, SHOW_ALL, NOW)).rejects.toMatchObject({ code: "not_found" });
    await expect(getPortalInvoice(db.prisma, ids.acme, "not-a-uuid", SHOW_ALL, NOW)).rejects.toMatchObject({ code: "not_found" });
  });

  it("hide_voided_invoices hides a voided invoice's page and CSV too, not only the list entry", async () => {
    const hidden = portalInvoiceOptions({ hide_voided_invoices: "true" });
    expect(hidden).toEqual({ hideVoided: true });
    expect(await portalInvoiceExists(db.prisma, ids.acme, ids.acmeVoid, SHOW_ALL)).toBe(true);
    expect(await portalInvoiceExists(db.prisma, ids.acme, ids.acmeVoid, hidden)).toBe(false);
    expect(await portalInvoiceExists(db.prisma, ids.acme, ids.acmeOct, hidden)).toBe(true);
    await expect(getPortalInvoice(db.prisma, ids.acme, ids.acmeVoid, hidden, NOW)).rejects.toMatchObject({ code: "not_found" });
    expect((await getPortalInvoice(db.prisma, ids.acme, ids.acmeVoid, SHOW_ALL, NOW)).status).toBe("VOID");
  });

  it("links stop working when revoked (earlier ones only) or when the customer is archived", async () => {
    const ctx = { db: db.prisma, actor: staff };
    const tokenOf = async () => new URL((await getEmbeddableUrl(ctx, { customer_id: ids.bolt, dashboard: "usage" })).url).searchParams.get("token")!;
    const before = await tokenOf();
    const secret = config().secret;
    expect((await verifyPortalLink(db.prisma, before, secret))?.customerName).toBe("Bolt");
    expect(await revokePortalLinks(ctx, { customer_id: ids.bolt })).toMatchObject({ portalEpoch: 1 });
    expect(await verifyPortalLink(db.prisma, before, secret)).toBeNull();
    const after = await tokenOf();
    expect((await verifyPortalLink(db.prisma, after, secret))?.grant.epoch).toBe(1);
    const audit = await db.prisma.auditLogEntry.findFirst({ where: { objectId: ids.bolt, action: "customer.revoke_portal_links" } });
    expect(audit).toMatchObject({ before: { portalEpoch: 0 }, after: { portalEpoch: 1 } });
    const viewer: Actor = { type: "user", id: "00000000-0000-4000-8000-000000000000", name: "V", role: "viewer" };
    expect((await refusal(revokePortalLinks({ db: db.prisma, actor: viewer }, { customer_id: ids.bolt }))).status).toBe(403);
    expect((await refusal(revokePortalLinks(ctx, { customer_id: "nope" }))).status).toBe(400);

    await archiveCustomer(ctx, { id: ids.bolt });
    expect(await verifyPortalLink(db.prisma, after, secret)).toBeNull();
    expect((await refusal(getEmbeddableUrl(ctx, { customer_id: ids.bolt, dashboard: "usage" }))).status).toBe(400);
  });

  it("a portal token is refused where an API key is asked for", async () => {
    const token = await signPortalToken({ customerId: ids.acme, dashboard: "usage", colors: {}, options: {}, expiresAt: new Date(Date.now() + 3600_000) }, "a-secret-of-at-least-thirty-two-characters");
    await expect(authenticateApiKey(db.prisma, `Bearer ${token}`)).rejects.toMatchObject({ code: "unauthorized" });
  });
});
