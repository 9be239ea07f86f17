import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decimal, sum } from "@/lib/billing/decimal";
import type { Database } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import { queryUsage } from "@/lib/metering/usage-query";
import { loadPricingContext } from "@/lib/services/billing/pricing-context";
import type { ServiceContext } from "@/lib/services/context";
import { computeOpenDrafts } from "@/lib/services/invoices/open-drafts";
import { seedDemoIfEmpty } from "@/lib/seed/demo-seed";
import { billingScenario, NOW as SCENARIO_NOW } from "@/lib/test-support/billing-scenario";
import { settleBillingState } from "@/lib/test-support/billing-state";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { getCustomerOverview } from "./get-customer-overview";
import { getOverview } from "./get-overview";
import { listCustomerStandings } from "./list-customer-standings";

// The console's Overview and customer-page figures on the demo seed, once the billing-state job
// has settled, checked against what the live services compute for each customer: the drafts
// priced now, the usage query, the raw events.

const NOW = new Date("2026-05-14T15:20:00Z");
const viewer = (db: Database): ServiceContext => ({ db: db.prisma, actor: { type: "user", id: "u-viewer", name: "Vic", role: "viewer" } });

describeEachDatabase("console overview", (kind) => {
  let db: Database;
  let customers: { id: string; name: string }[];

  beforeAll(async () => {
    db = await freshDatabase(kind);
    await seedDemoIfEmpty(db.prisma, NOW);
    await settleBillingState(db.prisma, NOW);
    customers = await db.prisma.customer.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  });
  afterAll(() => db.close());

  const currentDrafts = async (customerId: string) =>
    (await computeOpenDrafts(db.prisma, customerId, NOW)).filter((d) => d.invoice.startingAt <= NOW && NOW < d.invoice.endingBefore);

  it("sums this period's live drafts by product and by customer, and any role may read it", async () => {
    const overview = await getOverview(viewer(db), {}, NOW);
    const [usd] = overview.revenue.creditTypes;
    expect(overview.revenue.creditTypes).toHaveLength(1);
    expect(usd!.creditType.name).toBe("USD (cents)");
    expect(overview.revenue.unpriced).toEqual([]);

    let total = new Decimal(0);
    for (const customer of customers) {
      const drafts = await currentDrafts(customer.id);
      const invoiced = sum(drafts.map((d) => d.invoice.total));
      total = total.plus(invoiced);
      expect(usd!.byCustomer.find((c) => c.id === customer.id)?.total).toBe(invoiced.toFixed());
    }
    expect(usd!.total).toBe(total.toFixed());
    expect(sum(usd!.byProduct.map((p) => new Decimal(p.amount))).toFixed()).toBe(usd!.charges);
    expect(sum(usd!.byCustomer.map((c) => new Decimal(c.charges))).toFixed()).toBe(usd!.charges);
    expect(new Decimal(usd!.charges).minus(usd!.applied).toFixed()).toBe(usd!.total);
    // Largest first; the demo bills tokens, requests, GPU time, seats and support.
    const amounts = usd!.byProduct.map((p) => new Decimal(p.amount));
    expect(amounts.every((a, i) => i === 0 || a.lte(amounts[i - 1]!))).toBe(true);
    expect(usd!.byProduct.map((p) => p.name)).toEqual(expect.arrayContaining(["Model tokens", "GPU compute", "Team seats"]));
  });

  it("says how fresh its figures are", async () => {
    const overview = await getOverview(viewer(db), {}, NOW);
    expect(overview.freshness).toEqual({ asOf: NOW.toISOString(), pending: 0 });
  });

  it("charts every metric's usage from the rollups over the chosen range", async () => {
    const week = await getOverview(viewer(db), { range: "7d" }, NOW);
    expect(week.usage.windowSize).toBe("DAY");
    expect(week.usage.buckets).toHaveLength(7);
    expect(week.usage.buckets.at(-1)).toBe("2026-05-14T00:00:00.000Z");
    expect(week.usage.metrics.map((m) => m.name)).toEqual(["API requests", "GPU hours", "Tokens"]);

    const tokens = week.usage.metrics.find((m) => m.name === "Tokens")!;
    const metric = [...(await loadPricingContext(db.prisma, (await db.prisma.rateCard.findFirstOrThrow()).id, [], NOW)).metrics.values()].find((m) => m.name === "Tokens")!;
    let expected = new Decimal(0);
    for (const customer of customers) {
      const [bucket] = await queryUsage(db.prisma, { customerId: customer.id, metric, startingOn: new Date(week.usage.buckets[0]!), endingBefore: NOW, windowSize: "NONE" });
      expected = expected.plus(sum(bucket!.groups.map((g) => g.value)));
    }
    expect(tokens.total).toBe(expected.toFixed());
    expect(expected.gt(0)).toBe(true);

    const day = await getOverview(viewer(db), { range: "24h" }, NOW);
    expect(day.usage.windowSize).toBe("HOUR");
    expect(day.usage.buckets).toHaveLength(24);
    expect((await getOverview(viewer(db), { range: "30d" }, NOW)).usage.buckets).toHaveLength(30);
  });

  it("lists the commits and credits running low, and the events of the last hour per minute", async () => {
    const overview = await getOverview(viewer(db), {}, NOW);
    const helios = customers.find((c) => c.name === "Helios Labs")!;
    expect(overview.balances.tracked).toBe(2);
    expect(overview.balances.lowCount).toBe(1);
    // The onboarding credit is drawn first (priority 0) and is spent within the first month.
    expect(overview.balances.low).toEqual([
      expect.objectContaining({ name: "Onboarding credit", kind: "CREDIT", customer: helios, granted: "50000", remaining: "0", remainingPercent: "0.0" }),
    ]);
    expect(overview.events.perMinute).toHaveLength(61);
    expect(overview.events.perMinute.at(-1)!.minute).toBe("2026-05-14T15:20:00.000Z");
    const perMinute = overview.events.perMinute.reduce((n, m) => n + m.count, 0);
    const direct = await db.prisma.usageEvent.count({ where: { timestamp: { gte: new Date("2026-05-14T14:20:00Z"), lt: NOW } } });
    expect(perMinute).toBe(direct);
    expect(overview.events.customers.map((c) => c.name).sort()).toEqual(customers.map((c) => c.name));
  });

  it("refuses an unknown range with a 400 naming it", async () => {
    await expect(getOverview(viewer(db), { range: "1y" }, NOW)).rejects.toMatchObject({ code: "bad_request", fields: { range: expect.any(String) } });
    await expect(getOverview(viewer(db), { range: "1y" }, NOW)).rejects.toBeInstanceOf(AppError);
  });

  it("gives the customer page its contracts, invoices, usage and balances with ledgers that add up", async () => {
    const helios = customers.find((c) => c.name === "Helios Labs")!;
    const page = await getCustomerOverview(viewer(db), helios.id, NOW);
    expect(page.pricingError).toBeNull();
    expect(page.contracts.map((c) => c.name)).toEqual(["Annual prepaid commitment"]);
    const drafts = await computeOpenDrafts(db.prisma, helios.id, NOW);
    expect(page.drafts.map((d) => d.id)).toEqual(drafts.map((d) => d.id));
    expect(page.drafts.map((d) => d.total.toFixed())).toEqual(drafts.map((d) => d.invoice.total.toFixed()));
    expect(page.usage!.windowSize).toBe("DAY");
    expect(page.usage!.buckets).toHaveLength(31);
    const tokens = page.usage!.metrics.find((m) => m.name === "Tokens")!;
    expect(tokens.products).toEqual(["Model tokens"]);
    expect(tokens.values.slice(14).every((v) => v === null)).toBe(true);
    expect(tokens.total!.gt(0)).toBe(true);

    expect(page.balances.map((b) => b.name).sort()).toEqual(["2026 prepaid commitment", "Onboarding credit"]);
    for (const balance of page.balances) {
      expect(sum(balance.ledger!.map((e) => e.amount)).toFixed()).toBe(balance.remaining.toFixed());
      expect(balance.granted.minus(balance.used).toFixed()).toBe(balance.remaining.toFixed());
    }
    const draws = page.balances.flatMap((b) => b.ledger!).filter((e) => e.type === "INVOICE_DEDUCTION");
    expect(draws.length).toBeGreaterThan(0);
    expect(draws.every((e) => page.drafts.some((d) => d.id === e.invoiceId))).toBe(true);
  });

  it("gives the customer list each customer's spend and what its balances have left", async () => {
    const overview = await getOverview(viewer(db), {}, NOW);
    const standings = await listCustomerStandings(viewer(db), customers.map((c) => c.id));
    for (const customer of customers) {
      const standing = standings.get(customer.id)!;
      if (!standing.ok) throw new Error(standing.message);
      expect(standing.spend.map((s) => s.charges.toFixed())).toEqual([overview.revenue.creditTypes[0]!.byCustomer.find((c) => c.id === customer.id)!.charges]);
    }
    const helios = standings.get(customers.find((c) => c.name === "Helios Labs")!.id)!;
    expect(helios.ok && helios.remaining.map((r) => r.granted.toFixed())).toEqual(["1550000"]);
  });
});

