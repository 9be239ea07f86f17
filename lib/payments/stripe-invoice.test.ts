import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/billing/decimal";
import { USD_CENTS } from "@/lib/billing/money";
import { loadConfig } from "@/lib/config";
import { PermanentSyncError, stripeCents, stripeInvoicePlan, type InvoiceToSync } from "./stripe-invoice";

describe("Stripe amounts", () => {
  it.each([
    ["1234", 1234],
    ["1234.5", 1235],
    ["1234.4999", 1234],
    ["0.5", 1],
    ["0.49", 0],
    ["-0.4", 0],
    ["-2.5", -3],
    ["9007199254740991", 9007199254740991],
  ])("%s cents → %i", (amount, cents) => expect(stripeCents(new Decimal(amount))).toBe(cents));

  it("refuses an amount beyond exact integers", () => expect(() => stripeCents(new Decimal("9007199254740992"))).toThrow(PermanentSyncError));
});

const invoice: InvoiceToSync = {
  id: "inv-1",
  customerId: "cust-1",
  creditTypeId: USD_CENTS.id,
  startTimestamp: new Date("2026-01-01T00:00:00Z"),
  endTimestamp: new Date("2026-02-01T00:00:00Z"),
  lines: [
    { id: "l1", name: "Tokens", total: new Decimal("3000"), quantity: new Decimal("3"), startingAt: null, endingBefore: null },
    { id: "l2", name: "Seats", total: new Decimal("199.5"), quantity: null, startingAt: new Date("2026-01-10T00:00:00Z"), endingBefore: new Date("2026-02-01T00:00:00Z") },
  ],
};

describe("Stripe invoice plan", () => {
  it("makes one item per line in cents, keyed by the Rateline ids", () => {
    const plan = stripeInvoicePlan(invoice, "cus_X");
    expect(plan.invoice).toMatchObject({ idempotencyKey: "rateline:invoice:inv-1:create", params: { customer: "cus_X", currency: "usd", pending_invoice_items_behavior: "exclude" } });
    expect(plan.items.map((i) => [i.idempotencyKey, i.params.amount, i.params.description, i.params.period])).toEqual([
      ["rateline:invoice:inv-1:line:l1", 3000, "Tokens", { start: 1767225600, end: 1769904000 }],
      ["rateline:invoice:inv-1:line:l2", 200, "Seats", { start: 1768003200, end: 1769904000 }],
    ]);
    expect(plan.items[0]!.params.metadata).toEqual({ rateline_invoice_id: "inv-1", rateline_line_item_id: "l1", quantity: "3" });
    expect(plan.finalize.idempotencyKey).toBe("rateline:invoice:inv-1:finalize");
    expect(stripeInvoicePlan(invoice, "cus_X")).toEqual(plan);
  });

  it("refuses an invoice in a credit type other than USD cents", () => {
    expect(() => stripeInvoicePlan({ ...invoice, creditTypeId: "9c1f6c7e-6a0b-4f43-9f2e-3b1b8c6d2a10" }, "cus_X")).toThrow(PermanentSyncError);
  });
});

describe("Stripe configuration", () => {
  const base = { DATABASE_URL: "postgresql://u@localhost/db", RATELINE_SECRET: "x".repeat(32) };
  it("is off without a key, and points at another server with STRIPE_API_BASE", () => {
    expect(loadConfig(base).stripe).toBeUndefined();
    expect(loadConfig({ ...base, STRIPE_SECRET_KEY: "sk_test_1" }).stripe).toEqual({ secretKey: "sk_test_1", api: undefined });
    expect(loadConfig({ ...base, STRIPE_SECRET_KEY: "sk_test_1", STRIPE_API_BASE: "http://127.0.0.1:12111" }).stripe).toEqual({
      secretKey: "sk_test_1",
      api: { host: "127.0.0.1", port: 12111, protocol: "http" },
    });
  });
  it("stops start-up with one sentence for a bad value", () => {
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: "pk_test_1" })).toThrow("STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… or rk_…).");
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: "sk_test_1", STRIPE_API_BASE: "ftp://x" })).toThrow("STRIPE_API_BASE must be an http:// or https:// URL.");
  });
});
