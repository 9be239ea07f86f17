import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { ServiceContext } from "@/lib/services/context";
import { archiveContract } from "@/lib/services/contracts/contract-lifecycle";
import { createContract } from "@/lib/services/contracts/create-contract";
import { getContractEditHistory } from "@/lib/services/contracts/edit-contract";
import { setUsageFilter } from "@/lib/services/contracts/set-usage-filter";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { closePeriods } from "@/lib/services/invoices/close-periods";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { addRates } from "@/lib/services/rate-cards/add-rates";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";

// Usage filters through the services: a customer's contracts split its token usage by model,
// creation and setUsageFilter refuse what would bill an event twice (or could not be applied),
// and a change moves usage from its starting_at on.
//
// Every customer sends the same January: 1M large tokens on each of the 2nd to 4th (3M at 1000¢
// per million = 3000¢) and 1M mini tokens on each of the 10th to 19th (10M at 100¢ = 1000¢).

const NOW = new Date("2026-01-20T12:00:00Z");
const at = (iso: string) => new Date(iso).toISOString();

describeEachDatabase("usage filters", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;
  // Prices tokens only: its one usage metric is grouped by model, so usage can be split by model.
  let tokensCard = "";

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
    tokensCard = (await createRateCard(ctx, { name: "Tokens only" })).id;
    await addRates(ctx, {
      rate_card_id: tokensCard,
      rates: [
        { product_id: f.tokenProduct.id, entitled: true, rate_type: "FLAT", price: 1000, starting_at: "2025-12-01T00:00:00Z", pricing_group_values: { model: "large" } },
        { product_id: f.tokenProduct.id, entitled: true, rate_type: "FLAT", price: 100, starting_at: "2025-12-01T00:00:00Z", pricing_group_values: { model: "mini" } },
      ],
    });
  });
  afterAll(() => db.close());

  let seq = 0;
  async function customer() {
    const alias = `filtered-${++seq}`;
    const { id } = await createCustomer(ctx, { name: `Filtered ${seq}`, ingest_aliases: [alias] });
    const token = (model: string, day: number) => ({ transaction_id: `${alias}-${model}-${day}`, customer_id: alias, event_type: "completion", timestamp: at(`2026-01-${String(day).padStart(2, "0")}T10:00:00Z`), properties: { model, tokens: 1_000_000 } });
    await ingestEvents(ctx, [...[2, 3, 4].map((d) => token("large", d)), ...[10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((d) => token("mini", d))], { now: NOW, backdateDays: 60 });
    return id;
  }
  const filtered = (customerId: string, values: string[], extra: Record<string, unknown> = {}) =>
    createContract(ctx, { customer_id: customerId, rate_card_id: tokensCard, starting_at: T0.toISOString(), usage_filter: { group_key: "model", group_values: values }, ...extra });
  const total = async (customerId: string, contractId: string) => (await computeDraftInvoice(db.prisma, customerId, contractId, NOW)).invoice.total.toFixed();

  it("bills each contract only the usage its filter takes, and refuses a contract whose filter would share some", async () => {
    const c = await customer();
    const large = await filtered(c, ["large"], { name: "Large" });
    const mini = await filtered(c, ["mini"], { name: "Mini" });
    expect([await total(c, large.id), await total(c, mini.id)]).toEqual(["3000", "1000"]);

    const before = await db.prisma.contract.count();
    const shared = await refusal(filtered(c, ["mini", "medium"]));
    expect(shared).toMatchObject({ status: 409, fields: { usage_filter: expect.any(String) } });
    // Apart from Large (no value in common), but not from Mini.
    expect(shared.message).toContain(`contract Mini (${mini.id}) from 2026-01-01 with no end, which prices the same usage (Tokens), and from 2026-01-01 both filters take model = mini`);
    const unfiltered = await refusal(createContract(ctx, { customer_id: c, rate_card_id: tokensCard, starting_at: "2026-01-10T00:00:00Z" }));
    expect(unfiltered).toMatchObject({ status: 409, fields: { starting_at: expect.any(String) } });
    expect(unfiltered.message).toContain("this contract has no usage filter from 2026-01-10");
    const otherKey = await refusal(createContract(ctx, { customer_id: c, rate_card_id: tokensCard, starting_at: T0.toISOString(), usage_filter: { group_key: "region", group_values: ["us"] } }));
    // The metric keeps no region, so a filter on it is refused before any overlap is looked at.
    expect(otherKey).toMatchObject({ status: 400 });
    expect(otherKey.message).toContain('the billable metric Tokens (of product Tokens) has no group key "region"');
    // The fixture's own rate card also prices requests, whose metric keeps no model.
    const requests = await refusal(createContract(ctx, { customer_id: c, rate_card_id: f.card.id, starting_at: T0.toISOString(), usage_filter: { group_key: "model", group_values: ["other"] } }));
    expect(requests.message).toContain('the billable metric Requests (of product Requests) has no group key "model"');
    const early = await refusal(filtered(c, ["other"], { usage_filter: { group_key: "model", group_values: ["other"], starting_at: "2025-12-01T00:00:00Z" } }));
    expect(early.fields).toHaveProperty(["usage_filter.starting_at"]);
    expect(await db.prisma.contract.count()).toBe(before);
    expect(await db.prisma.contractUsageFilter.count({ where: { contract: { customerId: c } } })).toBe(2);
  });

  it("setUsageFilter moves usage from its starting_at on, in an order that never bills an event twice", async () => {
    const c = await customer();
    const a = await filtered(c, ["large"]);
    const b = await filtered(c, ["mini"]);
    // Giving A mini from the 15th while B still has it is refused, naming the value.
    const early = await refusal(setUsageFilter(ctx, { customer_id: c, contract_id: a.id, group_key: "model", group_values: ["large", "mini"], starting_at: "2026-01-15T00:00:00Z" }));
    expect(early).toMatchObject({ status: 409, fields: { group_values: expect.any(String) } });
    expect(early.message).toContain("from 2026-01-15 both filters take model = mini");

    // Take mini off B from the 15th, then give it to A: B keeps the 10th–14th (5M = 500¢), A
    // gets the 15th–19th (5M = 500¢) beside its large tokens (3000¢).
    await db.prisma.billingRefreshQueue.deleteMany({ where: { customerId: c } });
    await setUsageFilter(ctx, { customer_id: c, contract_id: b.id, group_key: "model", group_values: ["small"], starting_at: "2026-01-15T00:00:00Z" });
    // The change queues the customer's stored billing state for a refresh, like any contract edit.
    expect(await db.prisma.billingRefreshQueue.count({ where: { customerId: c } })).toBe(1);
    expect(await total(c, b.id)).toBe("500");
    await setUsageFilter(ctx, { customer_id: c, contract_id: a.id, group_key: "model", group_values: ["large", "mini"], starting_at: "2026-01-15T00:00:00Z" });
    expect([await total(c, a.id), await total(c, b.id)]).toEqual(["3500", "500"]);

    // A filter from an earlier instant replaces those set from then on: A takes large only from
    // the 12th, so the mini tokens of the 15th–19th are nobody's.
    await setUsageFilter(ctx, { customer_id: c, contract_id: a.id, group_key: "model", group_values: ["large"], starting_at: "2026-01-12T00:00:00Z" });
    const stored = await db.prisma.contractUsageFilter.findMany({ where: { contractId: a.id }, orderBy: { startingAt: "asc" } });
    expect(stored.map((s) => [s.startingAt.toISOString(), s.groupValues])).toEqual([
      ["2026-01-01T00:00:00.000Z", ["large"]],
      ["2026-01-12T00:00:00.000Z", ["large"]],
    ]);
    expect([await total(c, a.id), await total(c, b.id)]).toEqual(["3000", "500"]);
    const history = await getContractEditHistory(ctx, { customer_id: c, contract_id: a.id });
    expect(history.map((h) => h.kind)).toEqual(["CREATE", "SET_USAGE_FILTER", "SET_USAGE_FILTER"]);
    expect(history[2]!.payload).toEqual({ add_usage_filters: [{ group_key: "model", group_values: ["large"], starting_at: "2026-01-12T00:00:00.000Z" }] });
    const audit = await db.prisma.auditLogEntry.findMany({ where: { objectId: a.id, action: "contract.set_usage_filter" } });
    expect(audit).toHaveLength(2);
  });

  it("refuses a filter it cannot apply, or dated before the contract or inside a finalized invoice", async () => {
    const c = await customer();
    const a = await filtered(c, ["large"], { starting_at: "2025-12-01T00:00:00Z" });
    const set = (body: Partial<Parameters<typeof setUsageFilter>[1]>) =>
      refusal(setUsageFilter(ctx, { customer_id: c, contract_id: a.id, group_key: "model", group_values: ["large"], starting_at: "2026-01-05T00:00:00Z", ...body }));
    expect(await set({ starting_at: "2025-11-01T00:00:00Z" })).toMatchObject({ status: 400, fields: { starting_at: expect.any(String) } });
    expect(await set({ starting_at: "2026-01-05T00:30:00Z" })).toMatchObject({ status: 400, fields: { starting_at: expect.any(String) } });
    expect(await set({ group_values: [] })).toMatchObject({ status: 400, fields: { group_values: expect.any(String) } });
    expect((await set({ group_key: "region" })).message).toContain('has no group key "region"');
    // December is finalized (no usage then): a change dated in it would change what it billed.
    await closePeriods(db.prisma, NOW, 0);
    expect(await db.prisma.invoice.count({ where: { contractId: a.id, status: "FINALIZED" } })).toBe(1);
    const finalized = await set({ starting_at: "2025-12-15T00:00:00Z" });
    expect(finalized).toMatchObject({ status: 409 });
    expect(finalized.message).toContain("falls in the finalized invoice from 2025-12-01 to 2026-01-01");
    await expect(setUsageFilter(ctx, { customer_id: c, contract_id: a.id, group_key: "model", group_values: ["mini"], starting_at: "2026-01-01T00:00:00Z" })).resolves.toEqual({ id: a.id });
    expect(await total(c, a.id)).toBe("1000");
    await archiveContract(ctx, { customer_id: c, contract_id: a.id, void_invoices: false });
    expect(await set({})).toMatchObject({ status: 409 });
    expect((await db.prisma.contractUsageFilter.findMany({ where: { contractId: a.id } })).map((r) => r.groupValues)).toEqual([["large"], ["mini"]]);
  });

  it("lets only one of two changes that would overlap each other through, even at once", async () => {
    const c = await customer();
    const a = await filtered(c, ["large"]);
    const b = await filtered(c, ["mini"]);
    const results = await Promise.allSettled([
      setUsageFilter(ctx, { customer_id: c, contract_id: a.id, group_key: "model", group_values: ["large", "medium"], starting_at: "2026-01-05T00:00:00Z" }),
      setUsageFilter(ctx, { customer_id: c, contract_id: b.id, group_key: "model", group_values: ["mini", "medium"], starting_at: "2026-01-05T00:00:00Z" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(await db.prisma.contractUsageFilter.count({ where: { contract: { customerId: c }, groupValues: { has: "medium" } } })).toBe(1);
  });
});
