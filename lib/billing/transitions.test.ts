import { describe, expect, it } from "vitest";
import { planRollover } from "./rollover";
import { at, contract, d, win } from "./test-support/builders";
import { transitionEnd } from "./transitions";
import type { LedgerEntry } from "./types";

const span = (from: string, to?: string) => ({ startingAt: at(from), ...(to ? { endingBefore: at(to) } : {}) });

describe("transitionEnd", () => {
  it("a RENEWAL joins a contract that ends where the new one starts, and changes nothing of it", () => {
    expect(transitionEnd("RENEWAL", span("2025-01-01", "2026-01-01"), span("2026-01-01", "2027-01-01"))).toEqual(at("2026-01-01"));
  });

  it("a RENEWAL is refused when the previous contract ends elsewhere or never", () => {
    expect(() => transitionEnd("RENEWAL", span("2025-01-01", "2026-03-01"), span("2026-01-01"))).toThrow(
      "a RENEWAL starts where the previous contract ends, and that one ends 2026-03-01; start this contract then, or use SUPERSEDE to end that one at this one's start",
    );
    expect(() => transitionEnd("RENEWAL", span("2025-01-01"), span("2026-01-01"))).toThrow(/and that one has no end;/);
  });

  it("a SUPERSEDE brings a later end, or no end, forward to the new start; an earlier end stays", () => {
    // Signed for a year, replaced after four months and a half: the old one ends 2025-05-15.
    expect(transitionEnd("SUPERSEDE", span("2025-01-01", "2026-01-01"), span("2025-05-15T12:00"))).toEqual(at("2025-05-15T12:00"));
    expect(transitionEnd("SUPERSEDE", span("2025-01-01"), span("2025-05-15"))).toEqual(at("2025-05-15"));
    expect(transitionEnd("SUPERSEDE", span("2025-01-01", "2025-03-01"), span("2025-05-15"))).toEqual(at("2025-03-01"));
  });

  it("neither takes over from a contract that starts at or after the new one", () => {
    expect(() => transitionEnd("SUPERSEDE", span("2025-05-15"), span("2025-05-15"))).toThrow("the new contract must start after the previous one (which starts 2025-05-15) to take over from it");
    expect(() => transitionEnd("RENEWAL", span("2026-01-01", "2027-01-01"), span("2025-01-01", "2026-01-01"))).toThrow(/must start after the previous one/);
  });
});

describe("a superseded contract's rollover (planRollover at the end transitionEnd sets)", () => {
  it("carries the fraction of what is left at the new end, not at the one signed", () => {
    // A 12,000¢ prepaid commit for 2025, rollover 0.5; 7,000¢ drawn by 2025-05-15, when a new
    // contract supersedes it. Left: 5,000¢; half rolls over: 2,500¢ from 2025-05-15 to the new end.
    const end = transitionEnd("SUPERSEDE", span("2025-01-01", "2026-01-01"), span("2025-05-15", "2026-05-15"));
    const old = contract({
      endingBefore: end,
      commits: [{ id: "annual", type: "PREPAID", productId: "fixed", rolloverFraction: d("0.5"), accessSchedule: { scheduleItems: [{ id: "s", amount: d(12000), ...win("2025-01-01", "2026-01-01") }] } }],
    });
    const ledger: LedgerEntry[] = [{ commitId: "annual", segmentId: "s", type: "INVOICE_DEDUCTION", amount: d(-7000), timestamp: at("2025-05-01") }];
    const rollover = planRollover(old, ledger, { contractId: "next", ...win("2025-05-15", "2026-05-15") });
    expect(rollover.ledgerEntries.map((e) => [e.amount.toString(), e.timestamp.toISOString()])).toEqual([["-2500", "2025-05-15T00:00:00.000Z"]]);
    expect(rollover.commits.map((c) => [c.accessSchedule.scheduleItems[0]!.amount.toString(), c.accessSchedule.scheduleItems[0]!.startingAt.toISOString()])).toEqual([["2500", "2025-05-15T00:00:00.000Z"]]);
  });
});
