import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { createCreditType } from "@/lib/services/credit-types/create-credit-type";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { archiveProduct } from "@/lib/services/products/archive-product";
import { createProduct } from "@/lib/services/products/create-product";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { addPromotionalRate } from "./add-promotional-rate";
import { addRate } from "./add-rate";
import { addRates } from "./add-rates";
import { archiveRateCard } from "./archive-rate-card";
import { createRateCard } from "./create-rate-card";
import { duplicateRateCard } from "./duplicate-rate-card";
import { getRateCard } from "./get-rate-card";
import { getRateSchedule } from "./get-rate-schedule";
import { getRates } from "./get-rates";
import { listProductRateHistory } from "./list-product-rate-history";
import { listProductRateCards } from "./list-product-rate-cards";
import { listRateCards } from "./list-rate-cards";
import { setRateCardProductsOrder } from "./set-rate-card-products-order";
import { updateRateCard } from "./update-rate-card";
import { refusal } from "@/lib/test-support/refusal";

const pricing: Actor = { type: "system", name: "pricing test" };
const T0 = new Date("2026-01-05T09:00:00Z");
const JAN = "2026-01-01T00:00:00.000Z";
const FEB = "2026-02-01T00:00:00.000Z";
const MAR = "2026-03-01T00:00:00.000Z";
const APR = "2026-04-01T00:00:00.000Z";
const MAY = "2026-05-01T00:00:00.000Z";

