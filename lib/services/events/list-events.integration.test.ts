import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import { insertEvents, type NewEvent } from "@/lib/metering/insert-events";
import type { ServiceContext } from "@/lib/services/context";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { listEvents } from "@/lib/services/events/list-events";
import type { TListEvents } from "@/lib/services/events/schemas";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

describeEachDatabase("event explorer", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let acme: string;
  const start = Date.UTC(2026, 0, 10, 12);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    acme = (await createCustomer(ctx, { name: "Acme", ingest_aliases: ["acme-prod"] })).id;
    const event = (i: number, customerAlias: string, customerId: string | null, eventType: string): NewEvent => ({
      transactionId: `tx-${String(i).padStart(2, "0")}`,
      customerAlias,
      customerId,
      eventType,
      // Two events share each instant, so the order has to fall back on the transaction id.
      timestamp: new Date(start + Math.floor(i / 2) * 60_000),
      properties: { i },
    });
    await insertEvents(db.prisma, [
      ...Array.from({ length: 7 }, (_, i) => event(i, i % 2 ? acme : "acme-prod", acme, i < 5 ? "call" : "upload")),
      event(7, "ghost", null, "call"),
      event(8, "ghost", null, "upload"),
      event(9, "phantom", null, "call"),
    ]);
  });
  afterAll(() => db.close());

  const ids = async (params: TListEvents) => (await listEvents(ctx, { limit: 100, ...params })).data.map((e) => e.transactionId);

  it("pages through every event, newest first, without repeats", async () => {
    const seen: string[] = [];
    let next_page: string | undefined;
    do {
      const page = await listEvents(ctx, { limit: 3, next_page });
      seen.push(...page.data.map((e) => e.transactionId));
      next_page = page.next_page ?? undefined;
    } while (next_page);
    expect(seen).toEqual(["tx-09", "tx-08", "tx-07", "tx-06", "tx-05", "tx-04", "tx-03", "tx-02", "tx-01", "tx-00"]);
  });

  it("names each event's customer, or none when its alias matched no customer", async () => {
    const { data } = await listEvents(ctx, { transaction_id: "tx-03" });
    expect(data).toEqual([
      { transactionId: "tx-03", customerAlias: acme, customer: { id: acme, name: "Acme" }, eventType: "call", timestamp: new Date(start + 60_000), properties: { i: 3 }, receivedAt: expect.any(Date) },
    ]);
    expect((await listEvents(ctx, { transaction_id: "tx-09" })).data[0]?.customer).toBeNull();
  });

  it("filters by customer id or alias, by an unmatched alias, by unmatched, and by event type", async () => {
    const acmeEvents = ["tx-06", "tx-05", "tx-04", "tx-03", "tx-02", "tx-01", "tx-00"];
    expect(await ids({ customer: acme })).toEqual(acmeEvents);
    expect(await ids({ customer: "acme-prod" })).toEqual(acmeEvents);
    expect(await ids({ customer: "ghost" })).toEqual(["tx-08", "tx-07"]);
    expect(await ids({ unmatched: "true" })).toEqual(["tx-09", "tx-08", "tx-07"]);
    expect(await ids({ unmatched: true, event_type: "call" })).toEqual(["tx-09", "tx-07"]);
    expect(await ids({ customer: "acme-prod", event_type: "upload" })).toEqual(["tx-06", "tx-05"]);
    expect(await ids({ customer: acme, unmatched: "true" })).toEqual([]);
    expect(await ids({ customer: "nobody-at-all" })).toEqual([]);
    expect(await ids({ transaction_id: "  tx-00 ", customer: "" })).toEqual(["tx-00"]);
  });

  it("refuses a forged cursor with 400", async () => {
    const error = await listEvents(ctx, { next_page: Buffer.from(JSON.stringify({ k: "yesterday", id: "x" })).toString("base64url") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
  });
});
