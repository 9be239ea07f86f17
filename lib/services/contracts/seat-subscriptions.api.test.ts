import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { lastMonthDraft, M0, M1 } from "@/lib/test-support/last-month-draft";

// SEAT_BASED subscriptions through the SDK, on both databases, to the cent: seat_config on
// create, seat_updates on v2 edit, the draft bill (in advance and in arrears, prorated by exact
// time), and getSubscriptionSeatsHistory, getSubscriptionQuantityHistory and seatBalances/list.
//
// Dates. Contracts start at M0, the first of last month, an open DRAFT that is a whole monthly
// cycle; day(n) is M0 + n days. D is the number of days of M0's month: the comments work the
// prorated amounts out for a 30-day month, the expectations compute them for D.

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString();
const day = (n: number) => new Date(M0.getTime() + n * DAY);
const D = Math.round((M1.getTime() - M0.getTime()) / DAY);
/** Half-up to whole cents. */
const cents = (x: number) => Math.floor(Math.round(x * 1e6) / 1e6 + 0.5);
type Refusal = { status: number; message: string };
const refused = (p: Promise<unknown>) => p.then(() => null, (e: Refusal) => [e.status, e.message] as const);

describeEachDatabase("seat-based subscriptions through the SDK", (kind) => {
  const { c, ids, contract, draft } = lastMonthDraft(kind, "Seats");
  let seatProduct = "";

  beforeAll(async () => {
    seatProduct = (await c().v1.contracts.products.create({ name: "Team seats", type: "SUBSCRIPTION" })).data.id;
    // 2,000¢ a seat a month, on the fixture's rate card.
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: seatProduct, entitled: true, rate_type: "SUBSCRIPTION", price: 2000, billing_frequency: "MONTHLY", starting_at: iso(M0) });
  });

  const subscription = (collection_schedule: "ADVANCE" | "ARREARS", seat_config?: { seat_group_key: string; initial_seat_ids: string[]; initial_unassigned_seats?: number }) => ({
    collection_schedule,
    proration: { is_prorated: true },
    subscription_rate: { product_id: seatProduct, billing_frequency: "MONTHLY" as const },
    ...(seat_config ? { quantity_management_mode: "SEAT_BASED" as const, seat_config } : { initial_quantity: 2 }),
  });
  async function seated(collection_schedule: "ADVANCE" | "ARREARS", seat_config: { seat_group_key: string; initial_seat_ids: string[]; initial_unassigned_seats?: number }) {
    const s = await contract({ subscriptions: [subscription(collection_schedule, seat_config)] });
    const sub = (await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data.subscriptions![0]!;
    return { ...s, sub };
  }
  const seatLines = (invoice: Invoice) => invoice.line_items.filter((l) => l.type === "subscription").map((l) => [l.starting_at, l.quantity, l.total]);

  it("in advance: 4 seats for the month, a 5th from day 9 prorated, a removal not refunded; the histories and seats follow", async () => {
    const s = await seated("ADVANCE", { seat_group_key: "user_id", initial_seat_ids: ["ann", "bob", "cat"], initial_unassigned_seats: 1 });
    expect(s.sub).toMatchObject({ quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id" }, quantity_schedule: [{ quantity: 4, starting_at: iso(M0) }] });
    // On day 9 dan takes the unassigned seat and eve is a 5th seat; on day 20 ann leaves.
    await c().v2.contracts.edit({
      customer_id: s.customer,
      contract_id: s.contract,
      update_subscriptions: [
        { subscription_id: s.sub.id!, seat_updates: { add_seat_ids: [{ seat_ids: ["dan", "eve"], starting_at: iso(day(9)) }], remove_seat_ids: [{ seat_ids: ["ann"], starting_at: iso(day(20)) }] } },
      ],
    });
    // 4 × 2,000 = 8,000 for the month; eve: 2,000 × (D − 9)/D = 1,400 (30 days). Ann's seat was
    // paid in advance and is not refunded. 9,400¢ in a 30-day month.
    const invoice = await draft(s.customer, M0);
    expect(seatLines(invoice)).toEqual([
      [iso(M0), 4, 8000],
      [iso(day(9)), 1, cents((2000 * (D - 9)) / D)],
    ]);
    expect(invoice.total).toBe(8000 + cents((2000 * (D - 9)) / D));

    const history = (q: object = {}) => c().v1.contracts.getSubscriptionSeatsHistory({ customer_id: s.customer, contract_id: s.contract, subscription_id: s.sub.id!, ...q });
    const all = await history();
    expect(all).toEqual({
      data: [
        { starting_at: iso(M0), ending_before: iso(day(9)), assigned_seat_ids: ["ann", "bob", "cat"], total_quantity: 4 },
        { starting_at: iso(day(9)), ending_before: iso(day(20)), assigned_seat_ids: ["ann", "bob", "cat", "dan", "eve"], total_quantity: 5 },
        { starting_at: iso(day(20)), ending_before: null, assigned_seat_ids: ["bob", "cat", "dan", "eve"], total_quantity: 4 },
      ],
      next_page: null,
    });
    expect((await history({ covering_date: iso(day(12)) })).data).toEqual([all.data[1]]);
    expect((await history({ starting_at: iso(day(10)), ending_before: iso(day(25)) })).data).toEqual(all.data.slice(1));
    const first = await history({ limit: 2 });
    expect(first.data).toEqual(all.data.slice(0, 2));
    expect((await history({ limit: 2, cursor: first.next_page })).data).toEqual(all.data.slice(2));

    const quantities = await c().v1.contracts.retrieveSubscriptionQuantityHistory({ customer_id: s.customer, contract_id: s.contract, subscription_id: s.sub.id! });
    expect(quantities.data).toEqual({
      subscription_id: s.sub.id,
      fiat_credit_type_id: expect.any(String),
      history: [
        { starting_at: iso(M0), data: [{ quantity: 4, unit_price: 2000, total: 8000 }] },
        { starting_at: iso(day(9)), data: [{ quantity: 5, unit_price: 2000, total: 10000 }] },
        { starting_at: iso(day(20)), data: [{ quantity: 4, unit_price: 2000, total: 8000 }] },
      ],
    });

    // No balance is scoped to a seat: every seat held, by id, with empty balances; paged.
    const page1 = await c().v1.contracts.listSeatBalances({ customer_id: s.customer, contract_id: s.contract, limit: 3, include_credits_and_commits: true });
    expect(page1.data).toEqual(["ann", "bob", "cat"].map((seat_id) => ({ seat_id, balances: [], commits: [], credits: [] })));
    expect(page1.pagination).toMatchObject({ seats_included: 3, seats_available_for_next_page: 2 });
    const page2 = await c().v1.contracts.listSeatBalances({ customer_id: s.customer, contract_id: s.contract, limit: 3, cursor: page1.pagination.next_page! });
    expect(page2).toEqual({ data: [{ seat_id: "dan", balances: [] }, { seat_id: "eve", balances: [] }], pagination: { seats_included: 2, seats_available_for_next_page: 0, next_page: null } });
    const some = await c().v1.contracts.listSeatBalances({ customer_id: s.customer, contract_id: s.contract, subscription_ids: [s.sub.id!], seat_ids: ["eve", "zed"], skip_missing_seat_ids: true });
    expect(some.data.map((d) => d.seat_id)).toEqual(["eve"]);
    expect(await refused(c().v1.contracts.listSeatBalances({ customer_id: s.customer, contract_id: s.contract, seat_ids: ["zed"] }))).toEqual([400, expect.stringContaining("zed")]);
  });

  it("in arrears: each seat count for the time held — seats removed on day 15, unassigned seats added on day 20", async () => {
    const s = await seated("ARREARS", { seat_group_key: "user_id", initial_seat_ids: ["ann", "bob", "cat", "dan"] });
    await c().v2.contracts.edit({
      customer_id: s.customer,
      contract_id: s.contract,
      update_subscriptions: [{ subscription_id: s.sub.id!, seat_updates: { remove_seat_ids: [{ seat_ids: ["cat", "dan"], starting_at: iso(day(15)) }], add_unassigned_seats: [{ quantity: 3, starting_at: iso(day(20)) }] } }],
    });
    // 4 seats × 2,000 × 15/D = 4,000; 2 seats × 2,000 × 5/D = 666.67 → 667; 5 seats × 2,000 ×
    // (D − 20)/D = 3,333.33 → 3,333 (30 days): 8,000¢.
    const expected = [
      [iso(M0), 4, cents((8000 * 15) / D)],
      [iso(day(15)), 2, cents((4000 * 5) / D)],
      [iso(day(20)), 5, cents((10000 * (D - 20)) / D)],
    ] as const;
    const invoice = await draft(s.customer, M0);
    expect(seatLines(invoice)).toEqual(expected);
    expect(invoice.total).toBe(expected.reduce((sum, l) => sum + l[2], 0));
    // Removing more unassigned seats than there are removes those there are.
    await c().v2.contracts.edit({ customer_id: s.customer, contract_id: s.contract, update_subscriptions: [{ subscription_id: s.sub.id!, seat_updates: { remove_unassigned_seats: [{ quantity: 9, starting_at: iso(day(25)) }] } }] });
    const last = (await c().v1.contracts.getSubscriptionSeatsHistory({ customer_id: s.customer, contract_id: s.contract, subscription_id: s.sub.id!, covering_date: iso(day(26)) })).data;
    expect(last).toEqual([{ starting_at: iso(day(25)), ending_before: null, assigned_seat_ids: ["ann", "bob"], total_quantity: 2 }]);
  });

  it("a QUANTITY_ONLY subscription turned SEAT_BASED: its seats so far become unassigned, and named seats fill them first", async () => {
    const s = await contract({ subscriptions: [subscription("ADVANCE")] });
    const sub = (await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data.subscriptions![0]!;
    await c().v2.contracts.edit({
      customer_id: s.customer,
      contract_id: s.contract,
      update_subscriptions: [
        {
          subscription_id: sub.id!,
          quantity_management_mode_update: { quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id" } },
          seat_updates: { add_seat_ids: [{ seat_ids: ["ann"], starting_at: iso(day(5)) }, { seat_ids: ["bob", "cat"], starting_at: iso(day(10)) }] },
        },
      ],
    });
    // 2 counted seats × 2,000 = 4,000; ann and bob take them; cat is a 3rd seat from day 10:
    // 2,000 × (D − 10)/D = 1,333.33 → 1,333 (30 days). 5,333¢.
    const invoice = await draft(s.customer, M0);
    expect(seatLines(invoice)).toEqual([
      [iso(M0), 2, 4000],
      [iso(day(10)), 1, cents((2000 * (D - 10)) / D)],
    ]);
    const seats = await c().v1.contracts.getSubscriptionSeatsHistory({ customer_id: s.customer, contract_id: s.contract, subscription_id: sub.id! });
    expect(seats.data.map((d) => [d.starting_at, d.assigned_seat_ids, d.total_quantity])).toEqual([
      [iso(M0), [], 2],
      [iso(day(5)), ["ann"], 2],
      [iso(day(10)), ["ann", "bob", "cat"], 3],
    ]);
    expect((await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data.subscriptions![0]).toMatchObject({ quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id" } });
  });

  it("refuses, naming the field, what a seat-based subscription cannot take", async () => {
    const create = (sub: object) => refused(contract({ subscriptions: [sub as ReturnType<typeof subscription>] }));
    const base = subscription("ADVANCE");
    expect(await create({ ...base, initial_quantity: undefined, quantity_management_mode: "SEAT_BASED" })).toEqual([400, expect.stringContaining("seat_config")]);
    expect(await create({ ...base, seat_config: { seat_group_key: "user_id", initial_seat_ids: ["ann"] } })).toEqual([400, expect.stringContaining("seat_config")]);
    expect(await create({ ...subscription("ADVANCE", { seat_group_key: "user_id", initial_seat_ids: ["ann"] }), initial_quantity: 3 })).toEqual([400, expect.stringContaining("initial_quantity")]);
    // Per-seat allocations of recurring credits are not built: refused by name.
    const perSeat = await refused(
      contract({
        subscriptions: [subscription("ADVANCE", { seat_group_key: "user_id", initial_seat_ids: ["ann"] })],
        recurring_credits: [
          {
            product_id: ids.fixed,
            priority: 1,
            starting_at: iso(M0),
            access_amount: { credit_type_id: "2714e483-4ff1-48e4-9e25-ac732e8f24f2", unit_price: 100 },
            commit_duration: { value: 1 },
            subscription_config: { subscription_id: "x", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
          },
        ],
      }),
    );
    expect(perSeat).toEqual([400, expect.stringContaining("recurring_credits.0.subscription_config")]);

    const seats = await seated("ADVANCE", { seat_group_key: "user_id", initial_seat_ids: ["ann"] });
    const counted = await contract({ subscriptions: [subscription("ADVANCE")] });
    const countedSub = (await c().v2.contracts.retrieve({ customer_id: counted.customer, contract_id: counted.contract })).data.subscriptions![0]!;
    expect(countedSub).toMatchObject({ quantity_management_mode: "QUANTITY_ONLY" });
    expect(countedSub).not.toHaveProperty("seat_config");
    const edit = (s: { customer: string; contract: string }, update: object) => refused(c().v2.contracts.edit({ customer_id: s.customer, contract_id: s.contract, update_subscriptions: [update as { subscription_id: string }] }));
    expect(await edit(seats, { subscription_id: seats.sub.id, quantity_updates: [{ starting_at: iso(day(3)), quantity: 4 }] })).toEqual([400, expect.stringContaining("update_subscriptions.0.quantity_updates")]);
    expect(await edit(counted, { subscription_id: countedSub.id, seat_updates: { add_seat_ids: [{ seat_ids: ["ann"], starting_at: iso(day(3)) }] } })).toEqual([400, expect.stringContaining("update_subscriptions.0.seat_updates")]);
    expect(await edit(seats, { subscription_id: seats.sub.id, quantity_management_mode_update: { quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id" } } })).toEqual([
      409,
      expect.stringContaining("SEAT_BASED already"),
    ]);
    // A QUANTITY_ONLY subscription has a quantity history but no seats.
    expect(await refused(c().v1.contracts.getSubscriptionSeatsHistory({ customer_id: counted.customer, contract_id: counted.contract, subscription_id: countedSub.id! }))).toEqual([400, expect.stringContaining("QUANTITY_ONLY")]);
    const quantities = await c().v1.contracts.retrieveSubscriptionQuantityHistory({ customer_id: counted.customer, contract_id: counted.contract, subscription_id: countedSub.id! });
    expect(quantities.data.history).toEqual([{ starting_at: iso(M0), data: [{ quantity: 2, unit_price: 2000, total: 4000 }] }]);
    expect(await refused(c().v1.contracts.listSeatBalances({ customer_id: counted.customer, contract_id: counted.contract, subscription_ids: [countedSub.id!] }))).toEqual([400, expect.stringContaining("QUANTITY_ONLY")]);
    expect(await refused(c().v1.contracts.getSubscriptionSeatsHistory({ customer_id: seats.customer, contract_id: seats.contract, subscription_id: countedSub.id! }))).toEqual([404, expect.any(String)]);
  });
});