describe("console overview on an empty database", () => {
  it("has nothing to chart and says so with empty lists, not errors", async () => {
    const db = await freshDatabase("pglite");
    try {
      const overview = await getOverview(viewer(db), {}, NOW);
      expect(overview.revenue).toEqual({ creditTypes: [], unpriced: [], unpricedCount: 0 });
      expect(overview.usage.metrics).toEqual([]);
      expect(overview.balances).toEqual({ tracked: 0, lowCount: 0, low: [] });
      expect(overview.freshness).toEqual({ asOf: null, pending: 0 });
      expect(overview.events.customers).toEqual([]);
      expect(overview.events.perMinute.every((m) => m.count === 0)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

// The same figures on a scenario whose numbers are worked out by hand (billing-scenario.ts), so
// the overview is checked against arithmetic, not against the services it is built from.
describeEachDatabase("console overview, hand-computed", (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    await billingScenario(db.prisma);
    await settleBillingState(db.prisma, SCENARIO_NOW);
  });
  afterAll(() => db.close());

  it("sums March's charges (500 + 1000 API calls, 2500 + 1400 tokens), what the credit and commit took off (1500) and the total (3900)", async () => {
    const overview = await getOverview(viewer(db), {}, SCENARIO_NOW);
    const [usd] = overview.revenue.creditTypes;
    expect([usd!.charges, usd!.applied, usd!.total]).toEqual(["5400", "1500", "3900"]);
    expect(usd!.byProduct.map((p) => [p.name, p.amount])).toEqual([
      ["Tokens", "3900"],
      ["API calls", "1500"],
    ]);
    expect(usd!.byCustomer.map((c) => [c.name, c.charges, c.total])).toEqual([["Acme", "5400", "3900"]]);
    // The trial credit ended on Mar 10; the prepaid commit has 4000 − 1000 left, not low.
    expect([overview.balances.tracked, overview.balances.lowCount]).toEqual([1, 0]);
  });
});
