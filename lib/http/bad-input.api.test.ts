import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// A corpus of hostile requests across the whole REST API (lib/services/usage/ingest-bad-input
// has ingest's own): malformed JSON, wrong types, huge numbers and arrays, impossible dates,
// lone surrogates, refused fields, ids of other or no objects, bad page sizes, wrong methods and
// unknown paths. Each gets a 4xx with a JSON {message}, changes nothing anyone can list, and the
// server keeps serving.

const NOBODY = "00000000-0000-4000-8000-000000000000";
const HOUR = 3600_000;
const hourAgo = (hours: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR - hours * HOUR).toISOString();
// A JSON string holding a lone surrogate, written raw into the body text (JSON.stringify would too).
const LONE = "\\ud800";
const raw = (text: string) => ({ raw: text });

type Body = unknown | { raw: string };
const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const INGEST_IDS = ["corpus-ingest-0", "corpus-ingest-1"];

/** A day past the end of the latest month shorter than 31 days (2026-11-31): Date.parse rolls it over. */
function missingDay(now = new Date()): string {
  for (let back = 1; ; back++) {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    if (days < 31) return `${first.toISOString().slice(0, 8)}${days + 1}T00:00:00Z`;
  }
}
const ingest = (name: string, event: string, field: string): Case => ({
  name,
  method: "POST",
  path: "/v1/ingest",
  body: raw(`[{"transaction_id": "${INGEST_IDS[0]}", "customer_id": "bad-input-target", "event_type": "call", "timestamp": "${hourAgo(1)}"}, ${event}]`),
  status: 400,
  field,
});
// JSON.parse keeps the last of repeated keys, so `over` replaces the field it names.
const event = (over: string) =>
  `{"transaction_id": "${INGEST_IDS[1]}", "customer_id": "bad-input-target", "event_type": "call", "timestamp": "${hourAgo(1)}", "properties": {"n": 1}, ${over}}`;
type Case = { name: string; method: string; path: string; body?: Body; status?: number; field?: string };

type Fixture = { customer: string; otherCustomer: string; metric: string; product: string; card: string; contract: string; alias: string };

