import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { randomUUID } from "node:crypto";
import type Metronome from "@metronome/sdk";
import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { lastMonthDraft, M0, M1 } from "@/lib/test-support/last-month-draft";

// Recurring commits and credits through the SDK: create (and v2 edit) take them, each period's
// balance is an ordinary commit or credit (with recurring_commit_id / recurring_credit_id), the
// live drafts draw on them and the balances show them, to the cent.
//
// Dates. The server prices at the real clock. Every contract starts at M0, the first of last
// month, which stays an open DRAFT (a long grace period, no close) and takes events (a long
// backdating window); M1 is the first of this month. D is the number of days of last month: a
// balance from M0 + 10 days is prorated (D − 10)/D, worked out for a 30-day month in the comments
// and computed for D. Weekly ones are the same in every month.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D = Math.round((M1.getTime() - M0.getTime()) / DAY);
const iso = (d: Date) => d.toISOString();
const day = (n: number) => new Date(M0.getTime() + n * DAY);
const after = (from: Date, months: number) => iso(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1)));
/** Half-up to whole cents. */
const cents = (x: number) => Math.floor(Math.round(x * 1e6) / 1e6 + 0.5);
/** What a balance of `amount` from M0 + 10 days grants for the rest of last month. */
const fromDay10 = (amount: number) => cents((amount * (D - 10)) / D);
const USD = USD_CENTS.id;

type ContractInput = Parameters<Metronome["v1"]["contracts"]["create"]>[0];

