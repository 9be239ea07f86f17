import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/connection";
import type { Actor } from "@/lib/services/context";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { archiveProduct } from "./archive-product";
import { createProduct } from "./create-product";
import { getProduct } from "./get-product";
import { listProducts } from "./list-products";
import { updateProduct } from "./update-product";
import { refusal } from "@/lib/test-support/refusal";

const pricing: Actor = { type: "system", name: "pricing test" };
const T0 = new Date("2026-01-10T10:20:00Z");

describeEachDatabase("products", (kind) => {
  let db: Database;
  let ctx: { db: Database["prisma"]; actor: Actor };
  let viewer: Actor;
  let tokensMetric: string;
  let archivedMetric: string;

  const snapshot = async () => ({
    products: await db.prisma.product.findMany({ orderBy: { id: "asc" } }),
    versions: await db.prisma.productVersion.findMany({ orderBy: { id: "asc" } }),
    audit: await db.prisma.auditLogEntry.count(),
  });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: pricing };
    const user = await db.prisma.user.create({ data: { email: "viewer@test.dev", name: "Viewer", role: "viewer", passwordHash: await hashPassword("password1") } });
    viewer = { type: "user", id: user.id, name: user.name, role: "viewer" };
    tokensMetric = (
      await db.prisma.billableMetric.create({
        data: { name: "Tokens", aggregationType: "SUM", aggregationKey: "tokens", propertyFilters: [{ name: "tokens", exists: true }], groupKeys: [["model"], ["model", "region"]] },
      })
    ).id;
    archivedMetric = (await db.prisma.billableMetric.create({ data: { name: "Old", aggregationType: "COUNT", archivedAt: new Date() } })).id;
  });
  afterAll(() => db.close());

  it("creates a usage product with exact quantity shaping, first version at the hour it was made, audited", async () => {
    const product = await createProduct(
      ctx,
      {
        name: "Model tokens",
        type: "USAGE",
        billable_metric_id: tokensMetric,
        pricing_group_key: ["model"],
        presentation_group_key: ["region"],
        quantity_conversion: { conversion_factor: "1000000.000000000001", operation: "DIVIDE" },
        quantity_rounding: { decimal_places: 2, rounding_method: "ROUND_UP" },
        tags: ["inference"],
      },
      T0,
    );
    expect(product.type).toBe("USAGE");
    expect(product.initial.startingAt.toISOString()).toBe("2026-01-10T10:00:00.000Z");
    expect(product.current.quantityConversion?.conversionFactor.toFixed()).toBe("1000000.000000000001");
    expect(product.current.billableMetric).toEqual({ id: tokensMetric, name: "Tokens" });
    const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: product.id } });
    expect(audit).toMatchObject({ action: "product.create", actorName: "pricing test", before: null });
    expect(audit.after).toMatchObject({ type: "USAGE", name: "Model tokens", quantityConversion: { conversionFactor: "1000000.000000000001" } });
  });

  it.each([
    ["a USAGE product without a metric", { name: "X", type: "USAGE" }, "billable_metric_id"],
    ["group keys that are not one of the metric's group keys", { name: "X", type: "USAGE", billable_metric_id: "", pricing_group_key: ["region"] }, "pricing_group_key"],
    ["an archived metric", { name: "X", type: "USAGE", billable_metric_id: "archived" }, "billable_metric_id"],
    ["a metric on a FIXED product", { name: "X", type: "FIXED", billable_metric_id: "" }, "billable_metric_id"],
    ["a COMPOSITE product with nothing to cover", { name: "X", type: "COMPOSITE" }, "composite_product_ids"],
    ["an unsupported type", { name: "X", type: "PRO_SERVICE" }, "type"],
    ["an empty name and a negative conversion", { name: " ", type: "FIXED", quantity_conversion: { conversion_factor: -1, operation: "DIVIDE" } }, "name"],
    ["a custom field value over 2,000 characters", { name: "X", type: "FIXED", custom_fields: { a: "b".repeat(2001) } }, "custom_fields.a"],
  ])("refuses %s with 400 naming the field, and changes nothing", async (_case, body, field) => {
    const input = { ...body } as Record<string, unknown>;
    if (input.billable_metric_id === "") input.billable_metric_id = tokensMetric;
    if (input.billable_metric_id === "archived") input.billable_metric_id = archivedMetric;
    const before = await snapshot();
    const error = await refusal(createProduct(ctx, input as never, T0));
    expect(error.status).toBe(400);
    expect(error.fields).toHaveProperty([field]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an unknown metric with 404 and a viewer with 403, changing nothing", async () => {
    const before = await snapshot();
    expect((await refusal(createProduct(ctx, { name: "X", type: "USAGE", billable_metric_id: "00000000-0000-4000-8000-000000000000" }))).status).toBe(404);
    expect((await refusal(createProduct({ db: db.prisma, actor: viewer }, { name: "X", type: "FIXED" }))).status).toBe(403);
    expect((await refusal(getProduct(ctx, { id: "00000000-0000-4000-8000-000000000000" }))).status).toBe(404);
    expect((await refusal(getProduct(ctx, { id: "not-a-uuid" }))).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  describe("updates", () => {
    let id: string;
    beforeAll(async () => {
      id = (await createProduct(ctx, { name: "Seats", type: "SUBSCRIPTION", tags: ["platform"] }, T0)).id;
    });

    it("keeps history: each update is a version from its hour, and `current` is the one in force", async () => {
      await updateProduct(ctx, { product_id: id, starting_at: "2026-03-01T00:00:00Z", tags: ["platform", "2026"] }, T0);
      await updateProduct(ctx, { product_id: id, starting_at: "2026-02-01T00:00:00Z", name: "Team seats" }, T0);
      const inFebruary = await getProduct(ctx, { id }, new Date("2026-02-15T00:00:00Z"));
      expect(inFebruary.versions.map((v) => [v.startingAt.toISOString(), v.name, v.tags])).toEqual([
        ["2026-01-10T10:00:00.000Z", "Seats", ["platform"]],
        ["2026-02-01T00:00:00.000Z", "Team seats", ["platform"]],
        // Fields an update leaves out come from the version in force at its start.
        ["2026-03-01T00:00:00.000Z", "Seats", ["platform", "2026"]],
      ]);
      expect(inFebruary.current.name).toBe("Team seats");
      expect(inFebruary.initial.name).toBe("Seats");
      expect((await getProduct(ctx, { id }, new Date("2026-03-01T00:00:00Z"))).current.tags).toEqual(["platform", "2026"]);
      expect((await getProduct(ctx, { id }, new Date("2026-01-31T23:59:59Z"))).current.name).toBe("Seats");

      const audit = await db.prisma.auditLogEntry.findMany({ where: { objectId: id, action: "product.update" }, orderBy: { createdAt: "asc" } });
      expect(audit[1]).toMatchObject({ before: { name: "Seats", startingAt: "2026-01-10T10:00:00.000Z" }, after: { name: "Team seats", startingAt: "2026-02-01T00:00:00.000Z" } });
    });

    it.each([
      ["a start off the hour", { starting_at: "2026-04-01T00:30:00Z", name: "Y" }, 400, "starting_at"],
      ["a start before the product existed", { starting_at: "2025-12-01T00:00:00Z", name: "Y" }, 400, "starting_at"],
      ["a second version in the same hour", { starting_at: "2026-02-01T00:00:00Z", name: "Y" }, 409, "starting_at"],
      ["no change at all", { starting_at: "2026-04-01T00:00:00Z" }, 400, "name"],
      ["a field of another product type", { starting_at: "2026-04-01T00:00:00Z", composite_tags: ["x"] }, 400, "composite_tags"],
    ])("refuses %s, changing nothing", async (_case, body, status, field) => {
      const before = await snapshot();
      const error = await refusal(updateProduct(ctx, { product_id: id, ...body }, T0));
      expect(error.status).toBe(status);
      expect(error.fields).toHaveProperty([field]);
      expect(await snapshot()).toEqual(before);
    });

    it("archives once; an archived product takes no update", async () => {
      const archived = await archiveProduct(ctx, { product_id: id }, new Date("2026-05-01T00:00:00Z"));
      expect(archived.archivedAt?.toISOString()).toBe("2026-05-01T00:00:00.000Z");
      const before = await snapshot();
      expect((await archiveProduct(ctx, { product_id: id })).archivedAt?.toISOString()).toBe("2026-05-01T00:00:00.000Z");
      expect((await refusal(updateProduct(ctx, { product_id: id, starting_at: "2026-06-01T00:00:00Z", name: "Z" }))).status).toBe(409);
      expect(await snapshot()).toEqual(before);
    });
  });

  it("validates composite products' products", async () => {
    const usage = await createProduct(ctx, { name: "Calls", type: "USAGE", billable_metric_id: tokensMetric }, T0);
    const composite = await createProduct(ctx, { name: "Support 10%", type: "COMPOSITE", composite_product_ids: [usage.id], exclude_free_usage: true }, T0);
    expect(composite.current).toMatchObject({ compositeProductIds: [usage.id], excludeFreeUsage: true });
    const error = await refusal(createProduct(ctx, { name: "Nested", type: "COMPOSITE", composite_product_ids: [composite.id] }, T0));
    expect(error.fields).toHaveProperty(["composite_product_ids"]);
  });

  it("lists in cursor pages, by creation or current name, searched, with the archive filter", async () => {
    const seen: string[] = [];
    let next_page: string | undefined;
    do {
      const page = await listProducts(ctx, { limit: 1, archive_filter: "ALL", next_page });
      seen.push(...page.data.map((p) => p.current.name));
      next_page = page.next_page ?? undefined;
    } while (next_page);
    const all = await listProducts(ctx, { limit: 100, archive_filter: "ALL" });
    expect(seen).toEqual(all.data.map((p) => p.current.name));
    expect(seen.length).toBe(4);

    const byName = await listProducts(ctx, { sort: "name", order: "desc", archive_filter: "ALL", limit: 2 }, new Date("2026-02-15T00:00:00Z"));
    expect(byName.data.map((p) => p.current.name)).toEqual(["Team seats", "Support 10%"]);
    const rest = await listProducts(ctx, { sort: "name", order: "desc", archive_filter: "ALL", limit: 2, next_page: byName.next_page! }, new Date("2026-02-15T00:00:00Z"));
    expect(rest.data.map((p) => p.current.name)).toEqual(["Model tokens", "Calls"]);

    expect((await listProducts(ctx, {})).data.map((p) => p.current.name)).not.toContain("Seats");
    expect((await listProducts(ctx, { archive_filter: "ARCHIVED" })).data).toHaveLength(1);
    expect((await listProducts(ctx, { search: "TOKEN" })).data.map((p) => p.current.name)).toEqual(["Model tokens"]);
    expect((await listProducts(ctx, { type: "COMPOSITE" })).data.map((p) => p.current.name)).toEqual(["Support 10%"]);
    expect((await refusal(listProducts(ctx, { next_page: "garbage" }))).status).toBe(400);
  });
  it("keeps a product editable when its metric is archived, but takes no archived metric anew", async () => {
    const metric = await db.prisma.billableMetric.create({ data: { name: "Soon archived", aggregationType: "COUNT" } });
    const product = await createProduct(ctx, { name: "Calls v1", type: "USAGE", billable_metric_id: metric.id }, T0);
    await db.prisma.billableMetric.update({ where: { id: metric.id }, data: { archivedAt: new Date() } });
    const renamed = await updateProduct(ctx, { product_id: product.id, starting_at: "2026-02-01T00:00:00Z", name: "Calls (legacy)" }, T0);
    expect(renamed.versions.map((v) => v.name)).toEqual(["Calls v1", "Calls (legacy)"]);
    const other = await createProduct(ctx, { name: "Tokens v2", type: "USAGE", billable_metric_id: tokensMetric }, T0);
    const error = await refusal(updateProduct(ctx, { product_id: other.id, starting_at: "2026-02-01T00:00:00Z", billable_metric_id: metric.id }, T0));
    expect(error.fields).toHaveProperty(["billable_metric_id"]);
  });
});
