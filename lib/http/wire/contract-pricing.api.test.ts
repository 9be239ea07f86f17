import type { ProductListItemState, ProductListResponse, ProductRetrieveResponse } from "@metronome/sdk/resources/v1/contracts/products";
import type { RateCardListResponse, RateCardRetrieveResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/rate-cards";
import type { RateAddResponse, RateListResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/rates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages } from "@/lib/test-support/all-pages";

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const USD = { id: USD_CENTS.id, name: USD_CENTS.name };
const JAN = "2026-01-01T00:00:00.000Z";
const MAR = "2026-03-01T00:00:00.000Z";
const FUTURE = "2099-01-01T00:00:00.000Z";
const NOBODY = "00000000-0000-4000-8000-000000000000";

describeEachDatabase("contract pricing REST API", (kind) => {
  let server: ApiServer;
  let metricId: string;
  let tokensId: string;
  let seatsId: string;
  let cardId: string;

  beforeAll(async () => {
    server = await startApiServer(kind);
    metricId = (
      await server.client.v1.billableMetrics.create({
        name: "Tokens",
        aggregation_type: "SUM",
        aggregation_key: "tokens",
        event_type_filter: { in_values: ["completion"] },
        property_filters: [{ name: "tokens", exists: true }],
        group_keys: [["model"], ["model", "region"]],
      })
    ).data.id;
  });
  afterAll(() => server.stop());

  /** A raw POST, for what the SDK cannot send and for reading exact numbers off the wire. */
  async function post(path: string, json: unknown, query = "") {
    const response = await server.fetch(`/v1/contract-pricing/${path}${query}`, { method: "POST", json });
    return { status: response.status, text: await response.text() };
  }

  describe("products", () => {
    it("creates and retrieves a product in Metronome's shape, decimals exact", async () => {
      const created = await server.client.v1.contracts.products.create({
        name: "Model tokens",
        type: "USAGE",
        billable_metric_id: metricId,
        pricing_group_key: ["model"],
        presentation_group_key: ["region"],
        quantity_conversion: { conversion_factor: 1000000, operation: "DIVIDE" },
        quantity_rounding: { decimal_places: 2, rounding_method: "ROUND_HALF_UP" },
        tags: ["inference"],
      });
      expect(created).toEqual({ data: { id: UUID } });
      tokensId = created.data.id;
      const state: ProductListItemState = {
        created_at: ISO,
        created_by: expect.stringMatching(/Bootstrap/),
        starting_at: ISO,
        name: "Model tokens",
        billable_metric_id: metricId,
        pricing_group_key: ["model"],
        presentation_group_key: ["region"],
        quantity_conversion: { conversion_factor: 1000000, operation: "DIVIDE" },
        quantity_rounding: { decimal_places: 2, rounding_method: "ROUND_HALF_UP" },
        is_refundable: true,
        tags: ["inference"],
      };
      const retrieved: ProductRetrieveResponse = await server.client.v1.contracts.products.retrieve({ id: tokensId });
      expect(retrieved).toEqual({ data: { id: tokensId, type: "USAGE", initial: state, current: state, updates: [], archived_at: null, custom_fields: {} } });

      // A conversion factor past a double's digits arrives and leaves exactly (as a decimal string in, a number literal out).
      const exact = await post("products/create", { name: "Bytes", type: "USAGE", billable_metric_id: metricId, quantity_conversion: { conversion_factor: "1073741824.000000000001", operation: "DIVIDE" } });
      const id = JSON.parse(exact.text).data.id as string;
      expect((await post("products/get", { id })).text).toContain('"conversion_factor":1073741824.000000000001');
    });

    it("updates from a date and shows current, initial and the updates", async () => {
      seatsId = (await server.client.v1.contracts.products.create({ name: "Seats", type: "SUBSCRIPTION", tags: ["platform"] })).data.id;
      expect(await server.client.v1.contracts.products.update({ product_id: seatsId, starting_at: FUTURE, name: "Team seats" })).toEqual({ data: { id: seatsId } });
      const product = (await server.client.v1.contracts.products.retrieve({ id: seatsId })).data;
      expect(product.current.name).toBe("Seats");
      expect(product.initial.name).toBe("Seats");
      expect(product.updates).toEqual([{ created_at: ISO, created_by: expect.any(String), starting_at: FUTURE, name: "Team seats" }] satisfies ProductRetrieveResponse.Data.Update[]);
    });

    it("refuses bad input with 400 naming the fields, unknown ids with 404, clashes with 409", async () => {
      const invalid = await post("products/create", { name: "", type: "BOGUS", tags: [""] });
      expect(invalid.status).toBe(400);
      expect(JSON.parse(invalid.text)).toEqual({ message: expect.stringMatching(/^Invalid request/), fields: { name: expect.any(String), type: expect.any(String), "tags.0": expect.any(String) } });
      const noMetric = await post("products/create", { name: "X", type: "USAGE", pricing_group_key: ["model"] });
      expect(JSON.parse(noMetric.text).fields).toEqual({ billable_metric_id: "A USAGE product needs the billable metric that measures it" });
      const offHour = await post("products/update", { product_id: seatsId, starting_at: "2099-01-01T00:30:00Z", name: "x" });
      expect(offHour.status).toBe(400);
      expect(JSON.parse(offHour.text).message).toMatch(/hour boundary/);
      expect((await post("products/update", { product_id: seatsId, starting_at: FUTURE, name: "again" })).status).toBe(409);
      expect((await post("products/get", { id: NOBODY })).status).toBe(404);
      expect((await post("products/archive", { product_id: NOBODY })).status).toBe(404);
      expect((await post("products/create", { name: "X", type: "USAGE", billable_metric_id: NOBODY })).status).toBe(404);
      expect((await post("products/create", [1, 2])).status).toBe(400);
      expect((await post("products/list", {}, "?limit=0")).status).toBe(400);
      expect((await post("products/list", {}, "?next_page=nonsense")).status).toBe(400);
    });

    it("lists every product across pages with for await, and archives", async () => {
      const listed: ProductListResponse[] = await allPages(server.client.v1.contracts.products.list({ limit: 1 }));
      expect(listed.map((p) => p.current.name)).toEqual(["Model tokens", "Bytes", "Seats"]);
      expect(await server.client.v1.contracts.products.archive({ product_id: seatsId })).toEqual({ data: { id: seatsId } });
      expect((await allPages(server.client.v1.contracts.products.list())).map((p) => p.id)).not.toContain(seatsId);
      const archived = await allPages(server.client.v1.contracts.products.list({ archive_filter: "ARCHIVED" }));
      expect(archived.map((p) => [p.id, p.archived_at])).toEqual([[seatsId, ISO]]);
      expect(await allPages(server.client.v1.contracts.products.list({ archive_filter: "ALL" }))).toHaveLength(3);
    });
  });

  describe("rate cards and rates", () => {
    it("creates and retrieves a rate card in Metronome's shape", async () => {
      const created = await server.client.v1.contracts.rateCards.create({
        name: "List prices",
        description: "Public",
        aliases: [{ name: "paygo", starting_at: JAN }],
        custom_fields: { team: "growth" },
      });
      cardId = created.data.id;
      const expected: RateCardRetrieveResponse.Data = {
        id: cardId,
        name: "List prices",
        description: "Public",
        created_at: ISO,
        created_by: expect.any(String),
        fiat_credit_type: USD,
        credit_type_conversions: [],
        aliases: [{ name: "paygo", starting_at: JAN }],
        custom_fields: { team: "growth" },
      };
      expect(await server.client.v1.contracts.rateCards.retrieve({ id: cardId })).toEqual({ data: expected });
      expect(await server.client.v1.contracts.rateCards.update({ rate_card_id: cardId, name: "List prices 2026", aliases: [] })).toEqual({ data: { id: cardId } });
      const updated = (await server.client.v1.contracts.rateCards.retrieve({ id: cardId })).data;
      expect([updated.name, updated.aliases]).toEqual(["List prices 2026", []]);
    });

    it("adds a rate and returns Shared.Rate, with exact prices on the wire", async () => {
      const added: RateAddResponse = await server.client.v1.contracts.rateCards.rates.add({
        rate_card_id: cardId,
        product_id: tokensId,
        entitled: true,
        rate_type: "FLAT",
        starting_at: JAN,
        price: 1000,
        pricing_group_values: { model: "large" },
      });
      expect(added).toEqual({ data: { rate_type: "FLAT", credit_type: USD, price: 1000, pricing_group_values: { model: "large" } } });
      const tiny = await post("rate-cards/addRate", {
        rate_card_id: cardId,
        product_id: tokensId,
        entitled: true,
        rate_type: "TIERED",
        starting_at: JAN,
        tiers: [{ size: "1000000", price: "0.000000000000000001" }, { price: 0 }],
        pricing_group_values: { model: "mini" },
      });
      expect(tiny.status).toBe(200);
      expect(tiny.text).toContain('"tiers":[{"size":1000000,"price":0.000000000000000001},{"price":0}]');
    });

    it("supersedes the open rate with addRates, atomically, and 409s an overlap", async () => {
      const rates = [
        { product_id: tokensId, entitled: true, rate_type: "FLAT" as const, starting_at: MAR, price: 900, pricing_group_values: { model: "large" } },
        { product_id: tokensId, entitled: true, rate_type: "FLAT" as const, starting_at: JAN, price: 60, pricing_group_values: { model: "nano" } },
      ];
      expect(await server.client.v1.contracts.rateCards.rates.addMany({ rate_card_id: cardId, rates })).toEqual({ data: { id: cardId } });
      const overlap = await post("rate-cards/addRates", { rate_card_id: cardId, rates: [{ ...rates[1], pricing_group_values: { model: "other" } }, rates[0]] });
      expect(overlap.status).toBe(409);
      expect(JSON.parse(overlap.text)).toEqual({ message: expect.stringMatching(/rates\.1\.starting_at.*overlaps/), fields: { "rates.1.starting_at": expect.any(String) } });
      const schedule = await server.client.v1.contracts.rateCards.retrieveRateSchedule({ rate_card_id: cardId, starting_at: JAN, selectors: [{ partial_pricing_group_values: { model: "other" } }] });
      expect(schedule.data).toEqual([]);
      const invalid = await post("rate-cards/addRates", { rate_card_id: cardId, rates: [{ ...rates[0], starting_at: "2026-05-01T00:00:00Z", price: -1, rate_type: "PACKAGE" }] });
      expect(invalid.status).toBe(400);
      expect(Object.keys(JSON.parse(invalid.text).fields).sort()).toEqual(["rates.0.package_size", "rates.0.price"]);
    });

    it("gets the rates at an instant in RateListResponse's shape, across pages, with selectors", async () => {
      const at = "2026-03-15T00:00:00.000Z";
      const rates: RateListResponse[] = await allPages(server.client.v1.contracts.rateCards.rates.list({ rate_card_id: cardId, at, limit: 1 }));
      expect(rates).toEqual([
        {
          entitled: true,
          product_custom_fields: {},
          product_id: tokensId,
          product_name: "Model tokens",
          product_tags: ["inference"],
          rate: { rate_type: "FLAT", credit_type: USD, price: 900, pricing_group_values: { model: "large" } },
          starting_at: MAR,
          pricing_group_values: { model: "large" },
        },
        {
          entitled: true,
          product_custom_fields: {},
          product_id: tokensId,
          product_name: "Model tokens",
          product_tags: ["inference"],
          rate: { rate_type: "TIERED", credit_type: USD, tiers: [{ size: 1000000, price: 1e-18 }, { price: 0 }], pricing_group_values: { model: "mini" } },
          starting_at: JAN,
          pricing_group_values: { model: "mini" },
        },
        expect.objectContaining({ pricing_group_values: { model: "nano" }, starting_at: JAN }),
      ] satisfies RateListResponse[]);
      const selected = await allPages(server.client.v1.contracts.rateCards.rates.list({ rate_card_id: cardId, at, selectors: [{ pricing_group_values: { model: "nano" } }] }));
      expect(selected.map((r) => r.pricing_group_values)).toEqual([{ model: "nano" }]);
    });

    it("gets the schedule over a window, paged by next_page", async () => {
      const first = await server.client.v1.contracts.rateCards.retrieveRateSchedule({ rate_card_id: cardId, starting_at: JAN, ending_before: "2026-06-01T00:00:00Z", limit: 2, selectors: [{ product_id: tokensId }] });
      expect(first.data).toHaveLength(2);
      expect(first.data[0]).toEqual({
        entitled: true,
        product_custom_fields: {},
        product_id: tokensId,
        product_name: "Model tokens",
        product_tags: ["inference"],
        rate: { rate_type: "FLAT", credit_type: USD, price: 1000, pricing_group_values: { model: "large" } },
        starting_at: JAN,
        ending_before: MAR,
        pricing_group_values: { model: "large" },
      });
      const second = await server.client.v1.contracts.rateCards.retrieveRateSchedule({ rate_card_id: cardId, starting_at: JAN, ending_before: "2026-06-01T00:00:00Z", limit: 2, next_page: first.next_page!, selectors: [{ product_id: tokensId }] });
      expect(second.data.map((r) => r.pricing_group_values?.model)).toEqual(["mini", "nano"]);
      expect(second.next_page).toBeNull();
    });

    it("refuses unknown ids with 404 and bad input with 400, never 500", async () => {
      expect((await post("rate-cards/get", { id: NOBODY })).status).toBe(404);
      expect((await post("rate-cards/getRates", { rate_card_id: NOBODY, at: JAN })).status).toBe(404);
      expect((await post("rate-cards/addRate", { rate_card_id: cardId, product_id: NOBODY, entitled: true, rate_type: "FLAT", starting_at: JAN, price: 1 })).status).toBe(404);
      expect((await post("rate-cards/create", { name: "X", credit_type_conversions: [{ custom_credit_type_id: NOBODY, fiat_per_custom_credit: 2 }] })).status).toBe(404);
      const bad = await post("rate-cards/getRateSchedule", { rate_card_id: cardId, starting_at: "yesterday" });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).fields).toHaveProperty(["starting_at"]);
      expect((await post("rate-cards/addRate", { rate_card_id: cardId })).status).toBe(400);
      expect((await post("rate-cards/update", { rate_card_id: cardId, add_credit_type_conversions: [{ custom_credit_type_id: USD.id, fiat_per_custom_credit: 1 }] })).status).toBe(400);
    });

    it("lists rate cards across pages and archives", async () => {
      await server.client.v1.contracts.rateCards.create({ name: "Enterprise" });
      const cards: RateCardListResponse[] = await allPages(server.client.v1.contracts.rateCards.list({ limit: 1 }));
      expect(cards.map((c) => c.name)).toEqual(["List prices 2026", "Enterprise"]);
      expect(await server.client.v1.contracts.rateCards.archive({ id: cardId })).toEqual({ data: { id: cardId } });
      expect((await allPages(server.client.v1.contracts.rateCards.list())).map((c) => c.name)).toEqual(["Enterprise"]);
      expect((await post("rate-cards/addRate", { rate_card_id: cardId, product_id: tokensId, entitled: true, rate_type: "FLAT", starting_at: FUTURE, price: 1, pricing_group_values: { model: "large" } })).status).toBe(409);
    });
  });
});
