import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { previewEvents } from "@/lib/services/invoices/preview-events";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { refusal } from "@/lib/test-support/refusal";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

const NOW = new Date("2026-01-20T12:00:00Z");

describeEachDatabase("previewEvents", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;
  let contractId: string;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
    contractId = (await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() })).id;
    await ingestEvents(ctx, [{ transaction_id: "stored-1", customer_id: f.alias, event_type: "completion", timestamp: "2026-01-05T10:00:00Z", properties: { model: "large", tokens: 2_000_000 } }], { now: NOW, backdateDays: 34 });
  });
  afterAll(() => db.close());

  const preview = [{ event_type: "completion", timestamp: "2026-01-19T10:00:00Z", properties: { model: "large", tokens: 1_000_000 } }];

  it("prices only the given events in replace mode, and stores nothing", async () => {
    const before = await db.prisma.usageEvent.count();
    const [invoice] = await previewEvents(ctx, f.customer.id, { events: preview, mode: "replace" }, NOW);
    expect(invoice!.lines.find((l) => l.productId === f.tokenProduct.id)!.total.toFixed()).toBe("1000");
    expect(await db.prisma.usageEvent.count()).toBe(before);
  });

  it("adds the events to stored usage in merge mode", async () => {
    const draft = (await computeDraftInvoice(db.prisma, f.customer.id, contractId, NOW)).invoice;
    const [invoice] = await previewEvents(ctx, f.customer.id, { events: preview, mode: "merge" }, NOW);
    expect(draft.total.toFixed()).toBe("2000");
    expect(invoice!.total.toFixed()).toBe("3000");
  });

  it("refuses events the engine cannot price with a 400", async () => {
    // The engine's refusal, as the REST API and server actions answer it (appErrorOf).
    const refused = await refusal(previewEvents(ctx, f.customer.id, { events: [{ event_type: "completion", properties: { model: "large", tokens: -5 } }] }, NOW));
    expect([refused.status, refused.message]).toEqual([400, expect.stringMatching(/^The events cannot be priced: /)]);
  });
});
