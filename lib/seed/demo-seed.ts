import { hashPassword } from "@/lib/auth/password";
import type { PrismaClient } from "@/lib/db/generated/client";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { systemActor } from "@/lib/services/context";
import { changeCatalog } from "@/lib/metering/catalog";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import type { TIngest } from "@/lib/services/usage/schemas";

// A believable AI-API company, so a first start shows the product working: metrics for tokens
// by model, requests and GPU hours; a list rate card with tiers; three customers on three kinds
// of contract; three weeks of usage up to now. Deterministic for a given `now`.

export const DEMO_PASSWORD = "rateline-demo";
export const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin" },
  { email: "pricing@example.com", name: "Priya Pricing", role: "pricing" },
  { email: "sales@example.com", name: "Sam Sales", role: "sales" },
  { email: "finance@example.com", name: "Fin Finance", role: "finance" },
  { email: "viewer@example.com", name: "Vic Viewer", role: "viewer" },
] as const;

const MODELS = [
  { name: "aurora-large", pricePerMillion: "1000", weight: 0.3 },
  { name: "aurora-mini", pricePerMillion: "60", weight: 0.55 },
  { name: "aurora-vision", pricePerMillion: "500", weight: 0.15 },
];
const GPU_TYPES = [
  { name: "H100", pricePerHour: "249" },
  { name: "A100", pricePerHour: "129" },
];

const HOUR = 3600_000;
const DAY = 24 * HOUR;

// mulberry32: a tiny seeded PRNG so the demo is the same on every machine.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startOfUtcMonth(date: Date, monthsBack = 0) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1));
}

export async function isDatabaseEmpty(db: PrismaClient) {
  const counts = await Promise.all([
    db.customer.count(),
    db.billableMetric.count(),
    db.product.count(),
    db.rateCard.count(),
    db.usageEvent.count(),
  ]);
  return counts.every((n) => n === 0);
}

/**
 * Seeds the demo into an empty database; returns false (and writes nothing) otherwise. Its users
 * have a published password, so they are added only to a database that has no user at all (one
 * made by RATELINE_ADMIN_EMAIL, say): otherwise the demo's data is seeded without them, and `log`
 * says so.
 */
