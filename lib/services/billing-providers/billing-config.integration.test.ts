import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { deleteBillingConfig } from "./delete-billing-config";
import { getBillingConfig, listBillingConfigs } from "./get-billing-config";
import { setBillingConfig } from "./set-billing-config";

const viewer: Actor = { type: "user", id: randomUUID(), name: "viewer", role: "viewer" };

describeEachDatabase("billing config", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "user", id: randomUUID(), name: "sales", role: "sales" } };
  });
  afterAll(() => db.close());

  it("maps a customer to a Stripe customer, replaces and removes the mapping, auditing each change", async () => {
    const customer = await createCustomer(ctx, { name: "Mapped" });
    const ref = { customer_id: customer.id, billing_provider_type: "stripe" } as const;
    await expect(getBillingConfig(ctx, ref)).rejects.toMatchObject({ code: "not_found" });
    await setBillingConfig(ctx, { ...ref, billing_provider_customer_id: " cus_1 ", stripe_collection_method: "charge_automatically" });
    await setBillingConfig(ctx, { ...ref, billing_provider_customer_id: "cus_1" });
    expect(await getBillingConfig(ctx, ref)).toMatchObject({ provider: "stripe", externalId: "cus_1" });
    await setBillingConfig(ctx, { ...ref, billing_provider_customer_id: "cus_2" });
    await setBillingConfig(ctx, { customer_id: customer.id, billing_provider_type: "netsuite", billing_provider_customer_id: "ns-9" });
    expect((await listBillingConfigs(ctx, customer.id)).map((r) => [r.provider, r.externalId])).toEqual([["netsuite", "ns-9"], ["stripe", "cus_2"]]);
    await deleteBillingConfig(ctx, ref);
    await expect(deleteBillingConfig(ctx, ref)).rejects.toMatchObject({ code: "not_found" });
    const audit = await db.prisma.auditLogEntry.findMany({ where: { objectId: customer.id, action: { startsWith: "customer.billing_config" } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ["customer.billing_config.set", null, { stripe: "cus_1" }],
      ["customer.billing_config.set", { stripe: "cus_1" }, { stripe: "cus_2" }],
      ["customer.billing_config.set", null, { netsuite: "ns-9" }],
      ["customer.billing_config.delete", { stripe: "cus_2" }, null],
    ]);
  });

  it("refuses bad input with a 4xx and writes nothing", async () => {
    const customer = await createCustomer(ctx, { name: "Refused" });
    await expect(setBillingConfig(ctx, { customer_id: customer.id, billing_provider_type: "paypal" as "stripe", billing_provider_customer_id: "x" })).rejects.toMatchObject({ code: "bad_request", fields: { billing_provider_type: expect.any(String) } });
    await expect(setBillingConfig(ctx, { customer_id: customer.id, billing_provider_type: "stripe", billing_provider_customer_id: "  " })).rejects.toMatchObject({ fields: { billing_provider_customer_id: "Enter the customer's id in the billing provider" } });
    await expect(setBillingConfig(ctx, { customer_id: customer.id, billing_provider_type: "stripe", billing_provider_customer_id: "cus_1", stripe_collection_method: "send_invoice" as "charge_automatically" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(setBillingConfig(ctx, { customer_id: "nope", billing_provider_type: "stripe", billing_provider_customer_id: "cus_1" })).rejects.toMatchObject({ code: "not_found" });
    await expect(setBillingConfig({ ...ctx, actor: viewer }, { customer_id: customer.id, billing_provider_type: "stripe", billing_provider_customer_id: "cus_1" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.prisma.billingProvider.count({ where: { customerId: customer.id } })).toBe(0);
  });
});
