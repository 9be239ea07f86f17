import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { archiveAlert } from "@/lib/services/alerts/archive-alert";
import { createAlert } from "@/lib/services/alerts/create-alert";
import { getCustomerAlert } from "@/lib/services/alerts/get-customer-alert";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { listCustomerAlerts } from "@/lib/services/alerts/list-customer-alerts";
import { resetCustomerAlert } from "@/lib/services/alerts/reset-customer-alert";
import type { TCreateAlert } from "@/lib/services/alerts/schemas";
import { addManualLedgerEntry } from "@/lib/services/balances/add-manual-ledger-entry";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { readPortalAlerts } from "@/lib/services/portal/portal-alerts";
import { billingScenario, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { settleBillingState } from "@/lib/test-support/billing-state";
import { refusal } from "@/lib/test-support/refusal";

// The scenario at NOW (Mar 15): the trial credit has expired (0 left), the prepaid commit holds
// 3000; March's draft bills 5400 of usage (API calls 1500, tokens 3900) and totals 3900 after
// the balances; 150 API calls so far, 1500 tokens in region "us". See billing-scenario.ts.

const NOBODY = "00000000-0000-4000-8000-000000000000";
const APRIL = new Date("2026-04-01T01:00:00Z");

describeEachDatabase("alerts", (kind) => {
  let db: Database;
  let s: BillingScenario;
  let callsMetric: string;
  let tokensMetric: string;
  let seen = 0;
  const ids: Record<string, string> = {};

  /** The outbox events written since the last call, as "type alert-name status". */
  async function newNotifications(): Promise<string[]> {
    const rows = await db.prisma.outboxEvent.findMany({ where: { type: { startsWith: "alerts." } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const fresh = rows.slice(seen);
    seen = rows.length;
    return fresh.map((r) => `${r.type} ${(r.payload as { alert_name: string }).alert_name}`).sort();
  }
  const status = async (alertId: string, customerId = s.customerId) =>
    (await db.prisma.customerAlertState.findUnique({ where: { customerId_alertId: { customerId, alertId } } }))?.status ?? null;
  const lastValue = async (alertId: string) => (await db.prisma.customerAlertState.findUnique({ where: { customerId_alertId: { customerId: s.customerId, alertId } } }))?.lastValue?.toString();
  const create = async (input: Partial<TCreateAlert> & Pick<TCreateAlert, "alert_type" | "name" | "threshold">) =>
    (ids[input.name] = (await createAlert(s.ctx, { customer_id: s.customerId, ...input }, NOW)).id);
  const ingest = (events: { id: string; type: string; at: string; customer?: string }[], now = NOW) =>
    ingestEvents(
      s.ctx,
      events.map((e) => ({ transaction_id: e.id, customer_id: e.customer ?? "acme", event_type: e.type, timestamp: e.at })),
      { now, backdateDays: 60 },
    );

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
    const metrics = await db.prisma.billableMetric.findMany({ select: { id: true, name: true } });
    callsMetric = metrics.find((m) => m.name === "API calls")!.id;
    tokensMetric = metrics.find((m) => m.name === "Tokens")!.id;
    await settle(NOW);
  });
  afterAll(() => db.close());

  /** The server's billing-state job until nothing waits; how many customers it refreshed (and evaluated). */
  const settle = (at: Date) => settleBillingState(db.prisma, at);

  it("refuses bad alerts with a 4xx and writes nothing", async () => {
    const before = await db.prisma.alert.count();
    const cases: [Partial<TCreateAlert>, number, string][] = [
      [{ alert_type: "nonsense_reached" as never }, 400, "alert_type"],
      [{ alert_type: "low_remaining_seat_balance_reached" as never }, 400, "alert_type"],
      [{ alert_type: "usage_threshold_reached" }, 400, "billable_metric_id"],
      [{ alert_type: "spend_threshold_reached", billable_metric_id: callsMetric }, 400, "billable_metric_id"],
      [{ alert_type: "spend_threshold_reached", customer_id: NOBODY }, 404, ""],
      [{ alert_type: "usage_threshold_reached", billable_metric_id: NOBODY }, 404, "billable_metric_id"],
      [{ alert_type: "usage_threshold_reached", billable_metric_id: tokensMetric, group_values: [{ key: "colour", value: "red" }] }, 400, "group_values"],
      [{ alert_type: "low_credit_balance_reached", group_values: [{ key: "region", value: "us" }] }, 400, "group_values"],
      [{ alert_type: "low_credit_balance_reached", threshold: -1 }, 400, "threshold"],
      [{ alert_type: "low_credit_balance_reached", credit_type_id: NOBODY }, 404, "credit_type_id"],
      [{ alert_type: "low_credit_balance_reached", credit_grant_type_filters: ["enterprise"] }, 400, "credit_grant_type_filters"],
    ];
    for (const [input, code, field] of cases) {
      const error = await refusal(createAlert(s.ctx, { name: "Bad", threshold: 10, customer_id: s.customerId, ...input } as TCreateAlert, NOW));
      expect([input, error.status]).toEqual([input, code]);
      if (field) expect(Object.keys(error.fields ?? {})).toContain(field);
    }
    const viewer = { ...s.ctx, actor: { type: "user" as const, id: NOBODY, name: "Viewer", role: "viewer" as const } };
    expect((await refusal(createAlert(viewer, { alert_type: "spend_threshold_reached", name: "Mine", threshold: 1 }))).status).toBe(403);
    await create({ alert_type: "spend_threshold_reached", name: "Keyed", threshold: 1, uniqueness_key: "k-1", evaluate_on_create: false });
    expect((await refusal(createAlert(s.ctx, { alert_type: "spend_threshold_reached", name: "Again", threshold: 1, uniqueness_key: "k-1" }))).status).toBe(409);
    await archiveAlert(s.ctx, { id: ids.Keyed!, release_uniqueness_key: true });
    expect(await db.prisma.alert.count()).toBe(before + 1);
  });

  it("balance alerts go in alarm at or below the threshold and back to ok, one notification per change", async () => {
    await create({ alert_type: "low_remaining_commit_balance_reached", name: "Commit", threshold: 3000 });
    await create({ alert_type: "low_credit_balance_reached", name: "Credit", threshold: 0 });
    await create({ alert_type: "low_remaining_contract_credit_and_commit_balance_reached", name: "Both", threshold: 3000 });
    expect(await status(ids.Commit!)).toBe("evaluating");

    await settle(NOW);
    expect([await status(ids.Commit!), await status(ids.Credit!), await status(ids.Both!)]).toEqual(["in_alarm", "in_alarm", "in_alarm"]);
    expect([await lastValue(ids.Commit!), await lastValue(ids.Credit!), await lastValue(ids.Both!)]).toEqual(["3000", "0", "3000"]);
    expect(await newNotifications()).toEqual([
      "alerts.low_remaining_commit_balance_reached Commit",
      "alerts.low_remaining_contract_credit_and_commit_balance_reached Both",
      "alerts.low_remaining_credit_balance_reached Credit",
    ]);
    const payload = (await db.prisma.outboxEvent.findFirst({ where: { type: "alerts.low_remaining_commit_balance_reached" } }))!.payload;
    expect(payload).toMatchObject({ customer_id: s.customerId, alert_id: ids.Commit, threshold: "3000", remaining_balance: "3000", status: "in_alarm" });

    // Nothing changed: nothing evaluated, nothing announced.
    expect(await settle(NOW)).toBe(0);
    expect(await newNotifications()).toEqual([]);

    // A manual entry is audited with the customer: the next pass sees the commit at 4000.
    await addManualLedgerEntry(s.ctx, { customer_id: s.customerId, contract_id: s.contractId, id: s.commitId, segment_id: s.commitSegmentId, amount: 1000, reason: "Goodwill" }, NOW);
    expect(await settle(NOW)).toBe(1);
    expect([await status(ids.Commit!), await status(ids.Credit!), await status(ids.Both!)]).toEqual(["ok", "in_alarm", "ok"]);
    expect(await newNotifications()).toEqual([
      "alerts.low_remaining_commit_balance_reached.resolved Commit",
      "alerts.low_remaining_contract_credit_and_commit_balance_reached.resolved Both",
    ]);
    await settle(NOW);
    expect(await newNotifications()).toEqual([]);
  });

  it("spend, monthly invoice and usage alerts follow new events, and reset when the period turns", async () => {
    await create({ alert_type: "spend_threshold_reached", name: "Spend", threshold: 5500 });
    await create({ alert_type: "monthly_invoice_total_spend_threshold_reached", name: "Monthly", threshold: 3900 });
    await create({ alert_type: "usage_threshold_reached", name: "Calls", threshold: 160, billable_metric_id: callsMetric });
    await create({ alert_type: "usage_threshold_reached", name: "US tokens", threshold: 1500, billable_metric_id: tokensMetric, group_values: [{ key: "region", value: "us" }] });
    await create({ alert_type: "spend_threshold_reached", name: "EU spend", threshold: 1400, group_values: [{ key: "region", value: "eu" }] });

    await settle(NOW);
    expect(await lastValue(ids.Spend!)).toBe("5400");
    expect(await lastValue(ids.Monthly!)).toBe("3900");
    expect(await lastValue(ids.Calls!)).toBe("150");
    expect(await lastValue(ids["US tokens"]!)).toBe("1500");
    expect(await lastValue(ids["EU spend"]!)).toBe("1400");
    // Leaving `evaluating` for ok announces nothing.
    expect([await status(ids.Spend!), await status(ids.Calls!)]).toEqual(["ok", "ok"]);
    expect(await newNotifications()).toEqual([
      "alerts.monthly_invoice_total_spend_threshold_reached Monthly",
      "alerts.spend_threshold_reached EU spend",
      "alerts.usage_threshold_reached US tokens",
    ]);

    // Ten more calls (10 cents each): spend 5500 and 160 calls reach their thresholds.
    await ingest(Array.from({ length: 10 }, (_, i) => ({ id: `late-${i}`, type: "api_call", at: "2026-03-14T10:00:00Z" })));
    await settle(NOW);
    expect(await lastValue(ids.Spend!)).toBe("5500");
    expect(await lastValue(ids.Calls!)).toBe("160");
    expect(await newNotifications()).toEqual(["alerts.spend_threshold_reached Spend", "alerts.usage_threshold_reached Calls"]);
    await settle(NOW);
    expect(await newNotifications()).toEqual([]);

    // April: a new billing period and a new month. No event arrives, but the period's end was
    // the customer's next refresh, so the pass looks again and everything but the balances clears.
    await settle(APRIL);
    expect([await status(ids.Spend!), await status(ids.Monthly!), await status(ids.Calls!), await status(ids["US tokens"]!)]).toEqual(["ok", "ok", "ok", "ok"]);
    expect(await newNotifications()).toEqual([
      "alerts.monthly_invoice_total_spend_threshold_reached.resolved Monthly",
      "alerts.spend_threshold_reached.resolved EU spend",
      "alerts.spend_threshold_reached.resolved Spend",
      "alerts.usage_threshold_reached.resolved Calls",
      "alerts.usage_threshold_reached.resolved US tokens",
    ]);
    expect(await status(ids.Credit!)).toBe("in_alarm");
  });

  it("lists and gets the customer's alerts with their states", async () => {
    const page = await listCustomerAlerts(s.ctx, { customer_id: s.customerId });
    const byName = new Map(page.data.map((a) => [a.alert.name, a]));
    expect(byName.has("Keyed")).toBe(false);
    expect(byName.get("Credit")).toMatchObject({ status: "in_alarm", alert: { type: "low_credit_balance_reached", creditTypeName: "USD (cents)" } });
    expect((await listCustomerAlerts(s.ctx, { customer_id: s.customerId, alert_statuses: ["ARCHIVED"] })).data.map((a) => a.alert.name)).toEqual(["Keyed"]);
    expect((await getCustomerAlert(s.ctx, { customer_id: s.customerId, alert_id: ids.Spend! })).status).toBe("ok");
    expect((await refusal(listCustomerAlerts(s.ctx, { customer_id: NOBODY }))).status).toBe(404);

    // The console's overview: each alert with the customers it has in alarm.
    const overview = await listAlerts(s.ctx, {});
    expect(overview.find((a) => a.id === ids.Credit)).toMatchObject({ customerName: "Acme", inAlarmCount: 1, inAlarm: [{ customerId: s.customerId, customerName: "Acme" }] });
    expect(overview.find((a) => a.id === ids.Spend)).toMatchObject({ inAlarmCount: 0, inAlarm: [] });
    expect(overview.some((a) => a.id === ids.Keyed)).toBe(false);
    expect((await listAlerts(s.ctx, { include_archived: true })).some((a) => a.id === ids.Keyed)).toBe(true);
  });

  it("a reset evaluates from scratch and notifies again if still in alarm", async () => {
    await resetCustomerAlert(s.ctx, { customer_id: s.customerId, alert_id: ids.Credit! }, APRIL);
    expect(await status(ids.Credit!)).toBe("evaluating");
    // Two servers (without the lease between them) settle it at once: one announcement.
    const [a, b] = await Promise.all([settle(APRIL), settle(APRIL)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await status(ids.Credit!)).toBe("in_alarm");
    expect(await newNotifications()).toEqual(["alerts.low_remaining_credit_balance_reached Credit"]);
    expect((await refusal(resetCustomerAlert(s.ctx, { customer_id: s.customerId, alert_id: NOBODY }))).status).toBe(404);
  });

  it("evaluates only customers with changes, and a new customer's first event", async () => {
    const other = await createCustomer(s.ctx, { name: "Other", ingest_aliases: ["other"] });
    ids.other = other.id;
    await settle(APRIL);
    // A global alert without evaluate_on_create waits for each customer's next change.
    const global = (await createAlert(s.ctx, { alert_type: "usage_threshold_reached", name: "Any calls", threshold: 1, billable_metric_id: callsMetric, evaluate_on_create: false }, APRIL)).id;
    ids["Any calls"] = global;
    expect(await db.prisma.customerAlertState.count({ where: { alertId: global } })).toBe(0);
    await settle(APRIL);
    expect(await db.prisma.customerAlertState.count({ where: { alertId: global } })).toBe(0);

    // Billed on no contract, the customer's period is the calendar month.
    await ingest([{ id: "other-1", type: "api_call", at: "2026-04-01T00:10:00Z", customer: "other" }], APRIL);
    expect(await settle(APRIL)).toBe(1);
    expect(await status(global, other.id)).toBe("in_alarm");
    expect(await status(global)).toBeNull();
    expect(await newNotifications()).toEqual(["alerts.usage_threshold_reached Any calls"]);
    expect((await refusal(resetCustomerAlert(s.ctx, { customer_id: other.id, alert_id: ids.Credit! }))).status).toBe(404);
  });

  it("an archived alert is no longer evaluated", async () => {
    await archiveAlert(s.ctx, { id: ids.Calls! });
    const before = await db.prisma.customerAlertState.findUnique({ where: { customerId_alertId: { customerId: s.customerId, alertId: ids.Calls! } } });
    // 200 calls in April (10 cents each), drawn from the commit: 3900 − 2000 leaves 1900.
    await ingest(Array.from({ length: 200 }, (_, i) => ({ id: `april-${i}`, type: "api_call", at: "2026-04-01T00:30:00Z" })), APRIL);
    await settle(APRIL);
    expect(await db.prisma.customerAlertState.findUnique({ where: { customerId_alertId: { customerId: s.customerId, alertId: ids.Calls! } } })).toEqual(before);
    expect([await lastValue(ids.Spend!), await lastValue(ids.Commit!)]).toEqual(["2000", "1900"]);
    expect(await newNotifications()).toEqual([
      "alerts.low_remaining_commit_balance_reached Commit",
      "alerts.low_remaining_contract_credit_and_commit_balance_reached Both",
      "alerts.usage_threshold_reached Any calls",
    ]);
    expect((await refusal(resetCustomerAlert(s.ctx, { customer_id: s.customerId, alert_id: ids.Calls! }))).status).toBe(409);
  });

  it("the portal shows a customer its own alerts in alarm, and nothing of others'", async () => {
    expect(await readPortalAlerts(db.prisma, ids.other!)).toEqual([
      expect.objectContaining({ id: ids["Any calls"], type: "usage_threshold_reached", metricName: "API calls", threshold: "1", value: "1" }),
    ]);
    const own = await readPortalAlerts(db.prisma, s.customerId);
    expect(own.map((a) => a.type).sort()).toEqual([
      "low_credit_balance_reached",
      "low_remaining_commit_balance_reached",
      "low_remaining_contract_credit_and_commit_balance_reached",
      "usage_threshold_reached",
    ]);
    expect(own.find((a) => a.type === "low_remaining_commit_balance_reached")).toMatchObject({ threshold: "3000", value: "1900", creditType: { name: "USD (cents)" } });
    // The vendor's names for its alerts stay in the console.
    expect(own.some((a) => "name" in a)).toBe(false);
  });

  it("an alert still in alarm follows its value and announces nothing more", async () => {
    await ingest([{ id: "other-2", type: "api_call", at: "2026-04-01T00:20:00Z", customer: "other" }], APRIL);
    await settle(APRIL);
    expect((await db.prisma.customerAlertState.findUnique({ where: { customerId_alertId: { customerId: ids.other!, alertId: ids["Any calls"]! } } }))?.lastValue?.toString()).toBe("2");
    expect(await newNotifications()).toEqual([]);
  });
});
