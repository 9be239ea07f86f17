import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/billing/decimal";
import type { BalanceRecord, LedgerLine } from "@/lib/services/balances/balance-record";
import { balanceToWire } from "./balances";

// Every ledger line of every kind of balance, under the name Metronome gives it (shared.ts).

const at = new Date("2026-03-01T00:00:00Z");
const line = (type: LedgerLine["type"], extra: Partial<LedgerLine> = {}): LedgerLine => ({ type, amount: new Decimal(-5), timestamp: at, segmentId: "seg", ...extra });
const LINES = [
  line("SEGMENT_START", { amount: new Decimal(100) }),
  line("INVOICE_DEDUCTION", { invoiceId: "inv", contractId: "con" }),
  line("MANUAL", { reason: "why" }),
  line("ROLLOVER", { newContractId: "next" }),
  line("TRUEUP", { invoiceId: "inv" }),
  line("EXPIRATION"),
];

function record(kind: "COMMIT" | "CREDIT", type: "PREPAID" | "POSTPAID" | null): BalanceRecord {
  return {
    id: "b",
    kind,
    type,
    customerId: "c",
    contractId: null,
    name: null,
    description: null,
    product: { id: "p", name: "P" },
    creditType: { id: "usd", name: "USD (cents)" },
    applicableProductIds: [],
    applicableProductTags: [],
    priority: null,
    rolloverFraction: null,
    rolledOverFrom: null,
    recurringId: null,
    customFields: {},
    createdAt: at,
    archivedAt: null,
    accessSchedule: [],
    invoiceSchedule: [],
    ledger: LINES,
  };
}

const T = at.toISOString();
const amount = new Decimal(-5);

describe("ledger entries on the wire", () => {
  it.each([
    [
      "a prepaid commit",
      record("COMMIT", "PREPAID"),
      [
        { type: "PREPAID_COMMIT_SEGMENT_START", amount: new Decimal(100), timestamp: T, segment_id: "seg" },
        { type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount, timestamp: T, segment_id: "seg", invoice_id: "inv", contract_id: "con" },
        { type: "PREPAID_COMMIT_MANUAL", amount, timestamp: T, reason: "why" },
        { type: "PREPAID_COMMIT_ROLLOVER", amount, timestamp: T, segment_id: "seg", new_contract_id: "next" },
        { type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount, timestamp: T, segment_id: "seg", invoice_id: "inv" },
        { type: "PREPAID_COMMIT_EXPIRATION", amount, timestamp: T, segment_id: "seg" },
      ],
    ],
    [
      "a postpaid commit",
      record("COMMIT", "POSTPAID"),
      [
        { type: "POSTPAID_COMMIT_INITIAL_BALANCE", amount: new Decimal(100), timestamp: T },
        { type: "POSTPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount, timestamp: T, segment_id: "seg", invoice_id: "inv", contract_id: "con" },
        { type: "POSTPAID_COMMIT_MANUAL", amount, timestamp: T, reason: "why" },
        { type: "POSTPAID_COMMIT_ROLLOVER", amount, timestamp: T, segment_id: "seg", new_contract_id: "next" },
        { type: "POSTPAID_COMMIT_TRUEUP", amount, timestamp: T, invoice_id: "inv" },
        { type: "POSTPAID_COMMIT_EXPIRATION", amount, timestamp: T },
      ],
    ],
    [
      "a credit",
      record("CREDIT", null),
      [
        { type: "CREDIT_SEGMENT_START", amount: new Decimal(100), timestamp: T, segment_id: "seg" },
        { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount, timestamp: T, segment_id: "seg", invoice_id: "inv", contract_id: "con" },
        { type: "CREDIT_MANUAL", amount, timestamp: T, reason: "why" },
        { type: "CREDIT_ROLLOVER", amount, timestamp: T, segment_id: "seg", new_contract_id: "next" },
        { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount, timestamp: T, segment_id: "seg", invoice_id: "inv" },
        { type: "CREDIT_EXPIRATION", amount, timestamp: T, segment_id: "seg" },
      ],
    ],
  ])("names the entries of %s", (_name, balance, expected) => {
    expect(balanceToWire(balance).ledger).toEqual(expected);
  });
});
