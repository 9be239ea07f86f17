import { describe, expect, it } from "vitest";
import { addOffset, packageContractInput, type PackageTerms } from "./package-record";

// A package's offsets from a contract's start: days and weeks exact, months and years on the
// calendar, clamped to the month's last day (as billing periods are).
describe("addOffset", () => {
  const cases: [string, { unit: string; value: number }, string][] = [
    ["2026-01-31T00:00:00.000Z", { unit: "DAYS", value: 0 }, "2026-01-31T00:00:00.000Z"],
    ["2026-01-31T05:00:00.000Z", { unit: "DAYS", value: 1 }, "2026-02-01T05:00:00.000Z"],
    ["2026-01-01T00:00:00.000Z", { unit: "WEEKS", value: 2 }, "2026-01-15T00:00:00.000Z"],
    ["2026-01-31T00:00:00.000Z", { unit: "MONTHS", value: 1 }, "2026-02-28T00:00:00.000Z"],
    ["2028-01-31T00:00:00.000Z", { unit: "MONTHS", value: 1 }, "2028-02-29T00:00:00.000Z"],
    ["2026-03-01T00:00:00.000Z", { unit: "MONTHS", value: 12 }, "2027-03-01T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", { unit: "YEARS", value: 1 }, "2029-02-28T00:00:00.000Z"],
  ];
  it.each(cases)("%s + %o = %s", (start, offset, expected) => {
    expect(addOffset(new Date(start), offset).toISOString()).toBe(expected);
  });
});

// A package's subscriptions start at their offset (the contract's start when none) and end after
// their duration (with the contract when none).
describe("packageContractInput: subscriptions", () => {
  const subscription = { collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { billing_frequency: "MONTHLY", product_id: "prod" }, initial_quantity: "2" };
  const terms = {
    name: "Starter",
    rate_card_id: "rc",
    subscriptions: [
      { id: "s1", ...subscription, starting_at_offset: { unit: "MONTHS", value: 1 }, duration: { unit: "MONTHS", value: 2 } },
      { id: "s2", ...subscription, duration: { unit: "DAYS", value: 10 } },
      { id: "s3", ...subscription },
    ],
  } as unknown as PackageTerms;

  it("resolves each subscription's dates against the contract's start", () => {
    const input = packageContractInput(terms, { customer_id: "c", starting_at: new Date("2026-01-31T00:00:00.000Z") });
    expect(input.subscriptions).toEqual([
      { ...subscription, starting_at: "2026-02-28T00:00:00.000Z", ending_before: "2026-04-28T00:00:00.000Z" },
      { ...subscription, starting_at: "2026-01-31T00:00:00.000Z", ending_before: "2026-02-10T00:00:00.000Z" },
      { ...subscription, starting_at: "2026-01-31T00:00:00.000Z" },
    ]);
  });
});
