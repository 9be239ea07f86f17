import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { billingScenario, MAR, APR, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { listUsageGroups } from "./list-usage";
import { refusal } from "@/lib/test-support/refusal";

// POST /v1/usage/groups with current_period: the window is the customer's current billing period
// (the scenario's March), exactly as if it had been given.

describeEachDatabase("usage groups", (kind) => {
  let db: Database;
  let s: BillingScenario;
  let tokens: string;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
    tokens = (await db.prisma.billableMetric.findFirstOrThrow({ where: { name: "Tokens" } })).id;
  });
  afterAll(() => db.close());

  const rows = (result: Awaited<ReturnType<typeof listUsageGroups>>) =>
    result.data.map((r) => [r.startingOn.toISOString(), r.group.region, r.value?.toFixed() ?? null]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));

  it("reads the current billing period when asked for current_period", async () => {
    const current = await listUsageGroups(s.ctx, { customer_id: s.customerId, billable_metric_id: tokens, window_size: "NONE", current_period: true, group_key: ["region"] }, NOW);
    expect(rows(current)).toEqual([
      [MAR.toISOString(), "apac", "0"],
      [MAR.toISOString(), "eu", "700"],
      [MAR.toISOString(), "us", "1500"],
    ]);
    const explicit = await listUsageGroups(s.ctx, { customer_id: s.customerId, billable_metric_id: tokens, window_size: "NONE", starting_on: MAR.toISOString(), ending_before: APR.toISOString(), group_key: ["region"] }, NOW);
    expect(rows(current)).toEqual(rows(explicit));
  });

  it("refuses current_period with explicit dates, and for an uncontracted customer", async () => {
    const both = await refusal(listUsageGroups(s.ctx, { customer_id: s.customerId, billable_metric_id: tokens, window_size: "DAY", current_period: true, starting_on: MAR.toISOString(), ending_before: APR.toISOString() }, NOW));
    expect([both.status, Object.keys(both.fields ?? {})]).toEqual([400, ["current_period"]]);
    const neither = await refusal(listUsageGroups(s.ctx, { customer_id: s.customerId, billable_metric_id: tokens, window_size: "DAY" }, NOW));
    expect(neither.status).toBe(400);
    const nobody = await db.prisma.customer.create({ data: { name: "Uncontracted" } });
    const uncontracted = await refusal(listUsageGroups(s.ctx, { customer_id: nobody.id, billable_metric_id: tokens, window_size: "DAY", current_period: true }, NOW));
    expect([uncontracted.status, uncontracted.fields]).toEqual([400, { current_period: "The customer is uncontracted" }]);
  });
});
