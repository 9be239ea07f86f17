import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregateEvents } from "./aggregation";
import { balanceSegments, drawDown, segmentRemaining, type Charge } from "./balances";
import type { Contract, Credit } from "./contract-terms";
import { Decimal, sum, ZERO } from "./decimal";
import { computeInvoice } from "./invoice";
import { roundLineTotal, USD_CENTS } from "./money";
import { chargeForRange } from "./rate-types";
import { subscriptionCharges } from "./subscriptions";
import { at, contract, d, event, flatRate, index, metric, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { EffectiveRate, Invoice, PriceSpec, Rate, Tier, UsageRecord } from "./types";

/** Invariants that must hold for any input, checked on generated ones (fast-check). */

const RUNS = { numRuns: 200 };

/** A non-negative decimal with up to `scale` places, e.g. 1234.5678. */
const decimal = (max: number, scale = 4) =>
  fc.integer({ min: 0, max: max * 10 ** scale }).map((n) => new Decimal(n).div(10 ** scale));

const tierList = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 1000 }), decimal(50, 3)), { minLength: 0, maxLength: 4 })
  .chain((sized) => decimal(50, 3).map((last): Tier[] => [...sized.map(([size, price]) => ({ size: d(size), price })), { price: last }]));

const amountFor = (spec: PriceSpec, quantity: Decimal, from = ZERO, total = quantity) => chargeForRange(spec, from, quantity, total).amount;