describeEachDatabase("recurring commits and credits through the SDK", (kind) => {
  const { c, ids, contract, ingest, draft } = lastMonthDraft(kind, "Recurring");
  const applied = (invoice: Invoice) => invoice.line_items.filter((l) => l.type === "applied_commit_or_credit").map((l) => l.total);
  async function scheduled(customer: string) {
    const invoices = (await c().v1.customers.invoices.list({ customer_id: customer, type: "SCHEDULED" })).data;
    return invoices.map((i) => [i.start_timestamp, i.status, i.total, i.line_items.map((l) => l.type)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  }
  /** The customer's balances as [starts, ends, granted, balance now], oldest first. */
  async function balances(customer: string) {
    const page = await c().v1.contracts.listBalances({ customer_id: customer, include_contract_balances: true, include_balance: true });
    return page.data
      .map((b) => [b.access_schedule!.schedule_items[0]!.starting_at, b.access_schedule!.schedule_items[0]!.ending_before, b.access_schedule!.schedule_items[0]!.amount, b.balance])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  }

  describe("recurring credits", () => {
    it("a monthly credit from mid-period: the first month prorated, one credit per billing period, the open end granted ahead and cut when the contract ends", async () => {
      const s = await contract({
        recurring_credits: [
          { product_id: ids.fixed, name: "Monthly allowance", priority: 1, access_amount: { credit_type_id: USD, unit_price: 3000, quantity: 1 }, commit_duration: { value: 1 }, starting_at: iso(day(10)) },
        ],
      });
      // Last month: 100 calls on day 5 (before the credit) and 300 on day 12: 1,000 + 3,000¢.
      // The credit from day 10 grants (D − 10)/D × 3,000 (20/30 × 3,000 = 2,000 in a 30-day
      // month), all drawn by the 3,000 after its start; 4,000 − 2,000 = 2,000 left to pay.
      // This month: 50 calls at M1 = 500¢, all covered by this month's 3,000.
      await ingest(s.customer, [[day(5), 100], [day(12), 300], [M1, 50]]);
      const last = await draft(s.customer, M0);
      expect(applied(last)).toEqual([-fromDay10(3000)]);
      expect(last.total).toBe(4000 - fromDay10(3000));
      const now = await draft(s.customer, M1);
      expect([now.subtotal, applied(now), now.total]).toEqual([500, [-500], 0]);
      // Granted through two periods past this one; last month's spent and over, this month's 2,500 left.
      expect(await balances(s.customer)).toEqual([
        [iso(day(10)), iso(M1), fromDay10(3000), 0],
        [iso(M1), after(M1, 1), 3000, 2500],
        [after(M1, 1), after(M1, 2), 3000, 0],
        [after(M1, 2), after(M1, 3), 3000, 0],
      ]);

      const { data } = await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract });
      const recurring = data.recurring_credits![0]!;
      expect(recurring).toEqual({
        id: expect.any(String),
        product: { id: ids.fixed, name: "Allowance" },
        access_amount: { credit_type_id: USD, unit_price: 3000, quantity: 1 },
        commit_duration: { value: 1, unit: "PERIODS" },
        priority: 1,
        rate_type: "COMMIT_RATE",
        starting_at: iso(day(10)),
        applicable_product_ids: [],
        applicable_product_tags: [],
        contract: { id: s.contract },
        name: "Monthly allowance",
        proration: "FIRST_AND_LAST",
      });
      expect(data.recurring_commits).toEqual([]);
      expect(data.credits!.map((credit) => [credit.recurring_credit_id, credit.name, credit.access_schedule!.schedule_items[0]!.amount])).toEqual([
        [recurring.id, "Monthly allowance", fromDay10(3000)],
        [recurring.id, "Monthly allowance", 3000],
        [recurring.id, "Monthly allowance", 3000],
        [recurring.id, "Monthly allowance", 3000],
      ]);
      const v1 = (await c().v1.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data;
      expect([v1.initial.recurring_credits, v1.current.recurring_credits]).toEqual([[recurring], [recurring]]);

      // The contract now ends mid-next-month: this month's credit has begun and stays; next
      // month's is cut to the new end and prorated (15 days of it); the one after goes.
      const end = new Date(Date.parse(after(M1, 1)) + 15 * DAY);
      await c().v1.contracts.updateEndDate({ customer_id: s.customer, contract_id: s.contract, ending_before: iso(end) });
      const next = new Date(after(M1, 1));
      const nextDays = Math.round((Date.parse(after(M1, 2)) - next.getTime()) / DAY);
      expect((await balances(s.customer)).map(([from, to, amount]) => [from, to, amount])).toEqual([
        [iso(day(10)), iso(M1), fromDay10(3000)],
        [iso(M1), after(M1, 1), 3000],
        [iso(next), iso(end), cents((3000 * 15) / nextDays)],
      ]);
    });

    it("a weekly credit ending mid-week: two whole weeks, then 3 of 7 days", async () => {
      const s = await contract({
        ending_before: iso(M1),
        recurring_credits: [
          {
            product_id: ids.fixed,
            name: "Weekly",
            priority: 1,
            access_amount: { credit_type_id: USD, unit_price: 350, quantity: 2 },
            commit_duration: { value: 1, unit: "PERIODS" },
            recurrence_frequency: "WEEKLY",
            starting_at: iso(M0),
            ending_before: iso(day(17)),
          },
        ],
      });
      // Weeks from M0: [0, 7) 700, [7, 14) 700, [14, 17) 3/7 × 700 = 300.
      // 100 calls on day 1: 1,000¢, 700 covered; 50 calls on day 15: 500¢, 300 covered;
      // 20 calls on day 20, after the last: 200¢. 1,700 − 1,000 = 700 to pay.
      await ingest(s.customer, [[day(1), 100], [day(15), 50], [day(20), 20]]);
      const invoice = await draft(s.customer, M0);
      expect([invoice.subtotal, applied(invoice), invoice.total]).toEqual([1700, [-700, -300], 700]);
      expect(await balances(s.customer)).toEqual([
        [iso(M0), iso(day(7)), 700, 0],
        [iso(day(7)), iso(day(14)), 700, 0],
        [iso(day(14)), iso(day(17)), 300, 0],
      ]);
    });
  });

  describe("recurring commits", () => {
    it("a prepaid monthly commit from mid-period: access and invoice amount prorated alike, each period's purchase invoiced on its start", async () => {
      const s = await contract({
        ending_before: after(M1, 1),
        recurring_commits: [
          {
            product_id: ids.fixed,
            name: "Monthly commit",
            priority: 1,
            access_amount: { credit_type_id: USD, unit_price: 5000, quantity: 1 },
            invoice_amount: { credit_type_id: USD, unit_price: 2000, quantity: 2 },
            commit_duration: { value: 1 },
            starting_at: iso(day(10)),
            proration: "FIRST_AND_LAST",
          },
        ],
      });
      // Last month from day 10: 20/30 × 5,000 = 3,333.33 → 3,333 granted and 20/30 × 4,000 =
      // 2,666.67 → 2,667 billed (in a 30-day month). 600 calls on day 12 = 6,000¢: the commit
      // covers 3,333; 2,667 left. This month: 5,000 granted, 4,000 billed on M1; 100 calls = 1,000¢,
      // covered; 4,000 left on it.
      await ingest(s.customer, [[day(12), 600], [M1, 100]]);
      const last = await draft(s.customer, M0);
      expect([last.subtotal, applied(last), last.total]).toEqual([6000, [-fromDay10(5000)], 6000 - fromDay10(5000)]);
      const now = await draft(s.customer, M1);
      expect([now.subtotal, applied(now), now.total]).toEqual([1000, [-1000], 0]);
      expect(await scheduled(s.customer)).toEqual([
        [iso(day(10)), "DRAFT", fromDay10(4000), ["commit_purchase"]],
        [iso(M1), "DRAFT", 4000, ["commit_purchase"]],
      ]);
      expect(await balances(s.customer)).toEqual([
        [iso(day(10)), iso(M1), fromDay10(5000), 0],
        [iso(M1), after(M1, 1), 5000, 4000],
      ]);
      const { data } = await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract });
      const recurring = data.recurring_commits![0]!;
      expect([recurring.invoice_amount, recurring.access_amount, recurring.ending_before]).toEqual([{ credit_type_id: USD, unit_price: 2000, quantity: 2 }, { credit_type_id: USD, unit_price: 5000, quantity: 1 }, undefined]);
      expect(data.commits.map((commit) => [commit.type, commit.recurring_commit_id, commit.invoice_schedule?.schedule_items?.map((i) => [i.timestamp, i.amount])])).toEqual([
        ["PREPAID", recurring.id, [[iso(day(10)), fromDay10(4000)]]],
        ["PREPAID", recurring.id, [[iso(M1), 4000]]],
      ]);
    });

    it("added by a v2 edit: weekly, two weeks of access each, whole amounts (proration NONE), drawn oldest first", async () => {
      const s = await contract({});
      await c().v2.contracts.edit({
        customer_id: s.customer,
        contract_id: s.contract,
        add_recurring_commits: [
          {
            product_id: ids.fixed,
            name: "Fortnightly",
            priority: 1,
            access_amount: { credit_type_id: USD, unit_price: 1000, quantity: 1 },
            invoice_amount: { credit_type_id: USD, unit_price: 800, quantity: 1 },
            commit_duration: { value: 2 },
            recurrence_frequency: "WEEKLY",
            proration: "NONE",
            starting_at: iso(day(7)),
            ending_before: iso(day(21)),
          },
        ],
      });
      // Commits from day 7 (usable until day 21) and day 14 (its second week cut at day 21), 1,000
      // each, 800 billed on each start. 20 calls on day 1 (200¢, before either); 150 on day 15
      // (1,500¢: the older commit's 1,000, then 500 of the newer); 30 on day 22 (300¢, after both).
      await ingest(s.customer, [[day(1), 20], [day(15), 150], [day(22), 30]]);
      const invoice = await draft(s.customer, M0);
      expect([invoice.subtotal, applied(invoice), invoice.total]).toEqual([2000, [-1000, -500], 500]);
      expect(await scheduled(s.customer)).toEqual([
        [iso(day(7)), "DRAFT", 800, ["commit_purchase"]],
        [iso(day(14)), "DRAFT", 800, ["commit_purchase"]],
      ]);
      expect(await balances(s.customer)).toEqual([
        [iso(day(7)), iso(day(21)), 1000, 0],
        [iso(day(14)), iso(day(21)), 1000, 0],
      ]);
      const { data } = await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract });
      expect(data.recurring_commits!.map((r) => [r.name, r.recurrence_frequency, r.commit_duration, r.proration, r.ending_before])).toEqual([["Fortnightly", "WEEKLY", { value: 2, unit: "PERIODS" }, "NONE", iso(day(21))]]);
    });
  });

  it("refuses what it cannot grant, naming the field, and stores nothing", async () => {
    const customer = (await c().v1.customers.create({ name: "Refused" })).data.id;
    const credit = { product_id: ids.fixed, priority: 1, access_amount: { credit_type_id: USD, unit_price: 100, quantity: 1 }, commit_duration: { value: 1 }, starting_at: iso(M0) };
    const refusal = async (terms: Partial<ContractInput>) => {
      const error = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: ids.card, starting_at: iso(M0), ...terms }).catch((e: unknown) => e)) as { status: number; error: { message: string } };
      expect(error.status).toBe(400);
      return error.error.message;
    };
    expect(await refusal({ recurring_credits: [{ ...credit, starting_at: iso(new Date(M0.getTime() - DAY)) }] })).toContain("recurring_credits.0: must not start before the contract does");
    expect(await refusal({ recurring_credits: [{ ...credit, access_amount: { credit_type_id: USD, unit_price: 0.5, quantity: 3 } }] })).toContain("recurring_credits.0: the access amount must be ≥ 0 with at most 0 decimal places");
    expect(await refusal({ recurring_credits: [{ ...credit, commit_duration: { value: 0 } }] })).toContain("recurring_credits.0.commit_duration.value");
    expect(await refusal({ recurring_commits: [{ ...credit, rate_type: "LIST_RATE" }] })).toContain("`recurring_commits.0.rate_type`");
    expect(await refusal({ recurring_commits: [{ ...credit, subscription_config: { subscription_id: randomUUID(), apply_seat_increase_config: { is_prorated: true } } }] })).toContain("`recurring_commits.0.subscription_config` is not supported");
    expect(await refusal({ recurring_credits: [{ ...credit, proration_rounding: { access: { decimal_places: 2, rounding_method: "HALF_UP" } } }] })).toContain("at most 0 decimal places");
    expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
  });
});
