import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { Actor } from "@/lib/services/context";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { createProduct } from "@/lib/services/products/create-product";
import { updateProduct } from "@/lib/services/products/update-product";
import { duplicateRateCard } from "@/lib/services/rate-cards/duplicate-rate-card";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";
import { addCustomFieldKey } from "./add-custom-field-key";
import { setCustomFieldValues } from "./set-custom-field-values";

// What the API test cannot see from outside: who may write which entity's fields, that a custom
// field write asks the billing-state job to reprice no one, and what a rate card's copy keeps.

const user = (role: "sales" | "pricing" | "viewer"): Actor => ({ type: "user", id: `${role}-id`, name: role, role });
const admin: Actor = { type: "system", name: "custom fields test" };
const T0 = new Date("2026-01-10T10:20:00Z");

describeEachDatabase("custom fields", (kind) => {
  let db: Database;
  const ctx = (actor: Actor = admin) => ({ db: db.prisma, actor });
  let customer: string;
  let product: string;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    customer = (await createCustomer(ctx(), { name: "Acme" })).id;
    product = (await createProduct(ctx(), { name: "Support", type: "FIXED" }, T0)).id;
    await addCustomFieldKey(ctx(), { entity: "customer", key: "crm_id", enforce_uniqueness: true });
    await addCustomFieldKey(ctx(), { entity: "contract_product", key: "sku", enforce_uniqueness: false });
    await addCustomFieldKey(ctx(), { entity: "rate_card", key: "erp_id", enforce_uniqueness: true });
    await addCustomFieldKey(ctx(), { entity: "rate_card", key: "region", enforce_uniqueness: false });
  });
  afterAll(() => db.close());

  it("lets whoever may change an entity write its fields, and no one else", async () => {
    await setCustomFieldValues(ctx(user("sales")), { entity: "customer", entity_id: customer, custom_fields: { crm_id: "C-1" } });
    await setCustomFieldValues(ctx(user("pricing")), { entity: "contract_product", entity_id: product, custom_fields: { sku: "S-1" } });
    expect((await refusal(setCustomFieldValues(ctx(user("pricing")), { entity: "customer", entity_id: customer, custom_fields: { crm_id: "C-2" } }))).status).toBe(403);
    expect((await refusal(setCustomFieldValues(ctx(user("sales")), { entity: "contract_product", entity_id: product, custom_fields: { sku: "S-2" } }))).status).toBe(403);
    expect((await refusal(addCustomFieldKey(ctx(user("viewer")), { entity: "customer", key: "other", enforce_uniqueness: false }))).status).toBe(403);
    expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: customer } })).customFields).toEqual({ crm_id: "C-1" });
  });

  it("asks the billing-state job to reprice no one for a custom field, and still does for a product's change", async () => {
    await db.prisma.billingRefreshRequest.deleteMany();
    await setCustomFieldValues(ctx(), { entity: "contract_product", entity_id: product, custom_fields: { sku: "S-3" } });
    expect(await db.prisma.billingRefreshRequest.count()).toBe(0);
    await updateProduct(ctx(), { product_id: product, starting_at: "2026-02-01T00:00:00Z", name: "Premium support" }, T0);
    expect(await db.prisma.billingRefreshRequest.count()).toBeGreaterThan(0);
  });

  it("copies a rate card's custom fields but not the values of keys that enforce uniqueness", async () => {
    const card = await createRateCard(ctx(), { name: "List", custom_fields: { erp_id: "E-1", region: "eu", note: "any" } });
    const copy = await duplicateRateCard(ctx(), { rate_card_id: card.id, name: "List 2" });
    expect(copy.customFields).toEqual({ region: "eu", note: "any" });
    expect((await refusal(createRateCard(ctx(), { name: "List 3", custom_fields: { erp_id: "E-1" } }))).status).toBe(409);
  });
});