describe("pricing functions", () => {
  it("graduated price is continuous and non-decreasing in quantity", () => {
    fc.assert(
      fc.property(tierList, decimal(5000, 2), decimal(10, 2), (tiers, q, step) => {
        const spec: PriceSpec = { rateType: "TIERED", tiers };
        const maxPrice = Decimal.max(...tiers.map((t) => t.price));
        const delta = amountFor(spec, q.plus(step)).minus(amountFor(spec, q));
        expect(delta.gte(0)).toBe(true);
        expect(delta.lte(step.times(maxPrice))).toBe(true); // no jump bigger than the dearest tier
      }),
      RUNS,
    );
  });

  it("volume total = quantity × the price of the tier the quantity falls into", () => {
    fc.assert(
      fc.property(tierList, decimal(5000, 2), (tiers, q) => {
        let lower = ZERO;
        const tier = tiers.find((t) => {
          const inTier = t.size === undefined || q.lte(lower.plus(t.size));
          lower = lower.plus(t.size ?? 0);
          return inTier;
        })!;
        expect(amountFor({ rateType: "VOLUME", tiers }, q).eq(q.times(tier.price))).toBe(true);
      }),
      RUNS,
    );
  });

  it("FLAT, graduated and package pricing are additive across a split of the period", () => {
    const specs = fc.oneof(
      decimal(100).map((price): PriceSpec => ({ rateType: "FLAT", price })),
      tierList.map((tiers): PriceSpec => ({ rateType: "TIERED", tiers })),
      fc.tuple(decimal(100), fc.integer({ min: 1, max: 50 })).map(([price, size]): PriceSpec => ({ rateType: "PACKAGE", price, packageSize: d(size) })),
    );
    fc.assert(
      fc.property(specs, decimal(5000, 3), decimal(5000, 3), (spec, a, b) => {
        const whole = amountFor(spec, a.plus(b));
        const split = amountFor(spec, a).plus(amountFor(spec, b, a, a.plus(b)));
        expect(split.eq(whole)).toBe(true);
      }),
      RUNS,
    );
  });

  it("FLAT usage split at a mid-period rate boundary bills the same as unsplit (integer prices)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1000 }), (a, b, cents) => {
        const card = index(rateCard([flatRate("p", cents), flatRate("p", cents, "2024-01-16")]), [usageProduct("p")]);
        const invoiceOf = (records: UsageRecord[]) => computeInvoice({ contract: contract(), rateCard: card, period: win("2024-01-01", "2024-02-01"), usage: records }).total;
        const split = invoiceOf([usage("p", a, win("2024-01-01", "2024-01-16")), usage("p", b, win("2024-01-16", "2024-02-01"))]);
        expect(split.eq(d(a + b).times(cents))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe("draw-down", () => {
  const segmentArb = fc.record({
    amount: fc.integer({ min: 0, max: 5000 }),
    priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    startDay: fc.integer({ min: 1, max: 20 }),
    days: fc.integer({ min: 1, max: 20 }),
    onlyAi: fc.boolean(),
    used: fc.integer({ min: 0, max: 6000 }),
  });
  const chargeArb = fc.record({ day: fc.integer({ min: 1, max: 28 }), amount: fc.integer({ min: 0, max: 3000 }), ai: fc.boolean() });
  const ai = usageProduct("ai", { tags: ["ai"] });
  const other = usageProduct("other");
  const day = (n: number) => at(`2024-01-${String(n).padStart(2, "0")}`);

  it("conserves money and never overdraws: spend = billed + drawn, no balance below zero", () => {
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 5 }), fc.array(chargeArb, { maxLength: 12 }), (segs, rawCharges) => {
        const credits: Credit[] = segs.map((s, i) => ({
          id: `c${i}`,
          productId: "fixed",
          ...(s.priority === undefined ? {} : { priority: s.priority }),
          ...(s.onlyAi ? { applicableProductIds: ["ai"] } : {}),
          accessSchedule: { scheduleItems: [{ id: "s", amount: d(s.amount), startingAt: day(s.startDay), endingBefore: new Date(day(s.startDay).getTime() + s.days * 86_400_000) }] },
        }));
        const ledger = segs.map((s, i) => ({ commitId: `c${i}`, segmentId: "s", type: "INVOICE_DEDUCTION" as const, amount: d(-s.used), timestamp: day(1) }));
        const segments = balanceSegments(contract({ credits }), ledger);
        const charges: Charge[] = rawCharges.map((c) => ({ product: c.ai ? ai : other, creditType: USD_CENTS, at: day(c.day), amount: d(c.amount) }));
        const draws = drawDown(segments, charges);

        const drawnPerCharge = charges.map((_, i) => sum(draws.filter((x) => x.chargeIndex === i).map((x) => x.amount)));
        const billed = charges.map((c, i) => c.amount.minus(drawnPerCharge[i]!));
        expect(sum(charges.map((c) => c.amount)).eq(sum(billed).plus(sum(draws.map((x) => x.amount))))).toBe(true);
        for (const left of billed) expect(left.gte(0)).toBe(true);
        for (const segment of segments) {
          const drawn = sum(draws.filter((x) => x.segment === segment).map((x) => x.amount));
          expect(drawn.lte(segmentRemaining(segment))).toBe(true);
        }
        for (const x of draws) expect(x.amount.gt(0)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("subscriptions", () => {
  it("a prorated subscription over a whole period costs exactly the unprorated price", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 500 }),
        decimal(100000, 2),
        fc.constantFrom("MONTHLY", "QUARTERLY", "ANNUAL"),
        fc.constantFrom("ADVANCE", "ARREARS"),
        (month, dayOfMonth, seats, price, billingFrequency, collectionSchedule) => {
          const start = new Date(Date.UTC(2023, month, Math.min(dayOfMonth, 28)));
          const terms = contract({ startingAt: start });
          const rate: EffectiveRate = { spec: { rateType: "SUBSCRIPTION", price }, creditType: USD_CENTS };
          const months = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12 }[billingFrequency];
          const end = new Date(Date.UTC(2023, month + months, Math.min(dayOfMonth, 28)));
          const charges = subscriptionCharges(
            { id: "s", productId: "s", billingFrequency, collectionSchedule, proration: { isProrated: true }, quantitySchedule: [{ quantity: d(seats), startingAt: start }] },
            terms,
            { startingAt: start, endingBefore: end },
            () => rate,
          );
          expect(charges).toHaveLength(1);
          expect(charges[0]!.amount.eq(price.times(seats))).toBe(true);
          expect(charges[0]!.isProrated).toBe(false);
        },
      ),
      RUNS,
    );
  });
});

describe("invoices", () => {
  const products = [
    usageProduct("flat", { tags: ["ai"] }),
    usageProduct("tiered", { pricingGroupKey: ["model"] }),
    usageProduct("volume"),
    usageProduct("package"),
    product("support", "COMPOSITE", { compositeTags: ["ai"] }),
    product("seats", "SUBSCRIPTION"),
    product("fixed", "FIXED"),
  ];
  const rates: Rate[] = [
    flatRate("flat", "0.37"),
    flatRate("flat", "0.41", "2024-01-16"),
    { productId: "tiered", rateType: "TIERED", tiers: [{ size: d(100), price: d("1.5") }, { price: d("0.7") }], startingAt: at("2024-01-01"), entitled: true },
    { productId: "volume", rateType: "VOLUME", tiers: [{ size: d(50), price: d(3) }, { price: d("2.25") }], startingAt: at("2024-01-01"), entitled: true },
    { productId: "package", rateType: "PACKAGE", price: d(99), packageSize: d(7), startingAt: at("2024-01-01"), entitled: true },
    { productId: "support", rateType: "PERCENTAGE", price: d("0.125"), minimum: d(10), startingAt: at("2024-01-01"), entitled: true },
    { productId: "seats", rateType: "SUBSCRIPTION", price: d(1999), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true },
  ];
  const card = index(rateCard(rates), products);
  const HALVES = [win("2024-01-01", "2024-01-16"), win("2024-01-16", "2024-02-01")];

  const scenario = fc.record({
    quantities: fc.array(fc.tuple(fc.constantFrom("flat", "tiered", "volume", "package"), fc.integer({ min: 0, max: 1 }), decimal(500, 3), fc.constantFrom("a", "b")), { maxLength: 12 }),
    credit: fc.integer({ min: 0, max: 5000 }),
    prepaid: fc.integer({ min: 0, max: 5000 }),
    minimum: fc.integer({ min: 0, max: 20000 }),
    discount: fc.integer({ min: 0, max: 100 }),
    goodwill: fc.integer({ min: 0, max: 10000 }),
    seats: fc.integer({ min: 0, max: 3 }),
  });

  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  function bill(s: Scenario, shuffle = false): Invoice {
    const month = { startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") };
    const terms: Contract = contract({
      endingBefore: at("2024-02-01"),
      credits: [{ id: "credit", productId: "fixed", priority: 1, accessSchedule: { scheduleItems: [{ id: "c", amount: d(s.credit), ...HALVES[0]! }] } }],
      commits: [
        { id: "prepaid", type: "PREPAID", productId: "fixed", applicableProductTags: ["ai"], accessSchedule: { scheduleItems: [{ id: "p", amount: d(s.prepaid), ...month }] } },
        { id: "minimum", type: "POSTPAID", productId: "fixed", accessSchedule: { scheduleItems: [{ id: "m", amount: d(s.minimum), ...month }] } },
      ],
      percentageDiscounts: [{ id: "off", name: "off", fraction: d(s.discount).div(100), applicableProductIds: ["tiered"], startingAt: at("2024-01-01") }],
      scheduledCharges: [{ id: "goodwill", productId: "fixed", schedule: { scheduleItems: [{ timestamp: at("2024-01-05"), amount: d(-s.goodwill) }] } }],
      subscriptions: [{ id: "team", productId: "seats", billingFrequency: "MONTHLY", collectionSchedule: "ARREARS", proration: { isProrated: true }, quantitySchedule: [{ quantity: d(s.seats), startingAt: at("2024-01-01") }, { quantity: d(1), startingAt: at("2024-01-21T07:00") }] }],
    });
    // The rate change and the credit's segment both cut the month on the 16th: records are per half.
    const records = s.quantities.map(([productId, half, quantity, model]) =>
      usage(productId, quantity, HALVES[half]!, productId === "tiered" ? { model } : {}),
    );
    return computeInvoice({ contract: terms, rateCard: card, period: month, usage: shuffle ? [...records].reverse() : records });
  }

  it("total = sum of lines; nothing is negative but adjustments, which never exceed what they offset", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const invoice = bill(s);
        expect(invoice.total.eq(sum(invoice.lines.map((l) => l.total)))).toBe(true);
        expect(invoice.total.gte(0)).toBe(true);
        expect(invoice.subtotal.gte(invoice.total)).toBe(true);
        for (const line of invoice.lines) {
          const adjustment = line.type === "DISCOUNT" || line.type === "APPLIED_COMMIT_OR_CREDIT";
          expect(adjustment ? line.total.lte(0) : line.total.gte(0)).toBe(true);
          expect(line.total.isNegative() && line.total.isZero()).toBe(false); // never −0
          expect(line.total.eq(roundLineTotal(line.total, line.creditType))).toBe(true);
          if (line.quantity !== undefined) expect(line.quantity.gte(0)).toBe(true);
        }
        for (const entry of invoice.ledgerEntries) expect(entry.amount.lte(0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("does not depend on the order usage records arrive in", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(bill(s, true)).toEqual(bill(s));
      }),
      { numRuns: 50 },
    );
  });
});

describe("aggregation", () => {
  const eventArb = fc.record({
    id: fc.uuid(),
    hour: fc.integer({ min: 0, max: 24 * 40 }),
    value: fc.integer({ min: 0, max: 1000 }),
    region: fc.constantFrom("eu", "us", undefined),
    type: fc.constantFrom("call", "login"),
  });

  it("does not depend on the order of events", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.constantFrom("COUNT", "SUM", "MAX", "UNIQUE", "LATEST"), (raw, type) => {
        const events = raw.map((e) =>
          event(e.id, new Date(at("2024-01-01").getTime() + e.hour * 3_600_000).toISOString().slice(0, 16), { value: e.value, region: e.region }, e.type),
        );
        const m = metric("m", type as never, { eventTypeFilter: { inValues: ["call"] } });
        const january = win("2024-01-01", "2024-02-01");
        const forward = aggregateEvents(m, events, january, ["region"]);
        expect(aggregateEvents(m, [...events].reverse(), january, ["region"])).toEqual(forward);
        expect(aggregateEvents(m, [...events].sort((a, b) => a.transactionId.localeCompare(b.transactionId)), january, ["region"])).toEqual(forward);
      }),
      RUNS,
    );
  });
});
