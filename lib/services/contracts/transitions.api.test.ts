import type Metronome from "@metronome/sdk";
import { expect, it } from "vitest";
import { billingClose } from "@/lib/test-support/billing-close";
import { closableMonths, grace, NEXT, P1, P2, THIS } from "@/lib/test-support/closable-months";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Contract transitions through the SDK (`transition` on create): a RENEWAL starts where the
// previous contract ends, a SUPERSEDE ends the previous one at the new start; either way the
// previous contract's commits with a rollover_fraction roll that fraction of what they hold at
// its end into the new one, once its last period is finalized, and the new one's invoices draw
// on it, to the cent. Both contracts read the transition back in the SDK's shape.
//
// Dates. P2 is the first of the month before last, P1 the first of last month, THIS the first of
// this month, NEXT the first of next month. The grace period is set so that the periods ending
// at P1 and THIS are closable (by the operator command, or the server's own job: same result).
// Calls are 10¢ each.

const DAY = 24 * 3_600_000;
const iso = (d: Date) => d.toISOString();

type ContractInput = Parameters<Metronome["v1"]["contracts"]["create"]>[0];
type Refusal = { status: number; error: { message: string } };

describeEachDatabase("contract transitions through the SDK", (kind) => {
  const { c, server, ids, customer } = closableMonths(kind, { customer: "Transition", fixedProduct: "Prepaid" });
  const create = async (customerId: string, terms: Partial<ContractInput>) => (await c().v1.contracts.create({ customer_id: customerId, rate_card_id: ids.card, ...terms } as ContractInput)).data.id;
  const refused = async (promise: Promise<unknown>) => (await promise.then(() => undefined, (e: unknown) => e)) as Refusal;
  const prepaid = (amount: number, from: Date, to: Date, rollover: number) => ({
    product_id: ids.fixed,
    type: "PREPAID" as const,
    name: "Prepaid",
    priority: 1,
    rollover_fraction: rollover,
    access_schedule: { schedule_items: [{ amount, starting_at: iso(from), ending_before: iso(to) }] },
  });
  async function closeTwice() {
    // The first close finalizes the old contract's last period and rolls over; the new one's
    // periods wait for that, and close on the next.
    for (let i = 0; i < 2; i++) {
      const closed = await billingClose(server(), { graceHours: grace });
      expect(closed.status, closed.output).toBe(0);
    }
  }
  async function finalized(customerId: string) {
    const list = (await c().v1.customers.invoices.list({ customer_id: customerId, status: "FINALIZED", type: "USAGE" })).data;
    return list.map((i) => [i.contract_id, i.start_timestamp, i.total]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  }

  it("a RENEWAL: half of what the old commit holds at its end rolls into the renewal, whose invoice draws on it", async () => {
    // P2: 30 calls = 300¢, all drawn from the 1,000¢ commit (left 700; half, 350¢, rolls over).
    // P1 (the renewal's first month): 50 calls = 500¢ − 350¢ rolled over = 150¢.
    const cust = await customer([[new Date(P2.getTime() + 2 * DAY), 30], [new Date(P1.getTime() + 3 * DAY), 50]]);
    const old = await create(cust, { name: "Year 1", starting_at: iso(P2), ending_before: iso(P1), commits: [prepaid(1000, P2, P1, 0.5)] });
    const oldCommit = (await c().v2.contracts.retrieve({ customer_id: cust, contract_id: old })).data.commits![0]!.id;

    // A renewal must start where the old one ends.
    const early = await refused(create(cust, { starting_at: iso(new Date(P1.getTime() - DAY)), ending_before: iso(NEXT), transition: { from_contract_id: old, type: "RENEWAL" } }));
    expect([early.status, early.error.message]).toEqual([400, expect.stringContaining(`transition.type: a RENEWAL starts where the previous contract ends, and that one ends ${iso(P1).slice(0, 10)}`)]);

    const renewal = await create(cust, { name: "Year 2", starting_at: iso(P1), ending_before: iso(NEXT), total_contract_value: 120000, transition: { from_contract_id: old, type: "RENEWAL", future_invoice_behavior: { trueup: "AS_IS" } } });
    await closeTwice();
    expect(await finalized(cust)).toEqual([
      [old, iso(P2), 0],
      [renewal, iso(P1), 150],
    ]);

    const transitions = [{ from_contract_id: old, to_contract_id: renewal, type: "RENEWAL" }];
    const [oldV2, newV2] = await Promise.all([old, renewal].map(async (id) => (await c().v2.contracts.retrieve({ customer_id: cust, contract_id: id })).data));
    expect([oldV2!.transitions, newV2!.transitions]).toEqual([transitions, transitions]);
    expect(oldV2!.ending_before).toBe(iso(P1));
    const rolled = newV2!.commits!.find((k) => k.rolled_over_from)!;
    expect([rolled.rolled_over_from, rolled.access_schedule!.schedule_items.map((s) => [s.amount, s.starting_at, s.ending_before])]).toEqual([
      { commit_id: oldCommit, contract_id: old },
      [[350, iso(P1), iso(NEXT)]],
    ]);
    expect(newV2!.total_contract_value).toBe(120000);
    const v1 = (await c().v1.contracts.retrieve({ customer_id: cust, contract_id: renewal })).data;
    expect([v1.current.transitions, v1.current.total_contract_value]).toEqual([transitions, 120000]);
    expect((await c().v2.contracts.list({ customer_id: cust })).data.map((k) => [k.id, k.transitions])).toEqual(expect.arrayContaining([[old, transitions], [renewal, transitions]]));
    // Closing again changes nothing, and rolls nothing over twice.
    await closeTwice();
    expect((await c().v2.contracts.retrieve({ customer_id: cust, contract_id: renewal })).data.commits!.filter((k) => k.rolled_over_from)).toHaveLength(1);
    expect((await finalized(cust)).length).toBe(2);
  });

  it("a SUPERSEDE ends an open-ended contract at the new start: a quarter of its commit rolls over, and the overlap refusal lets the pair through", async () => {
    // P2: 20 calls = 200¢ drawn from the 1,000¢ commit (left 800; a quarter, 200¢, rolls over).
    // P1 (the new contract's first month): 35 calls = 350¢ − 200¢ = 150¢.
    const cust = await customer([[new Date(P2.getTime() + 2 * DAY), 20], [new Date(P1.getTime() + 3 * DAY), 35]]);
    const old = await create(cust, { name: "Old", starting_at: iso(P2), commits: [prepaid(1000, P2, NEXT, 0.25)] });

    // Without a transition the two would bill the same calls from P1 on.
    const overlap = await refused(create(cust, { starting_at: iso(P1), ending_before: iso(NEXT) }));
    expect([overlap.status, overlap.error.message]).toEqual([409, expect.stringContaining("both would bill those events")]);
    // A RENEWAL needs the old one to end at P1; a rollover needs the new one to end.
    const renewal = await refused(create(cust, { starting_at: iso(P1), ending_before: iso(NEXT), transition: { from_contract_id: old, type: "RENEWAL" } }));
    expect([renewal.status, renewal.error.message]).toEqual([400, expect.stringContaining("transition.type: a RENEWAL starts where the previous contract ends, and that one has no end")]);
    const endless = await refused(create(cust, { starting_at: iso(P1), transition: { from_contract_id: old, type: "SUPERSEDE" as "RENEWAL" } }));
    expect([endless.status, endless.error.message]).toEqual([400, expect.stringContaining("ending_before: the previous contract has commits or credits with a rollover_fraction")]);
    const remove = await refused(create(cust, { starting_at: iso(P1), ending_before: iso(NEXT), transition: { from_contract_id: old, type: "RENEWAL", future_invoice_behavior: { trueup: "REMOVE" } } }));
    expect([remove.status, remove.error.message]).toEqual([400, expect.stringContaining("transition.future_invoice_behavior.trueup")]);

    const next = await create(cust, { name: "New", starting_at: iso(P1), ending_before: iso(NEXT), transition: { from_contract_id: old, type: "SUPERSEDE" as "RENEWAL" } });
    const oldV2 = (await c().v2.contracts.retrieve({ customer_id: cust, contract_id: old })).data;
    expect([oldV2.ending_before, oldV2.transitions]).toEqual([iso(P1), [{ from_contract_id: old, to_contract_id: next, type: "SUPERSEDE" }]]);
    // A contract is taken over once.
    const again = await refused(create(cust, { starting_at: iso(THIS), ending_before: iso(NEXT), transition: { from_contract_id: old, type: "SUPERSEDE" as "RENEWAL" } }));
    expect([again.status, again.error.message]).toEqual([409, expect.stringContaining(`transition.from_contract_id: contract ${next} already took over from that contract`)]);

    await closeTwice();
    expect(await finalized(cust)).toEqual([
      [old, iso(P2), 0],
      [next, iso(P1), 150],
    ]);
    const rolled = (await c().v2.contracts.retrieve({ customer_id: cust, contract_id: next })).data.commits!.find((k) => k.rolled_over_from)!;
    expect(rolled.access_schedule!.schedule_items.map((s) => [s.amount, s.starting_at, s.ending_before])).toEqual([[200, iso(P1), iso(NEXT)]]);
  });
  it("a renewal written after the old contract's last invoice is finalized rolls over at once", async () => {
    // P2: 40 calls = 400¢ from the 1,000¢ commit; all of the 600¢ left rolls over (fraction 1).
    // P1: 80 calls = 800¢ − 600¢ = 200¢.
    const cust = await customer([[new Date(P2.getTime() + 2 * DAY), 40], [new Date(P1.getTime() + 3 * DAY), 80]]);
    const old = await create(cust, { starting_at: iso(P2), ending_before: iso(P1), commits: [prepaid(1000, P2, P1, 1)] });
    await closeTwice();
    expect(await finalized(cust)).toEqual([[old, iso(P2), 0]]);
    const renewal = await create(cust, { starting_at: iso(P1), ending_before: iso(NEXT), transition: { from_contract_id: old, type: "RENEWAL" } });
    const rolled = (await c().v2.contracts.retrieve({ customer_id: cust, contract_id: renewal })).data.commits!.find((k) => k.rolled_over_from)!;
    expect(rolled.access_schedule!.schedule_items.map((s) => s.amount)).toEqual([600]);
    await closeTwice();
    expect(await finalized(cust)).toEqual([
      [old, iso(P2), 0],
      [renewal, iso(P1), 200],
    ]);
  });
});