describeEachDatabase("rate cards and rates", (kind) => {
  let db: Database;
  let ctx: { db: Database["prisma"]; actor: Actor };
  let viewer: Actor;
  let tokens: string;
  let requests: string;
  let seats: string;
  let support: string;
  let gpuCredits: string;
  let cardId: string;

  const snapshot = async () => ({
    cards: await db.prisma.rateCard.findMany({ orderBy: { id: "asc" } }),
    rates: await db.prisma.rate.findMany({ orderBy: { id: "asc" } }),
    audit: await db.prisma.auditLogEntry.count(),
  });
  const flat = (productId: string, startingAt: string, price: string | number, extra: Record<string, unknown> = {}) => ({
    product_id: productId,
    entitled: true,
    rate_type: "FLAT" as const,
    starting_at: startingAt,
    price,
    ...extra,
  });
  const windows = async (productId: string) =>
    (await db.prisma.rate.findMany({ where: { rateCardId: cardId, productId }, orderBy: { startingAt: "asc" } })).map((r) => [
      r.startingAt.toISOString(),
      r.endingBefore?.toISOString() ?? null,
      r.price?.toString() ?? null,
    ]);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: pricing };
    const user = await db.prisma.user.create({ data: { email: "viewer@test.dev", name: "Viewer", role: "viewer", passwordHash: await hashPassword("password1") } });
    viewer = { type: "user", id: user.id, name: user.name, role: "viewer" };
    const metric = await db.prisma.billableMetric.create({
      data: { name: "Tokens", aggregationType: "SUM", aggregationKey: "tokens", propertyFilters: [{ name: "tokens", exists: true }], groupKeys: [["model"]] },
    });
    const count = await db.prisma.billableMetric.create({ data: { name: "Requests", aggregationType: "COUNT" } });
    tokens = (await createProduct(ctx, { name: "Tokens", type: "USAGE", billable_metric_id: metric.id, pricing_group_key: ["model"], tags: ["ai"] }, T0)).id;
    requests = (await createProduct(ctx, { name: "Requests", type: "USAGE", billable_metric_id: count.id, tags: ["platform"] }, T0)).id;
    seats = (await createProduct(ctx, { name: "Seats", type: "SUBSCRIPTION" }, T0)).id;
    support = (await createProduct(ctx, { name: "Support", type: "COMPOSITE", composite_tags: ["ai"] }, T0)).id;
    gpuCredits = (await createCreditType(ctx, { name: "GPU credits", precision: 2, fiat_per_unit: "100" })).id;
  });
  afterAll(() => db.close());

  it("defines a custom pricing unit, refusing a duplicate name and a viewer", async () => {
    const before = await snapshot();
    expect((await refusal(createCreditType(ctx, { name: "GPU credits", precision: 2, fiat_per_unit: "1" }))).status).toBe(409);
    expect((await refusal(createCreditType({ db: db.prisma, actor: viewer }, { name: "Other", precision: 2, fiat_per_unit: "1" }))).status).toBe(403);
    expect((await refusal(createCreditType(ctx, { name: "Other", precision: 2, fiat_per_unit: "0" }))).fields).toHaveProperty(["fiat_per_unit"]);
    expect(await snapshot()).toEqual(before);
    const unit = await db.prisma.creditType.findUniqueOrThrow({ where: { id: gpuCredits } });
    expect([unit.isFiat, unit.precision, unit.fiatCreditTypeId, unit.fiatConversionRate?.toString()]).toEqual([false, 2, USD_CENTS.id, "100"]);
  });

  describe("rate cards", () => {
    it("creates a card in USD cents by default, with conversions and aliases, audited", async () => {
      const card = await createRateCard(ctx, {
        name: "List 2026",
        description: "Public prices",
        credit_type_conversions: [{ custom_credit_type_id: gpuCredits, fiat_per_custom_credit: "100.5" }],
        aliases: [{ name: "paygo", starting_at: JAN }],
        custom_fields: { region: "us" },
      });
      cardId = card.id;
      expect(card.fiatCreditType).toEqual({ id: USD_CENTS.id, name: "USD (cents)", isFiat: true, precision: 0 });
      expect(card.creditTypeConversions.map((c) => [c.customCreditType.name, c.fiatPerCustomCredit.toFixed()])).toEqual([["GPU credits", "100.5"]]);
      expect(card.aliases).toEqual([{ name: "paygo", startingAt: new Date(JAN), endingBefore: null }]);
      expect(await getRateCard(ctx, { id: card.id })).toEqual(card);
      const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: card.id } });
      expect(audit).toMatchObject({ action: "rate_card.create", after: { name: "List 2026", creditTypeConversions: [{ fiatPerCustomCredit: "100.5" }] } });
    });

    it.each([
      ["a custom unit as the fiat currency", () => ({ name: "X", fiat_credit_type_id: gpuCredits }), 400],
      ["a conversion of a fiat currency", () => ({ name: "X", credit_type_conversions: [{ custom_credit_type_id: USD_CENTS.id, fiat_per_custom_credit: 1 }] }), 400],
      ["a conversion of an unknown unit", () => ({ name: "X", credit_type_conversions: [{ custom_credit_type_id: "00000000-0000-4000-8000-000000000000", fiat_per_custom_credit: 1 }] }), 404],
      ["a zero conversion", () => ({ name: "X", credit_type_conversions: [{ custom_credit_type_id: gpuCredits, fiat_per_custom_credit: 0 }] }), 400],
      ["an alias twice at once", () => ({ name: "X", aliases: [{ name: "a" }, { name: "a", starting_at: JAN }] }), 400],
      ["no name", () => ({ name: "" }), 400],
    ])("refuses %s, changing nothing", async (_case, body, status) => {
      const before = await snapshot();
      expect((await refusal(createRateCard(ctx, body() as never))).status).toBe(status);
      expect(await snapshot()).toEqual(before);
    });

    it("updates name and aliases and adds conversions, but never changes an existing conversion", async () => {
      const units = await createCreditType(ctx, { name: "Compute units", precision: 0, fiat_per_unit: "0.5" });
      const updated = await updateRateCard(ctx, {
        rate_card_id: cardId,
        name: "List prices 2026",
        aliases: [{ name: "paygo" }],
        add_credit_type_conversions: [{ custom_credit_type_id: units.id, fiat_per_custom_credit: 0.5 }],
      });
      expect(updated.name).toBe("List prices 2026");
      expect(updated.creditTypeConversions.map((c) => c.customCreditType.name)).toEqual(["GPU credits", "Compute units"]);
      const before = await snapshot();
      const error = await refusal(updateRateCard(ctx, { rate_card_id: cardId, add_credit_type_conversions: [{ custom_credit_type_id: gpuCredits, fiat_per_custom_credit: 2 }] }));
      expect(error.fields).toHaveProperty(["add_credit_type_conversions.0.custom_credit_type_id"]);
      expect((await refusal(updateRateCard(ctx, { rate_card_id: cardId }))).status).toBe(400);
      expect((await refusal(updateRateCard({ db: db.prisma, actor: viewer }, { rate_card_id: cardId, name: "Mine" }))).status).toBe(403);
      expect((await refusal(updateRateCard(ctx, { rate_card_id: "00000000-0000-4000-8000-000000000000", name: "Y" }))).status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("rates", () => {
    it("stores prices and tiers exactly", async () => {
      const rate = await addRate(ctx, { rate_card_id: cardId, ...flat(tokens, JAN, "0.000001", { pricing_group_values: { model: "mini" } }) }, T0);
      expect(rate.spec).toMatchObject({ rateType: "FLAT" });
      expect(rate.spec.rateType === "FLAT" && rate.spec.price.toFixed()).toBe("0.000001");
      expect(rate.creditType.id).toBe(USD_CENTS.id);
      const tiered = await addRate(
        ctx,
        {
          rate_card_id: cardId,
          product_id: requests,
          entitled: true,
          rate_type: "TIERED",
          starting_at: JAN,
          tiers: [{ size: "1000000", price: 0 }, { size: 9000000, price: "0.000000123456789012345678" }, { price: "0.00000001" }],
        },
        T0,
      );
      expect(tiered.spec.rateType === "TIERED" && tiered.spec.tiers.map((t) => [t.size?.toFixed() ?? null, t.price.toFixed()])).toEqual([
        ["1000000", "0"],
        ["9000000", "0.000000123456789012345678"],
        [null, "0.00000001"],
      ]);
      const row = await db.prisma.rate.findUniqueOrThrow({ where: { id: tiered.id } });
      expect(row.tiers).toEqual([{ size: "1000000", price: "0" }, { size: "9000000", price: "0.000000123456789012345678" }, { price: "0.00000001" }]);
    });

    it("supersedes the open rate of the same product and pricing group at the new start, audited before and after", async () => {
      const first = await addRate(ctx, { rate_card_id: cardId, ...flat(tokens, JAN, 1000, { pricing_group_values: { model: "large" } }) }, T0);
      const second = await addRate(ctx, { rate_card_id: cardId, ...flat(tokens, MAR, 900, { pricing_group_values: { model: "large" } }) }, T0);
      const ended = await db.prisma.rate.findUniqueOrThrow({ where: { id: first.id } });
      expect(ended.endingBefore?.toISOString()).toBe(MAR);
      // Another pricing group of the same product is untouched.
      expect((await windows(tokens)).filter(([, , price]) => price === "0.000001")).toEqual([[JAN, null, "0.000001"]]);
      const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: cardId, action: "rate_card.add_rate" }, orderBy: { createdAt: "desc" } });
      expect(audit.before).toEqual({ endedRates: [{ id: first.id, endingBefore: null }] });
      expect(audit.after).toMatchObject({ addedRates: [{ id: second.id, spec: { rateType: "FLAT", price: "900" } }], endedRates: [{ id: first.id, endingBefore: MAR }] });
    });

    it.each([
      ["a rate starting at the same time as another", MAR, null],
      ["a rate starting before a later one (it would run into it)", FEB, null],
      ["a bounded rate inside a closed one", FEB, "2026-02-15T00:00:00Z"],
    ])("refuses %s with 409, changing nothing", async (_case, startingAt, endingBefore) => {
      const before = await snapshot();
      const error = await refusal(
        addRate(ctx, { rate_card_id: cardId, ...flat(tokens, startingAt, 1, { pricing_group_values: { model: "large" }, ending_before: endingBefore }) }, T0),
      );
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/overlaps/);
      expect(await snapshot()).toEqual(before);
    });

    it("schedules a promotion with an end date, then the price it returns to", async () => {
      await addRates(ctx, {
        rate_card_id: cardId,
        rates: [
          flat(tokens, APR, 450, { pricing_group_values: { model: "large" }, ending_before: MAY }),
          flat(tokens, MAY, 900, { pricing_group_values: { model: "large" } }),
        ],
      }, T0);
      expect((await windows(tokens)).filter(([, , price]) => price !== "0.000001")).toEqual([
        [JAN, MAR, "1000"],
        [MAR, APR, "900"],
        [APR, MAY, "450"],
        [MAY, null, "900"],
      ]);
    });

    it("schedules a promotional price that gives way to the price it interrupted, in one transaction", async () => {
      const seatsCard = await createRateCard(ctx, { name: "Seats promo" });
      const monthly = { product_id: seats, entitled: true, rate_type: "SUBSCRIPTION" as const, quantity: 1, is_prorated: true, billing_frequency: "MONTHLY" as const };
      await addRate(ctx, { rate_card_id: seatsCard.id, ...monthly, starting_at: JAN, price: "4900" }, T0);
      const promo = await addPromotionalRate(ctx, { rate_card_id: seatsCard.id, ...monthly, starting_at: MAR, ending_before: APR, price: "2450.5" }, T0);
      expect(promo.added.map((r) => [r.startingAt.toISOString(), r.endingBefore?.toISOString() ?? null, r.spec.rateType !== "TIERED" && r.spec.rateType !== "VOLUME" && r.spec.price.toFixed()])).toEqual([
        [MAR, APR, "2450.5"],
        [APR, null, "4900"],
      ]);
      expect(promo.ended).toHaveLength(1);
      const history = await listProductRateHistory(ctx, { rate_card_id: seatsCard.id, product_id: seats });
      expect(history.series[0]!.rates.map((r) => [r.startingAt.toISOString(), r.endingBefore?.toISOString() ?? null])).toEqual([
        [JAN, MAR],
        [MAR, APR],
        [APR, null],
      ]);
      expect(await db.prisma.auditLogEntry.count({ where: { objectId: seatsCard.id, action: "rate_card.add_promotion" } })).toBe(1);
      const before = await snapshot();
      const error = await refusal(addPromotionalRate(ctx, { rate_card_id: seatsCard.id, ...monthly, starting_at: MAY, price: 1 }, T0));
      expect(error.fields).toHaveProperty(["ending_before"]);
      expect(await snapshot()).toEqual(before);
    });

    it("lets one of two concurrent identical changes through and refuses the other with 409", async () => {
      const card = await createRateCard(ctx, { name: "Race" });
      const attempt = () => addRate(ctx, { rate_card_id: card.id, ...flat(requests, MAR, 7) }, T0).then(() => "added", (e: AppError) => e.status);
      expect((await Promise.all([attempt(), attempt()])).sort()).toEqual([409, "added"]);
      expect(await db.prisma.rate.count({ where: { rateCardId: card.id } })).toBe(1);
      await archiveRateCard(ctx, { id: card.id });
    });

    it("adds several rates all or nothing", async () => {
      const before = await snapshot();
      const error = await refusal(
        addRates(ctx, {
          rate_card_id: cardId,
          rates: [flat(tokens, JAN, 5, { pricing_group_values: { model: "new" } }), flat(requests, "2026-06-01T00:00:00Z", 1), flat(tokens, JAN, 5)],
        }, T0),
      );
      // The third has no pricing group values for a product priced by model.
      expect(error.fields).toHaveProperty(["rates.2.pricing_group_values"]);
      expect(await snapshot()).toEqual(before);
      const invalid = await refusal(addRates(ctx, { rate_card_id: cardId, rates: [flat(tokens, JAN, 5, { pricing_group_values: { model: "new" } }), { ...flat(requests, JAN, 1), price: undefined }] }, T0));
      expect(invalid.fields).toHaveProperty(["rates.1.price"]);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ["a start off the hour", () => flat(requests, "2026-06-01T00:30:00Z", 1), 400, "starting_at", /hour boundary/],
      ["an end before the start", () => flat(requests, "2026-06-01T00:00:00Z", 1, { ending_before: "2026-05-01T00:00:00Z" }), 400, "ending_before", /after/],
      ["a negative price", () => flat(requests, "2026-06-01T00:00:00Z", -1), 400, "price", /negative/],
      ["tiers whose last one is sized", () => ({ ...flat(requests, "2026-06-01T00:00:00Z", 0), rate_type: "TIERED", price: undefined, tiers: [{ size: 10, price: 1 }] }), 400, "tiers.0.size", /last tier/],
      ["tiers with a zero size", () => ({ ...flat(requests, "2026-06-01T00:00:00Z", 0), rate_type: "TIERED", price: undefined, tiers: [{ size: 0, price: 1 }, { price: 1 }] }), 400, "tiers.0.size", /greater than 0/],
      ["a price on a TIERED rate", () => ({ ...flat(requests, "2026-06-01T00:00:00Z", 1), rate_type: "TIERED", tiers: [{ price: 1 }] }), 400, "price", /does not take/],
      ["a PACKAGE rate without a size", () => ({ ...flat(requests, "2026-06-01T00:00:00Z", 1), rate_type: "PACKAGE" }), 400, "package_size", /package_size/],
      ["a PERCENTAGE over 1", () => ({ ...flat(support, "2026-06-01T00:00:00Z", 1.5), rate_type: "PERCENTAGE" }), 400, "price", /fraction/],
      ["a rate type that does not fit the product", () => ({ ...flat(requests, "2026-06-01T00:00:00Z", 0.1), rate_type: "PERCENTAGE" }), 400, "rate_type", /cannot price/],
      ["group values on a product without pricing groups", () => flat(requests, "2026-06-01T00:00:00Z", 1, { pricing_group_values: { model: "x" } }), 400, "pricing_group_values", /no pricing group key/],
      ["other group keys than the product's", () => flat(tokens, "2026-06-01T00:00:00Z", 1, { pricing_group_values: { region: "eu" } }), 400, "pricing_group_values", /model/],
      ["a SUBSCRIPTION rate without a frequency", () => ({ ...flat(seats, "2026-06-01T00:00:00Z", 4900), rate_type: "SUBSCRIPTION" }), 400, "billing_frequency", /billing_frequency/],
      ["a unit the card does not convert", () => flat(requests, "2026-06-01T00:00:00Z", 1, { credit_type_id: "00000000-0000-4000-8000-000000000000" }), 400, "credit_type_id", /no conversion/],
      ["an unknown product", () => flat("00000000-0000-4000-8000-000000000000", "2026-06-01T00:00:00Z", 1), 404, "product_id", /product/],
      ["a CUSTOM rate", () => ({ ...flat(requests, "2026-06-01T00:00:00Z", 1), rate_type: "CUSTOM" }), 400, "rate_type", /not supported/],
    ])("refuses %s, changing nothing", async (_case, rate, status, field, message) => {
      const before = await snapshot();
      const error = await refusal(addRate(ctx, { rate_card_id: cardId, ...rate() } as never, T0));
      expect(error.status).toBe(status);
      expect(error.fields).toHaveProperty([field]);
      expect(error.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });

    it("refuses a viewer, an archived product and an unknown card, changing nothing", async () => {
      const old = await createProduct(ctx, { name: "Old", type: "FIXED" }, T0);
      await archiveProduct(ctx, { product_id: old.id });
      const before = await snapshot();
      expect((await refusal(addRate({ db: db.prisma, actor: viewer }, { rate_card_id: cardId, ...flat(requests, "2026-06-01T00:00:00Z", 1) }))).status).toBe(403);
      const archived = await refusal(addRate(ctx, { rate_card_id: cardId, ...flat(old.id, "2026-06-01T00:00:00Z", 1) }));
      expect(archived.fields).toHaveProperty(["product_id"]);
      expect((await refusal(addRate(ctx, { rate_card_id: "00000000-0000-4000-8000-000000000000", ...flat(requests, "2026-06-01T00:00:00Z", 1) }))).status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });

    it("prices in a custom unit the card converts, and the extensions VOLUME, PACKAGE and PERCENTAGE bounds", async () => {
      const { added } = await addRates(ctx, {
        rate_card_id: cardId,
        rates: [
          { ...flat(tokens, JAN, "2.5", { pricing_group_values: { model: "gpu" } }), credit_type_id: gpuCredits },
          { product_id: seats, entitled: true, rate_type: "SUBSCRIPTION", starting_at: JAN, price: 4900, quantity: 1, is_prorated: true, billing_frequency: "MONTHLY" },
          { product_id: support, entitled: false, rate_type: "PERCENTAGE", starting_at: JAN, price: "0.1", minimum: 5000, maximum: "100000" },
        ],
      }, T0);
      expect(added.map((r) => [r.spec.rateType, r.creditType.name, r.entitled])).toEqual([
        ["FLAT", "GPU credits", true],
        ["SUBSCRIPTION", "USD (cents)", true],
        ["PERCENTAGE", "USD (cents)", false],
      ]);
      expect(added[2]!.spec).toMatchObject({ rateType: "PERCENTAGE" });
      const percentage = added[2]!.spec as { price: { toFixed(): string }; minimum: { toFixed(): string }; maximum: { toFixed(): string } };
      expect([percentage.price.toFixed(), percentage.minimum.toFixed(), percentage.maximum.toFixed()]).toEqual(["0.1", "5000", "100000"]);

      const card = await createRateCard(ctx, { name: "Extensions" });
      const more = await addRates(ctx, {
        rate_card_id: card.id,
        rates: [
          { product_id: requests, entitled: true, rate_type: "VOLUME", starting_at: JAN, tiers: [{ size: 1000, price: 2 }, { price: 1 }] },
          { product_id: requests, entitled: true, rate_type: "PACKAGE", starting_at: MAR, price: 500, package_size: 1000, package_rounding: "ROUND_DOWN" },
        ],
      }, T0);
      expect(more.added.map((r) => r.spec)).toMatchObject([{ rateType: "VOLUME" }, { rateType: "PACKAGE", packageRounding: "ROUND_DOWN" }]);
      expect(more.ended).toEqual([]);
      // The VOLUME rate (added in the same request) was superseded by the PACKAGE one.
      expect(more.added[0]!.endingBefore?.toISOString()).toBe(MAR);
    });
  });

  describe("reading rates", () => {
    it("gets the rates in force at an instant, filtered by selectors, in pages", async () => {
      const at = "2026-04-15T12:30:00Z";
      const all = await getRates(ctx, { rate_card_id: cardId, at });
      expect(all.data.map((r) => [r.product.name, r.pricingGroupValues, r.spec.rateType])).toEqual([
        ["Requests", null, "TIERED"],
        ["Seats", null, "SUBSCRIPTION"],
        ["Support", null, "PERCENTAGE"],
        ["Tokens", { model: "gpu" }, "FLAT"],
        ["Tokens", { model: "large" }, "FLAT"],
        ["Tokens", { model: "mini" }, "FLAT"],
      ]);
      expect(all.data.find((r) => r.pricingGroupValues?.model === "large")!.startingAt.toISOString()).toBe(APR);

      const paged: string[] = [];
      let next_page: string | undefined;
      do {
        const page = await getRates(ctx, { rate_card_id: cardId, at, limit: 4, next_page });
        paged.push(...page.data.map((r) => r.id));
        next_page = page.next_page ?? undefined;
      } while (next_page);
      expect(paged).toEqual(all.data.map((r) => r.id));

      const select = async (selectors: object[]) =>
        (await getRates(ctx, { rate_card_id: cardId, at, selectors: selectors as never })).data.map((r) => `${r.product.name}${r.pricingGroupValues ? `:${r.pricingGroupValues.model}` : ""}`);
      expect(await select([{ product_id: tokens, pricing_group_values: { model: "mini" } }])).toEqual(["Tokens:mini"]);
      expect(await select([{ partial_pricing_group_values: { model: "large" } }, { product_tags: ["platform"] }])).toEqual(["Requests", "Tokens:large"]);
      expect(await select([{ billing_frequency: "MONTHLY" }])).toEqual(["Seats"]);
      expect(await select([{ pricing_group_values: {} }])).toEqual(["Requests", "Seats", "Support"]);
    });

    it("gets the schedule over a window, each rate with its own dates", async () => {
      const schedule = await getRateSchedule(ctx, { rate_card_id: cardId, starting_at: FEB, ending_before: MAY, selectors: [{ product_id: tokens, pricing_group_values: { model: "large" } }] });
      expect(schedule.data.map((r) => [r.startingAt.toISOString(), r.endingBefore?.toISOString() ?? null])).toEqual([
        [JAN, MAR],
        [MAR, APR],
        [APR, MAY],
      ]);
      const open = await getRateSchedule(ctx, { rate_card_id: cardId, starting_at: MAY, selectors: [{ product_id: tokens, pricing_group_values: { model: "large" } }] });
      expect(open.data.map((r) => r.startingAt.toISOString())).toEqual([MAY]);
      expect((await refusal(getRateSchedule(ctx, { rate_card_id: cardId, starting_at: MAY, ending_before: FEB }))).fields).toHaveProperty(["ending_before"]);
    });

    it("lists a product's rate history per pricing group", async () => {
      const history = await listProductRateHistory(ctx, { rate_card_id: cardId, product_id: tokens });
      const large = history.series.find((s) => s.pricingGroupValues?.model === "large")!;
      expect(large.rates.map((r) => r.spec.rateType === "FLAT" && r.spec.price.toFixed())).toEqual(["1000", "900", "450", "900"]);
      expect(history.series).toHaveLength(3);
    });
  });

  describe("copies and archives", () => {
    it("duplicates a card with every rate, audited", async () => {
      await setRateCardProductsOrder(ctx, { rate_card_id: cardId, product_order: [tokens] });
      const copy = await duplicateRateCard(ctx, { rate_card_id: cardId, name: "List prices 2027" });
      expect(copy.creditTypeConversions).toHaveLength(2);
      expect(copy.productOrder).toEqual((await getRateCard(ctx, { id: cardId })).productOrder);
      expect(copy.productOrder[0]).toBe(tokens);
      expect(copy.aliases).toEqual([]);
      const strip = (r: { id: string; rateCardId: string; createdAt: Date }) => ({ ...r, id: undefined, rateCardId: undefined, createdAt: undefined, createdBy: undefined });
      const original = await db.prisma.rate.findMany({ where: { rateCardId: cardId }, orderBy: [{ productId: "asc" }, { startingAt: "asc" }, { price: "asc" }] });
      const copied = await db.prisma.rate.findMany({ where: { rateCardId: copy.id }, orderBy: [{ productId: "asc" }, { startingAt: "asc" }, { price: "asc" }] });
      expect(copied.map(strip)).toEqual(original.map(strip));
      expect(await db.prisma.auditLogEntry.count({ where: { objectId: copy.id, action: "rate_card.duplicate" } })).toBe(1);
    });

    it("lists cards in pages, searched and sorted, and archives once", async () => {
      const names = async (params: object) => (await listRateCards(ctx, params)).data.map((c) => c.name);
      expect(await names({ sort: "name" })).toEqual(["Extensions", "List prices 2026", "List prices 2027", "Seats promo"]);
      const first = await listRateCards(ctx, { limit: 2, sort: "name", order: "desc" });
      expect(first.data.map((c) => c.name)).toEqual(["Seats promo", "List prices 2027"]);
      expect(await names({ limit: 2, sort: "name", order: "desc", next_page: first.next_page })).toEqual(["List prices 2026", "Extensions"]);
      expect(await names({ search: "2027" })).toEqual(["List prices 2027"]);

      const pricedOn = await listProductRateCards(ctx, [tokens, seats, support]);
      expect(pricedOn.get(tokens)?.map((c) => c.name).sort()).toEqual(["List prices 2026", "List prices 2027"]);
      expect(pricedOn.get(seats)?.map((c) => c.name).sort()).toEqual(["List prices 2026", "List prices 2027", "Seats promo"]);

      const archived = await archiveRateCard(ctx, { id: cardId });
      expect(archived.archivedAt).not.toBeNull();
      const before = await snapshot();
      expect((await archiveRateCard(ctx, { id: cardId })).archivedAt).toEqual(archived.archivedAt);
      expect((await refusal(addRate(ctx, { rate_card_id: cardId, ...flat(requests, "2026-09-01T00:00:00Z", 1) }))).status).toBe(409);
      expect(await snapshot()).toEqual(before);
      expect(await names({})).not.toContain("List prices 2026");
      expect(await names({ include_archived: true })).toContain("List prices 2026");
      expect((await listProductRateCards(ctx, [tokens])).get(tokens)?.map((c) => c.name)).toEqual(["List prices 2027"]);
    });
  });
});
