import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { ServiceContext } from "@/lib/services/context";
import { archiveContract, updateContractEndDate } from "@/lib/services/contracts/contract-lifecycle";
import { createContract } from "@/lib/services/contracts/create-contract";
import { amendContract, editContract } from "@/lib/services/contracts/edit-contract";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { announceExpiredSegments } from "./segment-expiry";

const at = (iso: string) => new Date(iso).toISOString();

describeEachDatabase("outbox events", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
  });
  afterAll(() => db.close());

  const outbox = (types: string[]) => db.prisma.outboxEvent.findMany({ where: { type: { in: types } }, orderBy: { createdAt: "asc" }, select: { type: true, payload: true, dedupeKey: true } });

  it("announces every contract change in the transaction that makes it, and nothing for a refused one", async () => {
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    await editContract(ctx, { customer_id: f.customer.id, contract_id: id, update_contract_name: "Renamed" });
    await amendContract(ctx, { customer_id: f.customer.id, contract_id: id, starting_at: at("2026-01-05T00:00:00Z"), custom_fields: { team: "a" } });
    await updateContractEndDate(ctx, { customer_id: f.customer.id, contract_id: id, ending_before: at("2027-01-01T00:00:00Z") });
    await expect(updateContractEndDate(ctx, { customer_id: f.customer.id, contract_id: id, ending_before: at("2025-01-01T00:00:00Z") })).rejects.toMatchObject({ code: "bad_request" });
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
    const events = await outbox(["contract.create", "contract.edit", "contract.archive"]);
    expect(events.map((e) => [e.type, (e.payload as { kind?: string }).kind ?? null])).toEqual([
      ["contract.create", null],
      ["contract.edit", "EDIT"],
      ["contract.edit", "AMEND"],
      ["contract.edit", "UPDATE_END_DATE"],
      ["contract.archive", null],
    ]);
    expect(events.every((e) => (e.payload as { contract_id: string; customer_id: string }).contract_id === id)).toBe(true);
    expect(events.every((e) => (e.payload as { customer_id: string }).customer_id === f.customer.id)).toBe(true);
  });

  it("announces each expired commit or credit segment exactly once", async () => {
    const { id } = await createContract(ctx, {
      customer_id: f.customer.id,
      rate_card_id: f.card.id,
      starting_at: T0.toISOString(),
      commits: [
        {
          type: "PREPAID",
          product_id: f.fixed.id,
          access_schedule: {
            schedule_items: [
              { amount: 1000, starting_at: T0.toISOString(), ending_before: at("2026-02-01T00:00:00Z") },
              { amount: 500, starting_at: at("2026-02-01T00:00:00Z"), ending_before: at("2026-03-01T00:00:00Z") },
            ],
          },
          invoice_schedule: { schedule_items: [{ amount: 1500, timestamp: T0.toISOString() }] },
        },
      ],
      credits: [{ product_id: f.fixed.id, access_schedule: { schedule_items: [{ amount: 100, starting_at: T0.toISOString(), ending_before: at("2026-01-15T00:00:00Z") }] } }],
    });
    const expiries = () => outbox(["commit.segment.expired", "credit.segment.expired"]);

    expect(await announceExpiredSegments(db.prisma, new Date("2026-01-14T23:59:59Z"))).toBe(false);
    expect(await expiries()).toEqual([]);
    await Promise.all([announceExpiredSegments(db.prisma, new Date("2026-02-01T00:00:00Z")), announceExpiredSegments(db.prisma, new Date("2026-02-01T00:00:00Z"))]);
    await announceExpiredSegments(db.prisma, new Date("2026-02-15T00:00:00Z"));
    const first = await expiries();
    expect(first.map((e) => e.type).sort()).toEqual(["commit.segment.expired", "credit.segment.expired"]);
    const commit = first.find((e) => e.type === "commit.segment.expired")!;
    expect(commit.payload).toMatchObject({ contract_id: id, customer_id: f.customer.id, amount: "1000", starting_at: "2026-01-01T00:00:00.000Z", ending_before: "2026-02-01T00:00:00.000Z" });
    expect(commit.dedupeKey).toBe(`segment-expired:${(commit.payload as { segment_id: string }).segment_id}`);

    await announceExpiredSegments(db.prisma, new Date("2026-03-01T00:00:00Z"));
    await announceExpiredSegments(db.prisma, new Date("2027-01-01T00:00:00Z"));
    const all = await expiries();
    expect(all).toHaveLength(3);
    expect(all[2]!.payload).toMatchObject({ amount: "500", ending_before: "2026-03-01T00:00:00.000Z" });
  });
});
