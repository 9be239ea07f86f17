import type { NamedScheduleRetrieveResponse } from "@metronome/sdk/resources/v1/customers/named-schedules";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Named schedules through the SDK, on each of their three entities: customers
// (v1.customers.namedSchedules), rate cards (v1.contracts.namedSchedules) and contracts
// (v1.contracts.rateCards.namedSchedules — the SDK's own naming).

const refusal = (status: number, message: string) => ({ status, error: { message: expect.stringContaining(message) } });
const FEB = "2026-02-01T00:00:00.000Z";
const FEB_10 = "2026-02-10T00:00:00.000Z";
const FEB_20 = "2026-02-20T00:00:00.000Z";
const MAR = "2026-03-01T00:00:00.000Z";

describeEachDatabase("named schedules through the SDK", (kind) => {
  let server: ApiServer;
  const ids = { customer: "", other: "", card: "", contract: "" };
  const c = () => server.client;

  beforeAll(async () => {
    server = await startApiServer(kind);
    ids.customer = (await c().v1.customers.create({ name: "Scheduled" })).data.id;
    ids.other = (await c().v1.customers.create({ name: "Other" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    ids.contract = (await c().v1.contracts.create({ customer_id: ids.customer, rate_card_id: ids.card, starting_at: "2026-01-01T00:00:00Z" })).data.id;
  });
  afterAll(() => server.stop());

  it("sets a customer's schedule over ranges, splitting what they overlap, and reads it whole or at a date", async () => {
    const schedules = c().v1.customers.namedSchedules;
    const key = { customer_id: ids.customer, schedule_name: "discount-tier" };
    expect(await schedules.retrieve(key)).toEqual({ data: [] });
    await schedules.update({ ...key, starting_at: FEB, value: { tier: "gold", rate: 0.1 } });
    await schedules.update({ ...key, starting_at: FEB_10, ending_before: FEB_20, value: "silver" });
    const whole: NamedScheduleRetrieveResponse = await schedules.retrieve(key);
    expect(whole).toEqual({
      data: [
        { starting_at: FEB, ending_before: FEB_10, value: { tier: "gold", rate: 0.1 } },
        { starting_at: FEB_10, ending_before: FEB_20, value: "silver" },
        { starting_at: FEB_20, value: { tier: "gold", rate: 0.1 } },
      ],
    } satisfies NamedScheduleRetrieveResponse);
    expect(await schedules.retrieve({ ...key, covering_date: "2026-02-15T12:00:00Z" })).toEqual({ data: [{ starting_at: FEB_10, ending_before: FEB_20, value: "silver" }] });
    expect(await schedules.retrieve({ ...key, covering_date: FEB_20 })).toEqual({ data: [{ starting_at: FEB_20, value: { tier: "gold", rate: 0.1 } }] });
    expect(await schedules.retrieve({ ...key, covering_date: "2026-01-31T23:59:59Z" })).toEqual({ data: [] });
    // Names and entities are separate schedules.
    expect(await schedules.retrieve({ ...key, schedule_name: "other" })).toEqual({ data: [] });
    expect(await schedules.retrieve({ ...key, customer_id: ids.other })).toEqual({ data: [] });

    // Each update is audited on the customer, with the schedule before and after.
    const entries = (await c().v1.auditLogs.list({ resource_type: "customer", resource_id: ids.customer })).data.filter((e) => e.action === "named_schedule.update");
    expect(entries).toHaveLength(2);
  });

  it("keeps rate card and contract schedules apart from the customer's", async () => {
    await c().v1.contracts.namedSchedules.update({ rate_card_id: ids.card, schedule_name: "discount-tier", starting_at: FEB, ending_before: MAR, value: [1, 2, 3] });
    await c().v1.contracts.rateCards.namedSchedules.update({ customer_id: ids.customer, contract_id: ids.contract, schedule_name: "discount-tier", starting_at: FEB, value: null });
    expect(await c().v1.contracts.namedSchedules.retrieve({ rate_card_id: ids.card, schedule_name: "discount-tier" })).toEqual({ data: [{ starting_at: FEB, ending_before: MAR, value: [1, 2, 3] }] });
    expect(await c().v1.contracts.rateCards.namedSchedules.retrieve({ customer_id: ids.customer, contract_id: ids.contract, schedule_name: "discount-tier", covering_date: MAR })).toEqual({
      data: [{ starting_at: FEB, value: null }],
    });
    expect((await c().v1.customers.namedSchedules.retrieve({ customer_id: ids.customer, schedule_name: "discount-tier" })).data).toHaveLength(3);
  });

  it("serializes concurrent updates of one schedule: none is lost", async () => {
    const key = { rate_card_id: ids.card, schedule_name: "daily" };
    await Promise.all(Array.from({ length: 8 }, (_, i) => c().v1.contracts.namedSchedules.update({ ...key, starting_at: `2026-04-0${i + 1}T00:00:00Z`, ending_before: `2026-04-0${i + 2}T00:00:00Z`, value: i })));
    const { data } = await c().v1.contracts.namedSchedules.retrieve(key);
    expect(data.map((s) => s.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("refuses bad input with a 400 naming the field, unknown entities with a 404, and writes nothing", async () => {
    const key = { customer_id: ids.customer, schedule_name: "limits" };
    const update = c().v1.customers.namedSchedules.update.bind(c().v1.customers.namedSchedules);
    await expect(update({ ...key, starting_at: FEB, ending_before: FEB, value: 1 })).rejects.toMatchObject(refusal(400, "ending_before: Must be after starting_at"));
    await expect(update({ ...key, starting_at: "February", value: 1 })).rejects.toMatchObject(refusal(400, "starting_at"));
    await expect(update({ ...key, starting_at: FEB } as Parameters<typeof update>[0])).rejects.toMatchObject(refusal(400, "value: Give the value to set"));
    await expect(update({ ...key, starting_at: FEB, value: "x".repeat(70_000) })).rejects.toMatchObject(refusal(400, "value: A schedule value is at most 64 KB"));
    await expect(update({ ...key, schedule_name: "", starting_at: FEB, value: 1 })).rejects.toMatchObject(refusal(400, "schedule_name"));
    await expect(update({ ...key, starting_at: FEB, value: 1, unknown_field: true } as Parameters<typeof update>[0])).rejects.toMatchObject(refusal(400, "`unknown_field` is not a field of this request"));
    await expect(update({ ...key, customer_id: "9b85c1c1-5238-4f2a-a409-61412905e1e1", starting_at: FEB, value: 1 })).rejects.toMatchObject(refusal(404, "No customer has that id"));
    // A contract is looked up within its customer.
    await expect(
      c().v1.contracts.rateCards.namedSchedules.update({ customer_id: ids.other, contract_id: ids.contract, schedule_name: "limits", starting_at: FEB, value: 1 }),
    ).rejects.toMatchObject(refusal(404, "No contract has that id"));
    await expect(c().v1.contracts.namedSchedules.retrieve({ rate_card_id: ids.customer, schedule_name: "limits" })).rejects.toMatchObject(refusal(404, "No rate card has that id"));
    expect(await c().v1.customers.namedSchedules.retrieve(key)).toEqual({ data: [] });
  });

  it("refuses changes to an archived entity's schedules, and still reads them", async () => {
    const card = (await c().v1.contracts.rateCards.create({ name: "Retired" })).data.id;
    await c().v1.contracts.namedSchedules.update({ rate_card_id: card, schedule_name: "s", starting_at: FEB, value: "kept" });
    await c().v1.contracts.rateCards.archive({ id: card });
    await expect(c().v1.contracts.namedSchedules.update({ rate_card_id: card, schedule_name: "s", starting_at: FEB, value: "changed" })).rejects.toMatchObject(refusal(409, "archived"));
    expect((await c().v1.contracts.namedSchedules.retrieve({ rate_card_id: card, schedule_name: "s" })).data).toEqual([{ starting_at: FEB, value: "kept" }]);
  });
});
