import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { builtInDeliveryMethodId } from "./delivery-methods";

// Customers' billing provider configurations, account-level set-ups, customer_config and the
// service registry, through the official SDK.

describeEachDatabase("billing provider configurations REST API", (kind) => {
  let server: ApiServer;
  const STRIPE = builtInDeliveryMethodId("stripe");

  beforeAll(async () => {
    // A Stripe key makes Stripe a configured provider; nothing is finalized here, so it never calls out.
    server = await startApiServer(kind, { STRIPE_SECRET_KEY: "sk_test_unused", STRIPE_API_BASE: "http://127.0.0.1:9", RATELINE_EGRESS_IPS: "203.0.113.7, 198.51.100.0/24" });
  });
  afterAll(() => server?.stop());

  it("sets up a marketplace and lists it after Stripe, which the environment configures", async () => {
    const created = await server.client.v1.settings.billingProviders.create({ billing_provider: "aws_marketplace", configuration: { aws_external_id: "ext-1", aws_iam_role_arn: "arn:aws:iam::test" }, delivery_method: "direct_to_billing_provider" });
    expect(created.data.delivery_method_id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await server.client.v1.settings.billingProviders.list();
    expect(listed).toEqual({
      data: [
        { billing_provider: "stripe", delivery_method: "direct_to_billing_provider", delivery_method_configuration: {}, delivery_method_id: STRIPE },
        { billing_provider: "aws_marketplace", delivery_method: "direct_to_billing_provider", delivery_method_configuration: {}, delivery_method_id: created.data.delivery_method_id },
      ],
      next_page: null,
    });
    const sqs = await server.fetch("/v1/setUpBillingProvider", { method: "POST", json: { billing_provider: "aws_marketplace", configuration: {}, delivery_method: "aws_sqs" } });
    expect(sqs.status).toBe(400);
    expect((await sqs.json()).message).toMatch(/delivery_method/);
    const stripe = await server.fetch("/v1/setUpBillingProvider", { method: "POST", json: { billing_provider: "stripe", configuration: {}, delivery_method: "direct_to_billing_provider" } });
    expect(stripe.status).toBe(400);
  });

  it("sets, gets and archives a customer's configurations, the Stripe one mapping the connector's customer", async () => {
    const customer = (await server.client.v1.customers.create({ name: "Configured" })).data.id;
    const aws = (await server.client.v1.settings.billingProviders.create({ billing_provider: "aws_marketplace", configuration: {}, delivery_method: "direct_to_billing_provider" })).data.delivery_method_id;
    const set = await server.client.v1.customers.setBillingConfigurations({
      data: [
        { customer_id: customer, billing_provider: "stripe", delivery_method: "direct_to_billing_provider", configuration: { stripe_customer_id: "cus_Cfg1", stripe_collection_method: "charge_automatically" } },
        { customer_id: customer, billing_provider: "aws_marketplace", delivery_method_id: aws, configuration: { aws_customer_id: "aws-9", aws_product_code: "p1", aws_region: "us-east-1" } },
      ],
    });
    expect(set.data).toEqual([
      { id: expect.any(String), billing_provider: "stripe", customer_id: customer, delivery_method_id: STRIPE, configuration: { stripe_customer_id: "cus_Cfg1", stripe_collection_method: "charge_automatically" } },
      { id: expect.any(String), billing_provider: "aws_marketplace", customer_id: customer, delivery_method_id: aws, configuration: { aws_customer_id: "aws-9", aws_product_code: "p1", aws_region: "us-east-1" } },
    ]);
    const [stripeId, awsId] = set.data.map((d) => d.id!);
    // The per-provider endpoint reads the same mapping.
    expect(await server.client.v1.customers.billingConfig.retrieve({ customer_id: customer, billing_provider_type: "stripe" })).toEqual({ data: { billing_provider_customer_id: "cus_Cfg1" } });
    const got = await server.client.v1.customers.retrieveBillingConfigurations({ customer_id: customer });
    expect(got.data.map((d) => [d.id, d.billing_provider, d.delivery_method, d.delivery_method_id, d.archived_at])).toEqual([
      [stripeId, "stripe", "direct_to_billing_provider", STRIPE, null],
      [awsId, "aws_marketplace", "direct_to_billing_provider", aws, null],
    ]);
    expect(got.data[0]).toMatchObject({ customer_id: customer, configuration: { stripe_customer_id: "cus_Cfg1" }, delivery_method_configuration: {} });

    // A second live Stripe configuration is a conflict, and nothing of the batch is written.
    const other = (await server.client.v1.customers.create({ name: "Other" })).data.id;
    const twice = await server.fetch("/v1/setCustomerBillingProviderConfigurations", {
      method: "POST",
      json: { data: [{ customer_id: other, billing_provider: "netsuite", delivery_method: "direct_to_billing_provider", configuration: { netsuite_customer_id: "ns-1" } }, { customer_id: customer, billing_provider: "stripe", delivery_method: "direct_to_billing_provider", configuration: { stripe_customer_id: "cus_2" } }] },
    });
    expect(twice.status).toBe(409);
    expect((await server.client.v1.customers.retrieveBillingConfigurations({ customer_id: other })).data).toEqual([]);

    const archived = await server.client.v1.customers.archiveBillingConfigurations({ customer_id: customer, customer_billing_provider_configuration_ids: [stripeId!] });
    expect(archived).toEqual({ data: { customer_id: customer, customer_billing_provider_configuration_ids: [stripeId] } });
    expect((await server.client.v1.customers.retrieveBillingConfigurations({ customer_id: customer })).data.map((d) => d.id)).toEqual([awsId]);
    const all = await server.client.v1.customers.retrieveBillingConfigurations({ customer_id: customer, include_archived: true });
    expect(all.data.find((d) => d.id === stripeId)?.archived_at).toEqual(expect.any(String));
    await expect(server.client.v1.customers.billingConfig.retrieve({ customer_id: customer, billing_provider_type: "stripe" })).rejects.toMatchObject({ status: 404 });
    await expect(server.client.v1.customers.archiveBillingConfigurations({ customer_id: customer, customer_billing_provider_configuration_ids: [stripeId!] })).rejects.toMatchObject({ status: 409 });
    // Archived, the provider may be configured again.
    const again = await server.client.v1.customers.setBillingConfigurations({ data: [{ customer_id: customer, billing_provider: "stripe", delivery_method_id: STRIPE, configuration: { stripe_customer_id: "cus_Cfg3" } }] });
    expect(again.data[0]).toMatchObject({ billing_provider: "stripe", configuration: { stripe_customer_id: "cus_Cfg3" } });
    expect(again.data[0]!.id).not.toBe(stripeId);
  });

  it("refuses bad configurations naming the field", async () => {
    const customer = (await server.client.v1.customers.create({ name: "Refused" })).data.id;
    const bad = async (entry: Record<string, unknown>, field: RegExp, status = 400) => {
      const res = await server.fetch("/v1/setCustomerBillingProviderConfigurations", { method: "POST", json: { data: [{ customer_id: customer, ...entry }] } });
      expect(res.status, JSON.stringify(entry)).toBe(status);
      expect((await res.json()).message).toMatch(field);
    };
    await bad({ billing_provider: "stripe", delivery_method: "direct_to_billing_provider" }, /stripe_customer_id/);
    await bad({ billing_provider: "stripe", delivery_method: "aws_sqs", configuration: { stripe_customer_id: "cus_1" } }, /delivery_method/);
    await bad({ billing_provider: "stripe", configuration: { stripe_customer_id: "cus_1" } }, /delivery_method/);
    await bad({ billing_provider: "stripe", delivery_method: "direct_to_billing_provider", tax_provider: "anrok", configuration: { stripe_customer_id: "cus_1" } }, /tax_provider/);
    await bad({ billing_provider: "stripe", delivery_method: "direct_to_billing_provider", configuration: { stripe_customer_id: "cus_1", stripe_collection_method: "send_invoice" } }, /stripe_collection_method/);
    await bad({ billing_provider: "netsuite", delivery_method_id: builtInDeliveryMethodId("stripe"), configuration: {} }, /delivery_method_id/);
    await bad({ billing_provider: "paypal", delivery_method: "direct_to_billing_provider" }, /billing_provider/);
    const unknown = await server.fetch("/v1/archiveCustomerBillingProviderConfigurations", { method: "POST", json: { customer_id: customer, customer_billing_provider_configuration_ids: ["00000000-0000-4000-8000-000000000000"] } });
    expect(unknown.status).toBe(404);
    expect((await server.client.v1.customers.retrieveBillingConfigurations({ customer_id: customer })).data).toEqual([]);
  });

  it("updates customer_config, filters customers on it, and shows current_billable_status", async () => {
    const id = (await server.client.v1.customers.create({ name: "Salesforce" })).data.id;
    await server.client.v1.customers.updateConfig({ customer_id: id, salesforce_account_id: "0015500001WO1ZiABL" });
    const detail = (await server.client.v1.customers.retrieve({ customer_id: id })).data;
    expect(detail.customer_config).toEqual({ salesforce_account_id: "0015500001WO1ZiABL" });
    expect(detail.current_billable_status).toEqual({ value: "billable", effective_at: detail.created_at });
    expect((await server.client.v1.customers.list({ salesforce_account_ids: ["0015500001WO1ZiABL"] })).data.map((c) => c.id)).toEqual([id]);
    const draft = await server.fetch(`/v1/customers/${id}/updateConfig`, { method: "POST", json: { leave_stripe_invoices_in_draft: true } });
    expect(draft.status).toBe(400);
    expect((await draft.json()).message).toMatch(/leave_stripe_invoices_in_draft/);
    await server.client.v1.customers.updateConfig({ customer_id: id, salesforce_account_id: null });
    expect((await server.client.v1.customers.retrieve({ customer_id: id })).data.customer_config).toEqual({ salesforce_account_id: null });
    await server.client.v1.customers.archive({ id });
    const archived = (await server.client.v1.customers.retrieve({ customer_id: id })).data;
    expect(archived.current_billable_status).toEqual({ value: "unbillable", effective_at: archived.archived_at });
    await expect(server.client.v1.customers.updateConfig({ customer_id: "00000000-0000-4000-8000-000000000000", salesforce_account_id: "x" })).rejects.toMatchObject({ status: 404 });
  });

  it("lists the service registry from RATELINE_EGRESS_IPS", async () => {
    expect(await server.client.v1.services.list()).toEqual({ services: [{ name: "rateline", ips: ["203.0.113.7", "198.51.100.0/24"], usage: "makes_connections_from" }] });
  });

  it("refuses Avalara credentials with a 400 saying why, and only to a valid API key", async () => {
    const params = { avalara_environment: "SANDBOX" as const, avalara_username: "u", avalara_password: "p", delivery_method_ids: [STRIPE] };
    const refusal = (await server.client.v1.settings.upsertAvalaraCredentials(params).then(() => undefined, (e: unknown) => e)) as { status: number; error: { message: string } };
    expect([refusal.status, refusal.error.message]).toEqual([400, expect.stringContaining("Rateline calculates no taxes, through Avalara or otherwise")]);
    const anonymous = await fetch(`${server.url}/v1/upsertAvalaraCredentials`, { method: "POST", body: JSON.stringify(params) });
    expect(anonymous.status).toBe(401);
  });
});