export async function seedDemoIfEmpty(db: PrismaClient, now: Date, log: (line: string) => void = console.log): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actor = systemActor("demo seed");
  const { aliases } = await db.$transaction(async (tx) => {
    const users = await tx.user.count();
    if (users === 0) await tx.user.createMany({ data: DEMO_USERS.map((user) => ({ ...user, passwordHash })) });
    else log(`Demo seed: the database already has ${users} user(s), so the demo users (with their published password) were not added.`);

    // Metrics exist before any event, so the rollup job covers every demo event.
    await changeCatalog(tx);
    const gpuCredits = await tx.creditType.create({
      data: {
        id: "9c1f6c7e-6a0b-4f43-9f2e-3b1b8c6d2a10",
        name: "GPU credits",
        isFiat: false,
        precision: 2,
        fiatCreditTypeId: USD_CENTS.id,
        fiatConversionRate: "100",
      },
    });

    const tokens = await tx.billableMetric.create({
      data: {
        name: "Tokens",
        eventTypeFilter: { in_values: ["completion"] },
        propertyFilters: [{ name: "tokens", exists: true }],
        aggregationType: "SUM",
        aggregationKey: "tokens",
        groupKeys: [["model"], ["model", "token_type"]],
      },
    });
    const requests = await tx.billableMetric.create({
      data: { name: "API requests", eventTypeFilter: { in_values: ["completion", "embedding"] }, aggregationType: "COUNT", groupKeys: [["endpoint"]] },
    });
    const gpuHours = await tx.billableMetric.create({
      data: {
        name: "GPU hours",
        eventTypeFilter: { in_values: ["gpu_job"] },
        propertyFilters: [{ name: "gpu_hours", exists: true }],
        aggregationType: "SUM",
        aggregationKey: "gpu_hours",
        groupKeys: [["gpu_type"]],
      },
    });

    const epoch = startOfUtcMonth(now, 6);
    const product = async (type: "USAGE" | "SUBSCRIPTION" | "FIXED", version: Record<string, unknown> & { name: string }) =>
      tx.product.create({
        data: {
          type,
          createdBy: actor.name,
          versions: { create: { startingAt: epoch, pricingGroupKey: [], presentationGroupKey: [], tags: [], compositeProductIds: [], compositeTags: [], ...version } },
        },
      });
    const tokenProduct = await product("USAGE", {
      name: "Model tokens",
      billableMetricId: tokens.id,
      pricingGroupKey: ["model"],
      presentationGroupKey: ["model"],
      quantityConversion: { conversion_factor: "1000000", operation: "DIVIDE" },
      tags: ["inference"],
    });
    const requestProduct = await product("USAGE", { name: "API requests", billableMetricId: requests.id, tags: ["platform"] });
    const gpuProduct = await product("USAGE", {
      name: "GPU compute",
      billableMetricId: gpuHours.id,
      pricingGroupKey: ["gpu_type"],
      presentationGroupKey: ["gpu_type"],
      quantityRounding: { decimal_places: 2, rounding_method: "ROUND_UP" },
      tags: ["compute"],
    });
    const seatProduct = await product("SUBSCRIPTION", { name: "Team seats", tags: ["platform"] });
    const commitProduct = await product("FIXED", { name: "Prepaid usage commitment" });
    const supportProduct = await product("FIXED", { name: "Premium support" });

    const rateCard = await tx.rateCard.create({
      data: { name: "List prices 2026", description: "Public list prices for the Aurora API", fiatCreditTypeId: USD_CENTS.id, createdBy: actor.name },
    });
    const rate = (productId: string, data: Record<string, unknown>) => ({
      rateCardId: rateCard.id,
      productId,
      startingAt: epoch,
      creditTypeId: USD_CENTS.id,
      createdBy: actor.name,
      rateType: "FLAT" as const,
      ...data,
    });
    await tx.rate.createMany({
      data: [
        ...MODELS.map((m) => rate(tokenProduct.id, { price: m.pricePerMillion, pricingGroupValues: { model: m.name } })),
        // The first 100,000 requests a month are free, then 0.02¢ each, 0.01¢ past a million.
        rate(requestProduct.id, { rateType: "TIERED", tiers: [{ size: "100000", price: "0" }, { size: "900000", price: "0.02" }, { price: "0.01" }] }),
        ...GPU_TYPES.map((g) => rate(gpuProduct.id, { price: g.pricePerHour, pricingGroupValues: { gpu_type: g.name } })),
        rate(seatProduct.id, { rateType: "SUBSCRIPTION", price: "4900", billingFrequency: "MONTHLY", isProrated: true }),
      ],
    });

    const customer = async (name: string, alias: string, externalId: string) =>
      tx.customer.create({ data: { name, externalId, aliases: { create: [{ alias }] }, customFields: { industry: "AI" } } });
    const northwind = await customer("Northwind AI", "northwind-prod", "cus_northwind");
    const helios = await customer("Helios Labs", "helios-prod", "cus_helios");
    const quanta = await customer("Quanta Robotics", "quanta-prod", "cus_quanta");

    const contractStart = startOfUtcMonth(now, 2);
    const contract = (customerId: string, name: string) =>
      tx.contract.create({ data: { customerId, rateCardId: rateCard.id, name, startingAt: contractStart, nextPeriodStart: contractStart, createdBy: actor.name } });

    await contract(northwind.id, "Pay as you go");

    const heliosContract = await contract(helios.id, "Annual prepaid commitment");
    const yearLater = new Date(Date.UTC(contractStart.getUTCFullYear() + 1, contractStart.getUTCMonth(), 1));
    await tx.commit.create({
      data: {
        customerId: helios.id,
        contractId: heliosContract.id,
        kind: "COMMIT",
        type: "PREPAID",
        name: "2026 prepaid commitment",
        productId: commitProduct.id,
        creditTypeId: USD_CENTS.id,
        applicableProductIds: [tokenProduct.id, gpuProduct.id],
        applicableProductTags: [],
        priority: "1",
        segments: { create: [{ customerId: helios.id, amount: "1500000", startingAt: contractStart, endingBefore: yearLater }] },
        invoiceSchedule: { create: [{ customerId: helios.id, timestamp: contractStart, unitPrice: "1500000", amount: "1500000" }] },
      },
    });
    await tx.commit.create({
      data: {
        customerId: helios.id,
        contractId: heliosContract.id,
        kind: "CREDIT",
        name: "Onboarding credit",
        productId: commitProduct.id,
        creditTypeId: USD_CENTS.id,
        applicableProductIds: [],
        applicableProductTags: [],
        priority: "0",
        segments: { create: [{ customerId: helios.id, amount: "50000", startingAt: contractStart, endingBefore: new Date(contractStart.getTime() + 90 * DAY) }] },
      },
    });

    const quantaContract = await contract(quanta.id, "Team plan with overage");
    await tx.contractOverride.create({
      data: { contractId: quantaContract.id, startingAt: contractStart, type: "MULTIPLIER", productId: tokenProduct.id, applicableProductTags: [], multiplier: "0.9" },
    });
    await tx.subscription.create({
      data: {
        contractId: quantaContract.id,
        customerId: quanta.id,
        productId: seatProduct.id,
        name: "Team seats",
        startingAt: contractStart,
        collectionSchedule: "ADVANCE",
        quantities: { create: [{ startingAt: contractStart, quantity: "10" }] },
      },
    });
    await tx.scheduledCharge.create({
      data: {
        contractId: quantaContract.id,
        customerId: quanta.id,
        productId: supportProduct.id,
        name: "Premium support (quarterly)",
        schedule: { create: [{ customerId: quanta.id, timestamp: contractStart, unitPrice: "50000", amount: "50000" }] },
      },
    });

    await recordAudit(tx, actor, { action: "demo.seed", objectType: "rate_card", objectId: rateCard.id, after: { rateCard: rateCard.name, gpuCredits: gpuCredits.name } });
    return { aliases: [northwind, helios, quanta].map((c, i) => ({ alias: ["northwind-prod", "helios-prod", "quanta-prod"][i]!, scale: [1, 3, 0.6][i]! })) };
  });

  const events = demoEvents(aliases, now);
  for (let i = 0; i < events.length; i += 5000) {
    await ingestEvents({ db, actor }, events.slice(i, i + 5000), { now, backdateDays: 34 });
  }
  await rollUpAll(db);
  return true;
}

