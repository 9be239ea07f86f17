import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { lastMonthDraft, M0, M1 } from "@/lib/test-support/last-month-draft";

// Editing one commit or credit through the SDK (v2.contracts.editCommit / editCredit,
// v1.customers.commits|credits.updateEndDate): the live drafts follow at once, to the cent.
//
// Dates, as in recurring-balances.api.test.ts: M0 is the first of last month (an open DRAFT: long
// grace, long backdating), M1 the first of this month. Calls cost 10¢ each.

const DAY = 24 * 3_600_000;
const month = (offset: number) => new Date(Date.UTC(M1.getUTCFullYear(), M1.getUTCMonth() + offset, 1));
const iso = (d: Date) => d.toISOString();
const day = (n: number) => new Date(M0.getTime() + n * DAY);
const after = (months: number) => iso(month(months));
const USD = USD_CENTS.id;

describeEachDatabase("editing a commit or credit through the SDK", (kind) => {
  const { c, ids, contract, ingest, draft } = lastMonthDraft(kind, "Edit balance");
  /** The draft's applied balances (sorted) and its total. */
  async function bill(customer: string, start: Date) {
    const invoice = await draft(customer, start);
    return [
      invoice.line_items
        .filter((l) => l.type === "applied_commit_or_credit")
        .map((l) => l.total)
        .sort((a, b) => a - b),
      invoice.total,
    ];
  }
  const retrieve = async (s: { customer: string; contract: string }) => (await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data;

  describe("editCommit", () => {
    it("a contract's prepaid commit whose access amount is cut mid-period: last month's draft applies the new amount, and the edit is in the history", async () => {
      const s = await contract({
        commits: [{ product_id: ids.fixed, type: "PREPAID", name: "Prepaid", priority: 1, access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 5000, starting_at: iso(M0), ending_before: after(1) }] } }],
      });
      // 300 calls on day 5: 3,000¢, all drawn from the 5,000 commit.
      await ingest(s.customer, [[day(5), 300]]);
      expect(await bill(s.customer, M0)).toEqual([[-3000], 0]);
      const commit = (await retrieve(s)).commits![0]!;
      const segment = commit.access_schedule!.schedule_items[0]!.id;
      // Cut to 1,234: it applies 1,234, and 3,000 − 1,234 = 1,766 is left to pay.
      expect((await c().v2.contracts.editCommit({ customer_id: s.customer, commit_id: commit.id, access_schedule: { update_schedule_items: [{ id: segment, amount: 1234 }] } })).data).toEqual({ id: commit.id });
      expect(await bill(s.customer, M0)).toEqual([[-1234], 1766]);
      expect((await retrieve(s)).commits![0]!.access_schedule!.schedule_items[0]!.amount).toBe(1234);
      const history = (await c().v2.contracts.getEditHistory({ customer_id: s.customer, contract_id: s.contract })).data;
      expect(history.at(-1)).toMatchObject({ update_commits: [{ commit_id: commit.id, access_schedule: { update_schedule_items: [{ id: segment, amount: 1234 }] } }] });
    });

    it("a customer-level commit made to apply to ids.calls and given a segment for this month: both drafts draw on it", async () => {
      const s = await contract({});
      const { id } = (
        await c().v1.customers.commits.create({
          customer_id: s.customer,
          product_id: ids.fixed,
          type: "PREPAID",
          priority: 1,
          applicable_product_ids: [ids.fixed],
          access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 2000, starting_at: iso(M0), ending_before: iso(M1) }] },
        })
      ).data;
      // 300 calls last month (3,000¢), 50 at M1 (500¢); the commit covers only the fixed product.
      await ingest(s.customer, [[day(5), 300], [M1, 50]]);
      expect(await bill(s.customer, M0)).toEqual([[], 3000]);
      await c().v2.contracts.editCommit({
        customer_id: s.customer,
        commit_id: id,
        applicable_product_ids: [ids.calls],
        access_schedule: { add_schedule_items: [{ amount: 300, starting_at: iso(M1), ending_before: after(1) }] },
      });
      // Last month: 2,000 of 3,000 covered, 1,000 left; this month: 300 of 500, 200 left.
      expect(await bill(s.customer, M0)).toEqual([[-2000], 1000]);
      expect(await bill(s.customer, M1)).toEqual([[-300], 200]);
    });
  });

  describe("editCredit", () => {
    it("a contract credit moved ahead in priority draws first", async () => {
      const credit = (name: string, priority: number, amount: number) => ({ product_id: ids.fixed, name, priority, access_schedule: { credit_type_id: USD, schedule_items: [{ amount, starting_at: iso(M0), ending_before: after(1) }] } });
      const s = await contract({ credits: [credit("Small", 1, 1000), credit("Large", 2, 5000)] });
      await ingest(s.customer, [[day(5), 300]]);
      // 3,000¢: Small (priority 1) gives all its 1,000, Large the other 2,000.
      expect(await bill(s.customer, M0)).toEqual([[-2000, -1000], 0]);
      const large = (await retrieve(s)).credits!.find((x) => x.name === "Large")!;
      await c().v2.contracts.editCredit({ customer_id: s.customer, credit_id: large.id, priority: 0 });
      // Large now first: all 3,000 from it, Small untouched.
      expect((await bill(s.customer, M0))[0]).toEqual([-3000]);
      expect((await bill(s.customer, M0))[1]).toBe(0);
    });

    it("a customer-level credit's segment raised: the draft applies the new amount", async () => {
      const s = await contract({});
      const { id } = (await c().v1.customers.credits.create({ customer_id: s.customer, product_id: ids.fixed, priority: 1, access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 1000, starting_at: iso(M0), ending_before: iso(M1) }] } })).data;
      await ingest(s.customer, [[day(5), 300]]);
      expect(await bill(s.customer, M0)).toEqual([[-1000], 2000]);
      const segment = (await c().v1.customers.credits.list({ customer_id: s.customer })).data[0]!.access_schedule!.schedule_items[0]!.id;
      await c().v2.contracts.editCredit({ customer_id: s.customer, credit_id: id, access_schedule: { update_schedule_items: [{ id: segment, amount: 2500 }] } });
      expect(await bill(s.customer, M0)).toEqual([[-2500], 500]);
    });
  });

  describe("updateEndDate", () => {
    it("a contract credit ended at the start of this month stops covering this month's usage; last month's stays", async () => {
      const s = await contract({ credits: [{ product_id: ids.fixed, name: "Credit", priority: 1, access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 10000, starting_at: iso(M0), ending_before: after(1) }] } }] });
      await ingest(s.customer, [[day(5), 300], [M1, 50]]);
      expect(await bill(s.customer, M0)).toEqual([[-3000], 0]);
      expect(await bill(s.customer, M1)).toEqual([[-500], 0]);
      const credit = (await retrieve(s)).credits![0]!;
      expect((await c().v1.customers.credits.updateEndDate({ customer_id: s.customer, credit_id: credit.id, access_ending_before: iso(M1) })).data).toEqual({ id: credit.id });
      expect(await bill(s.customer, M0)).toEqual([[-3000], 0]);
      expect(await bill(s.customer, M1)).toEqual([[], 500]);
      // Only earlier: a later end is refused, naming the field.
      const later = await c().v1.customers.credits.updateEndDate({ customer_id: s.customer, credit_id: credit.id, access_ending_before: after(2) }).then(() => null, (e: { status: number; message: string }) => e);
      expect([later?.status, later?.message]).toEqual([400, expect.stringContaining("access_ending_before")]);
    });

    it("a prepaid commit ended at the start of this month: this month's usage is billed and its later purchase is no longer scheduled", async () => {
      const s = await contract({
        commits: [
          {
            product_id: ids.fixed,
            type: "PREPAID",
            name: "Prepaid",
            priority: 1,
            access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 10000, starting_at: iso(M0), ending_before: after(2) }] },
            invoice_schedule: { credit_type_id: USD, schedule_items: [{ timestamp: after(1), amount: 5000 }, { timestamp: after(2), amount: 5000 }] },
          },
        ],
      });
      await ingest(s.customer, [[day(5), 300], [M1, 50]]);
      expect(await bill(s.customer, M1)).toEqual([[-500], 0]);
      const commit = (await retrieve(s)).commits![0]!;
      await c().v1.customers.commits.updateEndDate({ customer_id: s.customer, commit_id: commit.id, access_ending_before: iso(M1), invoices_ending_before: after(2) });
      // Last month's 3,000 still drawn; this month's 500 now billed.
      expect(await bill(s.customer, M0)).toEqual([[-3000], 0]);
      expect(await bill(s.customer, M1)).toEqual([[], 500]);
      const edited = (await retrieve(s)).commits![0]!;
      expect(edited.access_schedule!.schedule_items.map((i) => [i.starting_at, i.ending_before, i.amount])).toEqual([[iso(M0), iso(M1), 10000]]);
      expect(edited.invoice_schedule!.schedule_items!.map((i) => [i.timestamp, i.amount])).toEqual([[after(1), 5000]]);
    });
  });
});
