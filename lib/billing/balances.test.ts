import { describe, expect, it } from "vitest";
import { balanceSegments, carriedInto, computeBalances, drawDown, drawOrder, segmentRemaining, type Charge } from "./balances";
import type { AccessScheduleItem, Commit, Credit } from "./contract-terms";
import { ZERO } from "./decimal";
import { USD_CENTS } from "./money";
import { at, contract, d, usageProduct } from "./test-support/builders";
import type { CreditType, LedgerEntry } from "./types";

const api = usageProduct("api", { tags: ["ai"] });
const storage = usageProduct("storage");
const item = (id: string, amount: number, from: string, to: string): AccessScheduleItem => ({
  id,
  amount: d(amount),
  startingAt: at(from),
  endingBefore: at(to),
});
const credit = (id: string, items: AccessScheduleItem[], extra: Partial<Credit> = {}): Credit => ({
  id,
  productId: "fixed",
  accessSchedule: { scheduleItems: items },
  ...extra,
});
const charge = (product = api, amount = 100, when = "2024-01-01", creditType: CreditType = USD_CENTS): Charge => ({
  product,
  creditType,
  at: at(when),
  amount: d(amount),
});
const entry = (commitId: string, segmentId: string, amount: number, when = "2024-01-15", type: LedgerEntry["type"] = "INVOICE_DEDUCTION"): LedgerEntry => ({
  commitId,
  segmentId,
  type,
  amount: d(amount),
  timestamp: at(when),
});

describe("balance segments", () => {
  it("attach ledger entries and never hold less than zero", () => {
    const terms = contract({ credits: [credit("c", [item("s", 100, "2024-01-01", "2024-02-01")])] });
    const [segment] = balanceSegments(terms, [entry("c", "s", -30), entry("c", "s", -90, "2024-01-20", "MANUAL")]);
    expect(segment!.entries).toHaveLength(2);
    expect(segmentRemaining(segment!)).toEqual(ZERO);
    expect(segmentRemaining(segment!, segment!.entries.slice(0, 1))).toEqual(d(70));
  });

  it("refuses ledger entries for unknown segments or finer than the credit type", () => {
    const terms = contract({ credits: [credit("c", [item("s", 100, "2024-01-01", "2024-02-01")])] });
    expect(() => balanceSegments(terms, [entry("c", "nope", -1)])).toThrow(/unknown segment nope of c/);
    expect(() => balanceSegments(terms, [entry("c", "s", -1.5)])).toThrow(/finer than USD \(cents\)/);
  });

  it("order: priority (unset last), soonest expiry, oldest start, then ids", () => {
    const terms = contract({
      credits: [
        credit("unprioritized", [item("a", 1, "2024-01-01", "2024-01-05")]),
        credit("late", [item("a", 1, "2024-01-01", "2024-03-01")], { priority: 1 }),
        credit("soon", [item("a", 1, "2024-01-01", "2024-02-01")], { priority: 1 }),
        credit("newer", [item("a", 1, "2024-01-10", "2024-02-01")], { priority: 1 }),
        credit("first", [item("a", 1, "2024-01-01", "2024-02-01")], { priority: 0 }),
        credit("same", [item("b", 1, "2024-01-01", "2024-02-01"), item("a", 1, "2024-01-01", "2024-02-01")], { priority: 1 }),
      ],
    });
    const order = balanceSegments(terms, []).sort(drawOrder).map((s) => `${s.owner.id}/${s.item.id}`);
    expect(order).toEqual(["first/a", "same/a", "same/b", "soon/a", "newer/a", "late/a", "unprioritized/a"]);
  });
});

describe("drawDown", () => {
  it("spends segments in order on the charges they apply to, never below zero", () => {
    const terms = contract({
      credits: [
        credit("small", [item("s", 30, "2024-01-01", "2024-02-01")], { priority: 1 }),
        credit("big", [item("s", 500, "2024-01-01", "2024-02-01")], { priority: 2, applicableProductIds: ["api"] }),
      ],
    });
    const charges = [charge(api, 100), charge(storage, 50)];
    const draws = drawDown(balanceSegments(terms, []), charges);
    expect(draws.map((x) => [x.segment.owner.id, x.chargeIndex, x.amount.toString()])).toEqual([
      ["small", 0, "30"],
      ["big", 0, "70"],
    ]);
  });

  it("covers charges oldest first, only while the segment is active and in the same credit type", () => {
    const gpu: CreditType = { id: "gpu", name: "GPU", precision: 2 };
    const terms = contract({ credits: [credit("c", [item("s", 150, "2024-01-10", "2024-01-20")])] });
    const charges = [
      charge(api, 100, "2024-01-15"),
      charge(api, 100, "2024-01-10"),
      charge(api, 100, "2024-01-20"), // after the segment expired
      charge(api, 100, "2024-01-09"), // before it started
      charge(api, 100, "2024-01-11", gpu),
      charge(api, 0, "2024-01-10"),
    ];
    const draws = drawDown(balanceSegments(terms, []), charges);
    expect(draws.map((x) => [x.chargeIndex, x.amount.toString()])).toEqual([
      [1, "100"],
      [0, "50"],
    ]);
  });

  it("draws nothing without segments", () => {
    expect(drawDown([], [charge()])).toEqual([]);
  });

  it("uses what the ledger left", () => {
    const terms = contract({ credits: [credit("c", [item("s", 100, "2024-01-01", "2024-03-01")])] });
    const draws = drawDown(balanceSegments(terms, [entry("c", "s", -80)]), [charge(api, 100, "2024-02-01")]);
    expect(draws.map((x) => x.amount.toString())).toEqual(["20"]);
  });
});