function corpus(f: Fixture): Case[] {
  const post = (name: string, path: string, body: Body, status?: number, field?: string): Case => ({ name, method: "POST", path, body, status, field });
  const get = (name: string, path: string, status?: number, field?: string): Case => ({ name, method: "GET", path, status, field });
  const jsonEndpoints = [
    "/v1/customers",
    "/v1/customers/archive",
    `/v1/customers/${f.customer}/setName`,
    `/v1/customers/${f.customer}/setIngestAliases`,
    "/v1/billable-metrics/create",
    "/v1/billable-metrics/archive",
    "/v1/contract-pricing/products/create",
    "/v1/contract-pricing/products/update",
    "/v1/contract-pricing/rate-cards/create",
    "/v1/contract-pricing/rate-cards/addRate",
    "/v1/contract-pricing/rate-cards/addRates",
    "/v1/contracts/create",
    "/v1/contracts/amend",
    "/v1/contracts/customerCommits/create",
    "/v1/contracts/customerCredits/create",
    "/v1/contracts/addManualBalanceLedgerEntry",
    "/v1/alerts/create",
    "/v1/dashboards/getEmbeddableUrl",
    "/v1/usage",
    "/v2/contracts/edit",
  ];
  const cases: Case[] = [
    // Malformed bodies, on every writing endpoint.
    ...jsonEndpoints.map((path) => post(`truncated JSON to ${path}`, path, raw('{"name": "x"'), 400)),
    ...jsonEndpoints.slice(0, 10).map((path) => post(`an array body to ${path}`, path, [{ name: "x" }], 400)),
    post("a lone surrogate in a customer name", "/v1/customers", raw(`{"name": "a${LONE}b"}`), 400, "name"),
    post("a lone surrogate in a custom field key", "/v1/customers", raw(`{"name": "x", "custom_fields": {"k${LONE}": "v"}}`), 400, `custom_fields.k\ud800`),
    post("a lone surrogate in an alias", `/v1/customers/${f.customer}/setIngestAliases`, raw(`{"ingest_aliases": ["${LONE}"]}`), 400, "ingest_aliases.0"),
    post("a lone surrogate in a metric filter value", "/v1/billable-metrics/create", raw(`{"name": "x", "aggregation_type": "COUNT", "property_filters": [{"name": "m", "in_values": ["${LONE}"]}]}`), 400),
    post("a lone surrogate in a rate card name", "/v1/contract-pricing/rate-cards/create", raw(`{"name": "${LONE}"}`), 400, "name"),
    post("a NUL in a customer name", "/v1/customers", { name: "a\u0000b" }, 400),
    post("a NUL in a product name", "/v1/contract-pricing/products/create", { name: "a\u0000b", type: "FIXED" }, 400),
    post("a NUL in a searched transaction id", "/v1/events/search", { transactionIds: ["a\u0000"] }, 400, "transactionIds.0"),
    get("a NUL in a search query", "/v1/billable-metrics?search=%00", 400, "search"),
    get("a forged cursor holding a NUL", `/v1/customers?next_page=${cursor({ k: "\u0000", id: NOBODY })}`, 400, "next_page"),
    get("a forged cursor holding a lone surrogate", `/v1/billable-metrics?next_page=${cursor({ k: "\ud800", id: NOBODY })}`, 400, "next_page"),
    post("a forged usage cursor naming no customer", `/v1/usage?next_page=${cursor({ customer: "x'; --", metric: "y" })}`, { starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: "DAY" }, 400, "next_page"),
    get("a forged credit type cursor", `/v1/credit-types/list?next_page=${cursor({ id: "not-a-uuid" })}`, 400, "next_page"),
    post("a forged usage groups cursor", `/v1/usage/groups?next_page=${cursor({ offset: "-5" })}`, { customer_id: f.customer, billable_metric_id: f.metric, starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: "DAY" }, 400, "next_page"),
    // Ingest: a day that does not exist, and lone surrogates anywhere in the properties.
    ingest("an event on a day that does not exist", event(`"timestamp": "${missingDay()}"`), "[1].timestamp"),
    ingest("a lone surrogate in a property value", event(`"properties": {"model": "${LONE}"}`), "[1].properties"),
    ingest("a lone surrogate in a property key", event(`"properties": {"${LONE}x": 1}`), "[1].properties"),
    ingest("a lone surrogate in a nested property", event(`"properties": {"usage": {"deep": ["${LONE}"]}}`), "[1].properties"),
    ingest("a lone low surrogate in an event type", event(`"event_type": "x\\udc00"`), "[1].event_type"),
    // Wrong types.
    post("a numeric customer name", "/v1/customers", { name: 42 }, 400, "name"),
    post("aliases as a string", "/v1/customers", { name: "x", ingest_aliases: "acme" }, 400, "ingest_aliases"),
    post("custom fields as an array", "/v1/customers", { name: "x", custom_fields: ["a"] }, 400, "custom_fields"),
    post("an object as an aggregation type", "/v1/billable-metrics/create", { name: "x", aggregation_type: { $ne: 1 } }, 400, "aggregation_type"),
    post("a boolean product type", "/v1/contract-pricing/products/create", { name: "x", type: true }, 400, "type"),
    post("a string net payment term", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.card, starting_at: hourAgo(1), net_payment_terms_days: "30" }, 400, "net_payment_terms_days"),
    post("a price as text", "/v1/contract-pricing/rate-cards/addRate", { rate_card_id: f.card, product_id: f.product, entitled: true, rate_type: "FLAT", price: "cheap", starting_at: hourAgo(1) }, 400, "price"),
    post("a threshold as an array", "/v1/alerts/create", { alert_type: "usage_threshold_reached", name: "x", threshold: [1], billable_metric_id: f.metric }, 400, "threshold"),
    post("window_size as a number", "/v1/usage", { starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: 3600 }, 400, "window_size"),
    // Huge numbers.
    post("a price of 1e40", "/v1/contract-pricing/rate-cards/addRate", raw(`{"rate_card_id": "${f.card}", "product_id": "${f.product}", "entitled": true, "rate_type": "FLAT", "price": 1e40, "starting_at": "${hourAgo(1)}"}`), 400, "price"),
    post("a price of 10^40 as text", "/v1/contract-pricing/rate-cards/addRate", { rate_card_id: f.card, product_id: f.product, entitled: true, rate_type: "FLAT", price: "1" + "0".repeat(40), starting_at: hourAgo(1) }, 400, "price"),
    post("an alert threshold of 1e300", "/v1/alerts/create", raw(`{"alert_type": "usage_threshold_reached", "name": "x", "threshold": 1e300, "billable_metric_id": "${f.metric}"}`), 400, "threshold"),
    post("a ledger entry of 1e36", "/v1/contracts/addManualBalanceLedgerEntry", raw(`{"id": "${NOBODY}", "customer_id": "${f.customer}", "segment_id": "${NOBODY}", "amount": 1e36, "reason": "x"}`), 400, "amount"),
    post("a portal link for 10^12 seconds", "/v1/dashboards/getEmbeddableUrl", { customer_id: f.customer, dashboard: "usage", expires_in_seconds: 1e12 }, 400, "expires_in_seconds"),
    post("a net payment term of 1e9 days", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.card, starting_at: hourAgo(1), net_payment_terms_days: 1e9 }, 400, "net_payment_terms_days"),
    // Huge arrays.
    post("10,000 ingest aliases", `/v1/customers/${f.customer}/setIngestAliases`, { ingest_aliases: Array.from({ length: 10_000 }, (_, i) => `a${i}`) }, 400, "ingest_aliases"),
    post("5,000 customer ids for usage", "/v1/usage", { starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: "DAY", customer_ids: Array.from({ length: 5000 }, () => f.customer) }, 400, "customer_ids"),
    post("1,000 transaction ids to search", "/v1/events/search", { transactionIds: Array.from({ length: 1000 }, (_, i) => `t${i}`) }, 400, "transactionIds"),
    post("a 1 MB product name", "/v1/contract-pricing/products/create", { name: "x".repeat(1024 * 1024), type: "FIXED" }, 400, "name"),
    post("a 17 MB body", "/v1/customers", { name: "x", custom_fields: { pad: "x".repeat(17 * 1024 * 1024) } }, 413),
    post("a metric with 51 grouped properties", "/v1/billable-metrics/create", { name: "x", aggregation_type: "COUNT", group_keys: [Array.from({ length: 51 }, (_, i) => `p${i}`)] }, 400),
    post("a metric with 200 property filters", "/v1/billable-metrics/create", { name: "x", aggregation_type: "COUNT", property_filters: Array.from({ length: 200 }, (_, i) => ({ name: `p${i}`, exists: true })) }, 400, "property_filters"),
    post("5,000 rates at once", "/v1/contract-pricing/rate-cards/addRates", { rate_card_id: f.card, rates: Array.from({ length: 5000 }, () => ({ product_id: f.product, entitled: true, rate_type: "FLAT", price: 1, starting_at: hourAgo(1) })) }, 400, "rates"),
    // Impossible and absurd dates.
    post("usage over 0001–9999 by the hour", "/v1/usage", { starting_on: "0001-01-01T00:00:00Z", ending_before: "9999-12-31T00:00:00Z", window_size: "HOUR" }, 400, "ending_before"),
    post("usage over 0001–9999 as one window", "/v1/usage", { starting_on: "0001-01-01T00:00:00Z", ending_before: "9999-12-31T00:00:00Z", window_size: "NONE" }, 400, "ending_before"),
    post("usage over a year by the hour", "/v1/usage", { starting_on: "2025-01-01T00:00:00Z", ending_before: "2026-01-01T00:00:00Z", window_size: "HOUR" }, 400, "window_size"),
    post("usage groups over 0001–9999 by the hour", "/v1/usage/groups", { customer_id: f.customer, billable_metric_id: f.metric, starting_on: "0001-01-01T00:00:00Z", ending_before: "9999-12-31T00:00:00Z", window_size: "HOUR" }, 400, "ending_before"),
    post("usage ending before it starts", "/v1/usage", { starting_on: hourAgo(0), ending_before: hourAgo(5), window_size: "HOUR" }, 400, "ending_before"),
    post("usage on November 31st", "/v1/usage", { starting_on: "2026-11-31T00:00:00Z", ending_before: "2026-12-01T00:00:00Z", window_size: "DAY" }, 400, "starting_on"),
    post("a contract starting on February 30th", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.card, starting_at: "2026-02-30T00:00:00Z" }, 400, "starting_at"),
    post("a contract starting at 25:00", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.card, starting_at: "2026-03-01T25:00:00Z" }, 400, "starting_at"),
    // Passes the schema; the engine refuses it (BillingInputError), translated once by the transport.
    post("a scheduled charge recurring backwards", "/v1/contracts/create", {
      customer_id: f.customer,
      rate_card_id: f.card,
      starting_at: hourAgo(24),
      scheduled_charges: [{ product_id: f.product, schedule: { recurring_schedule: { starting_at: hourAgo(1), ending_before: hourAgo(2), frequency: "MONTHLY", amount_distribution: "EACH", amount: 100 } } }],
    }, 400, "scheduled_charges.0.schedule"),
    post("a rate starting in year 10000", "/v1/contract-pricing/rate-cards/addRate", { rate_card_id: f.card, product_id: f.product, entitled: true, rate_type: "FLAT", price: 1, starting_at: "+010000-01-01T00:00:00Z" }, 400, "starting_at"),
    post("a contract end date as epoch millis", "/v1/contracts/updateEndDate", { customer_id: f.customer, contract_id: f.contract, ending_before: Date.now() }, 400, "ending_before"),
    // Fields Rateline refuses rather than ignores.
    post("a SQL billable metric", "/v1/billable-metrics/create", { name: "x", sql: "SELECT 1" }, 400, "sql"),
    post("an alert with a plan_id", "/v1/alerts/create", { alert_type: "usage_threshold_reached", name: "x", threshold: 1, billable_metric_id: f.metric, plan_id: NOBODY }, 400, "plan_id"),
    post("a ledger entry with per_group_amounts", "/v1/contracts/addManualBalanceLedgerEntry", { id: NOBODY, customer_id: f.customer, segment_id: NOBODY, amount: 1, reason: "x", per_group_amounts: { a: 1 } }, 400, "per_group_amounts"),
    post("an unsupported contract edit", "/v2/contracts/edit", { customer_id: f.customer, contract_id: f.contract, add_reseller_royalties: [] }, 400),
    // Ids of other objects, and of none.
    post("a contract for a customer that does not exist", "/v1/contracts/create", { customer_id: NOBODY, rate_card_id: f.card, starting_at: hourAgo(1) }, 404),
    post("a contract on a product id as rate card", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.product, starting_at: hourAgo(1) }, 404),
    post("a contract id as customer id", "/v2/contracts/get", { customer_id: f.contract, contract_id: f.contract }, 404),
    post("another customer's contract", "/v2/contracts/get", { customer_id: f.otherCustomer, contract_id: f.contract }, 404),
    post("another customer's contract's history", "/v2/contracts/getEditHistory", { customer_id: f.otherCustomer, contract_id: f.contract }, 404),
    post("archiving another customer's contract", "/v1/contracts/archive", { customer_id: f.otherCustomer, contract_id: f.contract, void_invoices: false }, 404),
    post("ending another customer's contract", "/v1/contracts/updateEndDate", { customer_id: f.otherCustomer, contract_id: f.contract, ending_before: hourAgo(-24) }, 404),
    post("archiving a customer that does not exist", "/v1/customers/archive", { id: NOBODY }, 404),
    post("archiving a metric by a product id", "/v1/billable-metrics/archive", { id: f.product }, 404),
    post("archiving a rate card that does not exist", "/v1/contract-pricing/rate-cards/archive", { id: NOBODY }, 404),
    post("a rate for a metric id as product", "/v1/contract-pricing/rate-cards/addRate", { rate_card_id: f.card, product_id: f.metric, entitled: true, rate_type: "FLAT", price: 1, starting_at: hourAgo(1) }),
    post("a usage product on a customer id as metric", "/v1/contract-pricing/products/create", { name: "x", type: "USAGE", billable_metric_id: f.customer }),
    post("an alert on a customer that does not exist", "/v1/alerts/create", { alert_type: "usage_threshold_reached", name: "x", threshold: 1, billable_metric_id: f.metric, customer_id: NOBODY }, 404),
    post("a portal link for nobody", "/v1/dashboards/getEmbeddableUrl", { customer_id: NOBODY, dashboard: "usage" }, 404),
    post("usage of a metric that does not exist", "/v1/usage", { starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: "DAY", billable_metrics: [{ id: NOBODY }] }, 404),
    post("usage groups of a customer that does not exist", "/v1/usage/groups", { customer_id: NOBODY, billable_metric_id: f.metric, starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: "DAY" }, 404),
    post("voiding an invoice that does not exist", "/v1/invoices/void", { id: NOBODY }, 404),
    post("regenerating an invoice that does not exist", "/v1/invoices/regenerate", { id: NOBODY }, 404),
    post("an alias that another customer holds", `/v1/customers/${f.customer}/setIngestAliases`, { ingest_aliases: ["bad-input-other"] }, 409),
    post("renaming a customer that does not exist", `/v1/customers/${NOBODY}/setName`, { name: "x" }, 404),
    post("an alert status reset for nobody", "/v1/customer-alerts/reset", { alert_id: NOBODY, customer_id: NOBODY }, 404),
    get("a customer that is not a uuid", "/v1/customers/not-a-uuid", 404),
    get("an invoice of another customer", `/v1/customers/${f.otherCustomer}/invoices/${NOBODY}`, 404),
    get("the metrics of nobody", `/v1/customers/${NOBODY}/billable-metrics`, 404),
    // Page sizes.
    get("customers with limit 0", "/v1/customers?limit=0", 400, "limit"),
    get("customers with limit -5", "/v1/customers?limit=-5", 400, "limit"),
    get("customers with limit 101", "/v1/customers?limit=101", 400, "limit"),
    get("customers with limit 1e9", "/v1/customers?limit=1000000000", 400, "limit"),
    get("customers with limit abc", "/v1/customers?limit=abc", 400, "limit"),
    get("metrics with limit 5000", "/v1/billable-metrics?limit=5000", 400, "limit"),
    get("credit types with limit 500", "/v1/credit-types/list?limit=500", 400, "limit"),
    get("invoices with limit 1000", `/v1/customers/${f.customer}/invoices?limit=1000`, 400, "limit"),
    get("a customer's metrics with limit 1000", `/v1/customers/${f.customer}/billable-metrics?limit=1000`, 400, "limit"),
    post("products with limit 1000", "/v1/contract-pricing/products/list?limit=1000", {}, 400, "limit"),
    post("rate cards with limit 1000", "/v1/contract-pricing/rate-cards/list?limit=1000", {}, 400, "limit"),
    post("rates with limit 1000", "/v1/contract-pricing/rate-cards/getRates?limit=1000", { rate_card_id: f.card, at: hourAgo(0) }, 400, "limit"),
    post("balances with limit 1000", "/v1/contracts/customerBalances/list", { customer_id: f.customer, limit: 1000 }, 400, "limit"),
    post("commits with limit -1", "/v1/contracts/customerCommits/list", { customer_id: f.customer, limit: -1 }, 400, "limit"),
    post("usage groups with limit 1000", "/v1/usage/groups?limit=1000", { customer_id: f.customer, billable_metric_id: f.metric, starting_on: hourAgo(24), ending_before: hourAgo(0), window_size: "DAY" }, 400, "limit"),
    post("a rate schedule with limit 1000", "/v1/contracts/getContractRateSchedule?limit=1000", { customer_id: f.customer, contract_id: f.contract }, 400, "limit"),
    post("customer credits with limit 1000", "/v1/contracts/customerCredits/list", { customer_id: f.customer, limit: 1000 }, 400, "limit"),
    post("a rate card's schedule with limit 1000", "/v1/contract-pricing/rate-cards/getRateSchedule?limit=1000", { rate_card_id: f.card, starting_at: hourAgo(24) }, 400, "limit"),
    post("credit grants with limit 1000", "/v1/credits/listGrants?limit=1000", {}, 400, "limit"),
    post("customer alerts with a page size (theirs is fixed)", "/v1/customer-alerts/list?limit=1000", { customer_id: f.customer }, 400, "limit"),
    get("audit logs with limit 1000", "/v1/auditLogs?limit=1000", 400, "limit"),
    get("invoice breakdowns with limit 1000", `/v1/customers/${f.customer}/invoices/breakdowns?starting_on=${hourAgo(48)}&ending_before=${hourAgo(0)}&limit=1000`, 400, "limit"),
    get("invoice breakdowns of ten years by the hour", `/v1/customers/${f.customer}/invoices/breakdowns?starting_on=2016-01-01T00:00:00Z&ending_before=2026-01-01T00:00:00Z&window_size=HOUR`, 400, "ending_before"),
    post("a forged cursor", "/v1/contract-pricing/products/list?next_page=eyJrIjoiJzsgRFJPUCJ9", {}, 400),
    // Unknown fields and fields the SDK defines that are not supported: refused by name, never dropped.
    post("an unknown field on a new customer", "/v1/customers", { name: "x", shoe_size: 44 }, 400, "shoe_size"),
    post("an unknown field inside a contract's commit", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.card, starting_at: hourAgo(1), commits: [{ type: "PREPAID", product_id: f.product, access_schedule: { schedule_items: [{ amount: 100, starting_at: hourAgo(1), ending_before: hourAgo(-24) }] }, colour: "red" }] }, 400, "commits.0.colour"),
    post("an SDK field Rateline does not support", "/v1/contracts/create", { customer_id: f.customer, rate_card_id: f.card, starting_at: hourAgo(1), reseller_royalties: [{}] }, 400, "reseller_royalties"),
    post("an unknown query parameter", "/v1/contract-pricing/products/list?colour=red", {}, 400, "colour"),
    ingest("an unknown field on an event", event(`"colour": "red"`), "colour"),
    // Wrong methods (405 with Allow) and unknown paths (404).
    { name: "DELETE on customers", method: "DELETE", path: "/v1/customers", status: 405 },
    { name: "GET on ingest", method: "GET", path: "/v1/ingest", status: 405 },
    { name: "PUT on a metric", method: "PUT", path: `/v1/billable-metrics/${f.metric}`, body: {}, status: 405 },
    { name: "PATCH on contract edit", method: "PATCH", path: "/v2/contracts/edit", body: {}, status: 405 },
    { name: "GET on usage", method: "GET", path: "/v1/usage", status: 405 },
    get("an unknown v1 path", "/v1/no-such-endpoint", 404),
    post("an unknown v1 path by POST", "/v1/customers/archive/now", {}, 404),
    get("an unknown v2 path", "/v2/contracts/nothing/here", 404),
    get("the v1 root", "/v1", 404),
    { name: "DELETE on an unknown v2 path", method: "DELETE", path: "/v2/anything", status: 404 },
  ];
  return cases;
}