/** Three weeks of hourly traffic per customer, busier in working hours, plus a few strays. */
function demoEvents(customers: { alias: string; scale: number }[], now: Date): TIngest {
  const rand = random(20260101);
  const events: TIngest = [];
  const end = Math.floor(now.getTime() / HOUR) * HOUR;
  const pick = () => {
    let r = rand();
    for (const model of MODELS) if ((r -= model.weight) < 0) return model.name;
    return MODELS[0]!.name;
  };
  for (const customer of customers) {
    for (let hour = end - 21 * DAY; hour < end; hour += HOUR) {
      const local = new Date(hour).getUTCHours();
      const busy = local >= 8 && local < 20 ? 1 : 0.35;
      const calls = Math.round((2 + rand() * 4) * busy * customer.scale);
      for (let i = 0; i < calls; i++) {
        const timestamp = new Date(hour + Math.floor(rand() * HOUR));
        const model = pick();
        const input = Math.round(200 + rand() * 4000) * 10;
        events.push({
          transaction_id: `demo-${customer.alias}-${hour}-${i}`,
          customer_id: customer.alias,
          event_type: "completion",
          timestamp: timestamp.toISOString(),
          properties: { model, tokens: input, token_type: rand() < 0.7 ? "input" : "output", endpoint: "/v1/chat" },
        });
      }
      if (rand() < 0.12 * customer.scale) {
        const gpu = GPU_TYPES[rand() < 0.6 ? 0 : 1]!.name;
        events.push({
          transaction_id: `demo-${customer.alias}-${hour}-gpu`,
          customer_id: customer.alias,
          event_type: "gpu_job",
          timestamp: new Date(hour + 1000).toISOString(),
          properties: { gpu_type: gpu, gpu_hours: (0.25 + Math.round(rand() * 30) / 4).toString() },
        });
      }
    }
  }
  for (let i = 0; i < 12; i++) {
    events.push({
      transaction_id: `demo-stray-${i}`,
      customer_id: "acme-staging",
      event_type: "completion",
      timestamp: new Date(end - i * 7 * HOUR).toISOString(),
      properties: { model: "aurora-mini", tokens: 1200, endpoint: "/v1/chat" },
    });
  }
  return events;
}
