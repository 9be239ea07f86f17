import { describe, expect, it } from "vitest";
import type { Commit, Credit } from "./contract-terms";
import { planRollover } from "./rollover";
import { at, contract, d, win } from "./test-support/builders";
import type { CreditType, LedgerEntry } from "./types";

const segment = (id: string, amount: number, from: string, to: string) => ({ id, amount: d(amount), startingAt: at(from), endingBefore: at(to) });
const prepaid: Commit = {
  id: "commit",
  type: "PREPAID",
  productId: "fixed",
  name: "2024 commit",
  priority: 3,
  applicableProductTags: ["ai"],
  rolloverFraction: d("0.5"),
  accessSchedule: { scheduleItems: [segment("h1", 1000, "2024-01-01", "2024-07-01"), segment("h2", 1001, "2024-07-01", "2025-01-01")] },
};
const credit: Credit = { id: "credit", productId: "fixed", applicableProductIds: ["api"], rolloverFraction: d(1), accessSchedule: { scheduleItems: [segment("c", 300, "2024-06-01", "2025-06-01")] } };
const renewal = { contractId: "renewal", ...win("2025-01-01", "2026-01-01") };
const ledger: LedgerEntry[] = [{ commitId: "credit", segmentId: "c", type: "INVOICE_DEDUCTION", amount: d(-100), timestamp: at("2024-08-01") }];

describe("planRollover", () => {
  it("carries a fraction of what segments held at the contract's end into one new segment each", () => {
    const terms = contract({
      endingBefore: at("2025-01-01"),
      commits: [prepaid, { ...prepaid, id: "minimum", type: "POSTPAID" }, { ...prepaid, id: "no-rollover", rolloverFraction: undefined }],
      credits: [credit, { ...credit, id: "spent", accessSchedule: { scheduleItems: [segment("s", 0, "2024-01-01", "2025-01-01")] } }],
    });
    const rollover = planRollover(terms, ledger, renewal);
    // h1 expired before the end; half of h2's 1001 is 500.5, rounded half-up to 501.
    expect(rollover.ledgerEntries.map((e) => [e.commitId, e.segmentId, e.type, e.amount.toString(), e.timestamp.toISOString().slice(0, 10), e.reason])).toEqual([
      ["commit", "h2", "ROLLOVER", "-501", "2025-01-01", "rolled over to contract renewal"],
      ["credit", "c", "ROLLOVER", "-200", "2025-01-01", "rolled over to contract renewal"],
    ]);
    expect(rollover.commits).toEqual([
      {
        id: "commit/rollover/renewal",
        type: "PREPAID",
        productId: "fixed",
        name: "2024 commit",
        priority: 3,
        applicableProductTags: ["ai"],
        rolledOverFrom: { commitId: "commit", contractId: "contract" },
        accessSchedule: { scheduleItems: [{ id: "commit/rollover/renewal", amount: d(501), ...win("2025-01-01", "2026-01-01") }] },
      },
    ]);
    expect(rollover.credits).toEqual([
      {
        id: "credit/rollover/renewal",
        productId: "fixed",
        applicableProductIds: ["api"],
        accessSchedule: { scheduleItems: [{ id: "credit/rollover/renewal", amount: d(200), ...win("2025-01-01", "2026-01-01") }] },
      },
    ]);
  });

  it("keeps a custom credit type and needs a contract end", () => {
    const gpu: CreditType = { id: "gpu", name: "GPU", precision: 2 };
    const inGpu = { ...credit, accessSchedule: { ...credit.accessSchedule, creditType: gpu } };
    const rollover = planRollover(contract({ endingBefore: at("2025-01-01"), credits: [inGpu] }), [], renewal);
    expect(rollover.credits[0]!.accessSchedule.creditType).toBe(gpu);
    expect(() => planRollover(contract({ credits: [credit] }), [], renewal)).toThrow(/has no end to roll over from/);
  });
});
