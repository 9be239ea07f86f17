import { afterAll, beforeAll, expect, it } from "vitest";
import { signPortalToken } from "@/lib/auth/portal-token";
import type { Database } from "@/lib/db/connection";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { getPortalInvoice, listPortalInvoices } from "./portal-invoices";

// What a portal link can reach. Its invoice reads take the customer from the link and find nothing
// of anyone else's: a stored invoice of another customer is "not found", exactly like an id that
// names nothing. And a portal token is no API key, so no staff endpoint accepts it.

const OCT = new Date("2026-10-01T00:00:00Z");
const NOV = new Date("2026-11-01T00:00:00Z");
const DEC = new Date("2026-12-01T00:00:00Z");
const NOW = new Date("2026-11-25T12:00:00Z");

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
    const one = await getPortalInvoice(db.prisma, ids.acme, ids.acmeOct, NOW);
    expect(one).toMatchObject({ id: ids.acmeOct, total: "200", lines: [{ name: "Tokens", group: "a", quantity: "100", unitPrice: "2", total: "200" }] });
  });

  it("finds nothing of another customer's, as if the id named nothing", async () => {
    await expect(getPortalInvoice(db.prisma, ids.acme, ids.boltOct, NOW)).rejects.toMatchObject({ code: "not_found", message: "No invoice of yours has that id." });
    await expect(getPortalInvoice(db.prisma, ids.bolt, ids.acmeOct, NOW)).rejects.toMatchObject({ code: "not_found" });
    await expect(getPortalInvoice(db.prisma, ids.acme, "not-a-uuid", NOW)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a portal token is refused where an API key is asked for", async () => {
    const token = await signPortalToken({ customerId: ids.acme, dashboard: "usage", colors: {}, options: {}, expiresAt: new Date(Date.now() + 3600_000) }, "a-secret-of-at-least-thirty-two-characters");
    await expect(authenticateApiKey(db.prisma, `Bearer ${token}`)).rejects.toMatchObject({ code: "unauthorized" });
  });
});