describeEachDatabase("the REST API refuses bad input", (kind) => {
  let server: ApiServer;
  let f: Fixture;
  const call = async (method: string, path: string, json?: unknown) => {
    const response = await server.fetch(path, { method, json });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { data: Record<string, unknown> & { id: string } };
  };

  /** Everything these requests could change, as the API lists it. */
  async function snapshot() {
    const c = server.client;
    const all = async <T,>(page: AsyncIterable<T>) => {
      const items: T[] = [];
      for await (const item of page) items.push(item);
      return items;
    };
    return {
      customers: await all(c.v1.customers.list({ limit: 100 })),
      metrics: await all(c.v1.billableMetrics.list({ include_archived: true, limit: 100 })),
      products: await all(c.v1.contracts.products.list({ archive_filter: "ALL", limit: 100 })),
      cards: await all(c.v1.contracts.rateCards.list({ limit: 100 })),
      rates: await all(c.v1.contracts.rateCards.rates.list({ rate_card_id: f.card, at: hourAgo(0), limit: 100 })),
      contracts: [f.customer, f.otherCustomer].map(async (customer_id) => (await c.v2.contracts.list({ customer_id, include_archived: true })).data),
      history: (await c.v2.contracts.getEditHistory({ customer_id: f.customer, contract_id: f.contract })).data.length,
      balances: await all(c.v1.contracts.listBalances({ customer_id: f.customer, include_archived: true, limit: 100 })),
      alerts: await all(c.v1.customers.alerts.list({ customer_id: f.customer, alert_statuses: ["ENABLED", "ARCHIVED"] })),
      invoices: await all(c.v1.customers.invoices.list({ customer_id: f.customer, limit: 100 })),
      events: await c.v1.usage.search({ transactionIds: INGEST_IDS }),
    };
  }

  beforeAll(async () => {
    // Far enough back that the day after a short month's end is inside the ingest window.
    server = await startApiServer(kind, { RATELINE_BACKDATE_DAYS: "100" });
    const metric = await call("POST", "/v1/billable-metrics/create", { name: "Calls", aggregation_type: "COUNT" });
    const product = await call("POST", "/v1/contract-pricing/products/create", { name: "Calls", type: "USAGE", billable_metric_id: metric.data.id });
    const card = await call("POST", "/v1/contract-pricing/rate-cards/create", { name: "List" });
    await call("POST", "/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card.data.id, product_id: product.data.id, entitled: true, rate_type: "FLAT", price: 1, starting_at: hourAgo(48) });
    const customer = await call("POST", "/v1/customers", { name: "Target", ingest_aliases: ["bad-input-target"] });
    const other = await call("POST", "/v1/customers", { name: "Other", ingest_aliases: ["bad-input-other"] });
    const contract = await call("POST", "/v1/contracts/create", { customer_id: customer.data.id, rate_card_id: card.data.id, starting_at: hourAgo(24) });
    f = { customer: customer.data.id, otherCustomer: other.data.id, metric: metric.data.id, product: product.data.id, card: card.data.id, contract: contract.data.id, alias: "bad-input-target" };
  });
  afterAll(() => server?.stop());

  it("has at least 80 cases", () => {
    const placeholder = { customer: NOBODY, otherCustomer: NOBODY, metric: NOBODY, product: NOBODY, card: NOBODY, contract: NOBODY, alias: "x" };
    expect(corpus(placeholder).length).toBeGreaterThanOrEqual(80);
  });

  it("answers every case with a 4xx and a JSON message, changes nothing, and keeps serving", async () => {
    const failures: string[] = [];
    let before = JSON.stringify(await resolved(await snapshot()));
    for (const c of corpus(f)) {
      const init: RequestInit & { json?: unknown } = { method: c.method };
      if (c.body && typeof c.body === "object" && "raw" in (c.body as object)) {
        init.body = (c.body as { raw: string }).raw;
        init.headers = { "content-type": "application/json" };
      } else if (c.body !== undefined) init.json = c.body;
      const response = await server.fetch(c.path, init);
      const text = await response.text();
      let body: { message?: unknown; fields?: Record<string, string> } | undefined;
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = undefined;
      }
      const problems: string[] = [];
      if (response.status < 400 || response.status >= 500) problems.push(`status ${response.status}`);
      if (c.status !== undefined && response.status !== c.status) problems.push(`status ${response.status}, expected ${c.status}`);
      if (typeof body?.message !== "string") problems.push(`no JSON message: ${text.slice(0, 120)}`);
      if (c.field !== undefined && !(body?.fields && c.field in body.fields) && !String(body?.message).includes(c.field)) problems.push(`does not name ${c.field}: ${String(body?.message).slice(0, 200)}`);
      if (response.status === 405 && !response.headers.get("allow")) problems.push("405 without Allow");
      const after = JSON.stringify(await resolved(await snapshot()));
      if (after !== before) problems.push("changed what the API lists");
      before = after;
      if ((await fetch(`${server.url}/api/health`)).status !== 200) problems.push("the server stopped serving");
      if (problems.length) failures.push(`${c.name} (${c.method} ${c.path}): ${problems.join("; ")}`);
    }
    expect(failures).toEqual([]);
    expect(server.output()).not.toMatch(/Internal error|TypeError|PrismaClient/);
  });

  it("names the allowed methods on a 405, and answers unknown paths in JSON whatever the method", async () => {
    const wrong = await server.fetch("/v1/customers", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(wrong.headers.get("content-type")).toMatch(/application\/json/);
    expect(await wrong.json()).toEqual({ message: "DELETE is not supported here; this endpoint takes GET or POST." });
    const ingest = await server.fetch("/v1/ingest", { method: "GET" });
    expect(ingest.headers.get("allow")).toBe("POST, OPTIONS");
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const unknown = await server.fetch("/v1/nothing/here", { method });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get("content-type")).toMatch(/application\/json/);
      expect(await unknown.json()).toEqual({ message: `No API endpoint at ${method} /v1/nothing/here.` });
    }
  });

  it("refuses a century of hourly usage at once, in constant time", async () => {
    const started = Date.now();
    const response = await server.fetch("/v1/usage/groups", {
      method: "POST",
      json: { customer_id: f.customer, billable_metric_id: f.metric, starting_on: "2020-01-01T00:00:00Z", ending_before: "2029-12-01T00:00:00Z", window_size: "HOUR" },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { fields: object }).fields).toHaveProperty("window_size");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

async function resolved<T extends Record<string, unknown>>(snapshot: T): Promise<T> {
  const entries = await Promise.all(Object.entries(snapshot).map(async ([k, v]) => [k, Array.isArray(v) && v.some((x) => x instanceof Promise) ? await Promise.all(v) : v] as const));
  return Object.fromEntries(entries) as T;
}
