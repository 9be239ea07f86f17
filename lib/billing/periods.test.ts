import { describe, expect, it } from "vitest";
import { BillingInputError } from "./errors";
import { assertPeriodInContract, billingAnchor, billingPeriodAt, billingPeriods, type BillingCycleTerms } from "./periods";
import { at, win } from "./test-support/builders";

const monthly = (start: string, extra: Partial<BillingCycleTerms> = {}): BillingCycleTerms => ({
  startingAt: at(start),
  usageStatementSchedule: { frequency: "MONTHLY", day: "CONTRACT_START" },
  ...extra,
});

describe("billing periods", () => {
  it("anchors monthly periods to a contract starting on the 31st, clamped, never drifting", () => {
    expect(billingPeriods(monthly("2024-01-31"), at("2024-07-01"))).toEqual([
      win("2024-01-31", "2024-02-29"), // a 29-day February in a leap year
      win("2024-02-29", "2024-03-31"),
      win("2024-03-31", "2024-04-30"),
      win("2024-04-30", "2024-05-31"),
      win("2024-05-31", "2024-06-30"),
      win("2024-06-30", "2024-07-31"),
    ]);
    expect(billingPeriodAt(monthly("2023-01-31"), at("2023-02-10"))).toEqual(win("2023-01-31", "2023-02-28"));
  });

  it("anchors to the 1st of the month when chosen: the first period is partial", () => {
    const terms = monthly("2024-01-15T09:00", {
      usageStatementSchedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" },
    });
    expect(billingPeriods(terms, at("2024-03-02"))).toEqual([
      win("2024-01-15T09:00", "2024-02-01"),
      win("2024-02-01", "2024-03-01"),
      win("2024-03-01", "2024-04-01"),
    ]);
  });

  it("runs quarterly and annual periods from the anchor", () => {
    const quarterly = monthly("2024-01-31", { usageStatementSchedule: { frequency: "QUARTERLY", day: "CONTRACT_START" } });
    expect(billingPeriods(quarterly, at("2024-12-01"))).toEqual([
      win("2024-01-31", "2024-04-30"),
      win("2024-04-30", "2024-07-31"),
      win("2024-07-31", "2024-10-31"),
      win("2024-10-31", "2025-01-31"),
    ]);
    const annual = monthly("2024-02-29", { usageStatementSchedule: { frequency: "ANNUAL", day: "CONTRACT_START" } });
    expect(billingPeriods(annual, at("2026-01-01"))).toEqual([
      win("2024-02-29", "2025-02-28"),
      win("2025-02-28", "2026-02-28"),
    ]);
  });

  it("cuts the last period short at the contract end", () => {
    const terms = monthly("2024-01-10", { endingBefore: at("2024-03-20") });
    expect(billingPeriods(terms, at("2030-01-01"))).toEqual([
      win("2024-01-10", "2024-02-10"),
      win("2024-02-10", "2024-03-10"),
      win("2024-03-10", "2024-03-20"),
    ]);
    expect(billingPeriodAt(terms, at("2024-03-20"))).toBeUndefined();
    expect(billingPeriodAt(terms, at("2024-01-09"))).toBeUndefined();
  });

  it("follows a custom anchor, which needs a date", () => {
    const terms = monthly("2024-01-20", {
      usageStatementSchedule: { frequency: "MONTHLY", day: "CUSTOM_DATE", billingAnchorDate: at("2023-06-05") },
    });
    expect(billingPeriodAt(terms, at("2024-01-25"))).toEqual(win("2024-01-20", "2024-02-05"));
    expect(() =>
      billingAnchor(monthly("2024-01-20", { usageStatementSchedule: { frequency: "MONTHLY", day: "CUSTOM_DATE" } })),
    ).toThrow(BillingInputError);
  });

  it("accepts an invoice period only inside the contract, on the hour", () => {
    const terms = monthly("2024-01-01", { endingBefore: at("2024-03-01") });
    expect(() => assertPeriodInContract(terms, win("2024-01-01", "2024-02-01"))).not.toThrow();
    expect(() => assertPeriodInContract(terms, win("2023-12-01", "2024-01-01"))).toThrow(/within the contract/);
    expect(() => assertPeriodInContract(terms, win("2024-02-01", "2024-04-01"))).toThrow(/within the contract/);
    expect(() => assertPeriodInContract(terms, win("2024-01-01T00:30", "2024-02-01"))).toThrow(/hour boundary/);
    expect(() => assertPeriodInContract(terms, win("2024-02-01", "2024-01-01"))).toThrow(/start before/);
  });
});