describe("computeBalances", () => {
  const prepaid: Commit = {
    id: "commit",
    type: "PREPAID",
    productId: "fixed",
    name: "2024 commit",
    accessSchedule: { scheduleItems: [item("q1", 1000, "2024-01-01", "2024-04-01"), item("q2", 1000, "2024-04-01", "2024-07-01")] },
  };
  const terms = contract({ commits: [prepaid], credits: [credit("promo", [item("p", 50, "2024-01-01", "2024-02-01")])] });
  const ledger = [
    entry("commit", "q1", -300, "2024-02-01"),
    entry("commit", "q1", 100, "2024-02-15", "MANUAL"),
    entry("commit", "q1", -200, "2024-03-01"),
    entry("commit", "q2", -100, "2024-05-01"),
  ];

  it("reports granted, used, remaining and the next expiry at an instant", () => {
    const [commit, promo] = computeBalances(terms, ledger, at("2024-02-20"));
    expect(commit).toMatchObject({ id: "commit", kind: "PREPAID", name: "2024 commit", creditType: USD_CENTS });
    expect([commit!.granted, commit!.used, commit!.remaining].map(String)).toEqual(["1000", "300", "800"]);
    expect(commit!.expiresAt).toEqual(at("2024-04-01"));
    expect(commit!.segments.map((s) => [s.segmentId, s.status, s.adjusted.toString(), s.remaining.toString()])).toEqual([
      ["q1", "ACTIVE", "100", "800"],
      ["q2", "UPCOMING", "0", "0"],
    ]);
    expect(promo).toMatchObject({ kind: "CREDIT", remaining: ZERO });
    expect(promo!.expiresAt).toBeUndefined();
    expect(promo!.segments[0]!.status).toBe("EXPIRED");
  });

  it("moves on as segments expire and start", () => {
    const [commit] = computeBalances(terms, ledger, at("2024-05-15"));
    expect([commit!.granted, commit!.used, commit!.remaining].map(String)).toEqual(["2000", "600", "900"]);
    expect(commit!.expiresAt).toEqual(at("2024-07-01"));
    const [after] = computeBalances(terms, ledger, at("2024-07-01"));
    expect(after!.remaining).toEqual(ZERO);
    expect(after!.expiresAt).toBeUndefined();
  });

  it("reports the soonest expiry among active segments that still hold something", () => {
    const overlapping = contract({
      credits: [credit("c", [item("long", 100, "2024-01-01", "2024-12-01"), item("short", 100, "2024-01-01", "2024-03-01"), item("spent", 100, "2024-01-01", "2024-02-01")])],
    });
    const spent = [entry("c", "spent", -100, "2024-01-02")];
    expect(computeBalances(overlapping, spent, at("2024-01-15"))[0]!.expiresAt).toEqual(at("2024-03-01"));
    const reversed = contract({ credits: [credit("c", [item("short", 100, "2024-01-01", "2024-03-01"), item("long", 100, "2024-01-01", "2024-12-01")])] });
    expect(computeBalances(reversed, [], at("2024-01-15"))[0]!.expiresAt).toEqual(at("2024-03-01"));
  });

  it("starts each balance at zero use and takes a custom credit type", () => {
    const gpu: CreditType = { id: "gpu", name: "GPU", precision: 2 };
    const [balance] = computeBalances(contract({ credits: [credit("g", [item("s", 5, "2024-01-01", "2024-02-01")])] }), [], at("2024-01-01"), gpu);
    expect(balance).toMatchObject({ creditType: gpu, used: ZERO, remaining: d(5) });
  });
});

describe("carriedInto (a roll-forward's opening and closing balances)", () => {
  // A segment of 1000 for January; 300 drawn on the 10th, 200 on the 31st at 23:00.
  const january = item("s", 1000, "2024-01-01", "2024-02-01");
  const ledger = [entry("c", "s", -300, "2024-01-10"), entry("c", "s", -200, "2024-01-31T23:00")];
  it.each([
    ["2023-12-01", "0", "not started yet"],
    ["2024-01-01", "0", "starts at that instant: nothing is carried into it"],
    ["2024-01-01T00:00:00.001", "1000", "started just before"],
    ["2024-01-10", "1000", "a draw at the instant is not carried into it"],
    ["2024-01-10T00:00:00.001", "700", "a draw just before is"],
    ["2024-02-01", "500", "ends at that instant: what it held just before"],
    ["2024-02-01T00:00:00.001", "0", "ended"],
  ])("into %s: %s (%s)", (t, level) => {
    expect(carriedInto(january, ledger, at(t)).toFixed()).toBe(level);
  });

  it("is not floored at zero, so a roll-forward that overdraws shows", () => {
    expect(carriedInto(january, [entry("c", "s", -1200, "2024-01-05")], at("2024-01-20")).toFixed()).toBe("-200");
  });

  it("agrees with computeBalances just before the instant", () => {
    const c = contract({ credits: [credit("c", [january])] });
    for (const t of ["2024-01-05", "2024-01-15", "2024-01-31T23:30"]) {
      const [balance] = computeBalances(c, ledger, new Date(at(t).getTime() - 1));
      expect(carriedInto(january, ledger, at(t)).toFixed()).toBe(balance!.remaining.toFixed());
    }
  });
});
