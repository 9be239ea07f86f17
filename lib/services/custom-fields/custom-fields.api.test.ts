import type { CustomFieldListKeysResponse } from "@metronome/sdk/resources/v1/custom-fields";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages } from "@/lib/test-support/all-pages";
import { month } from "@/lib/test-support/months";

// Custom fields through the SDK: keys defined per entity (addKey, listKeys, removeKey), values
// set and deleted on instances (setValues, deleteValues), and the values read back from every
// response the SDK gives `custom_fields` in: customers, contracts (v1 and v2, with their commits,
// credits, scheduled charges and discounts), products (and their rates), rate cards, billable
// metrics, customer-level commits and credits, credit grants, and invoices (their customer's and
// contract's, and each line's product's or commit's).

const USD = { id: USD_CENTS.id, name: USD_CENTS.name };
const THIS = month(0);
const NEXT = month(1);

const refusal = (status: number, message: string) => ({ status, error: { message: expect.stringContaining(message) } });

describeEachDatabase("custom fields through the SDK", (kind) => {
  let server: ApiServer;
  const ids = { metric: "", calls: "", fixed: "", card: "", customer: "", other: "", contract: "", commit: "", credit: "", charge: "", discount: "", customerCredit: "", grant: "" };
  const c = () => server.client;
  const contractV1 = async () => (await c().v1.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.contract })).data;
  const contractV2 = async () => (await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.contract })).data;

  beforeAll(async () => {
    server = await startApiServer(kind);
    ids.metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    // Values given at creation need no defined key, as before keys existed.
    ids.calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: ids.metric, custom_fields: { sku: "calls-1" } })).data.id;
    ids.fixed = (await c().v1.contracts.products.create({ name: "Prepaid", type: "FIXED" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List", custom_fields: { tier: "standard" } })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: ids.calls, entitled: true, rate_type: "FLAT", price: 3, starting_at: THIS });
    ids.customer = (await c().v1.customers.create({ name: "Fielded", custom_fields: { legacy: "yes" } })).data.id;
    ids.other = (await c().v1.customers.create({ name: "Other" })).data.id;
    ids.contract = (
      await c().v1.contracts.create({
        customer_id: ids.customer,
        rate_card_id: ids.card,
        starting_at: THIS,
        commits: [{ type: "PREPAID", product_id: ids.fixed, name: "Prepaid", priority: 1, access_schedule: { schedule_items: [{ amount: 1000, starting_at: THIS, ending_before: NEXT }] } }],
        credits: [{ product_id: ids.fixed, name: "Trial", priority: 2, access_schedule: { schedule_items: [{ amount: 100, starting_at: THIS, ending_before: NEXT }] } }],
        scheduled_charges: [{ product_id: ids.fixed, name: "Onboarding", schedule: { schedule_items: [{ timestamp: NEXT, amount: 150 }] } }],
        discounts: [{ product_id: ids.fixed, name: "Launch", schedule: { schedule_items: [{ timestamp: NEXT, amount: 20 }] } }],
      })
    ).data.id;
    const v2 = await contractV2();
    ids.commit = v2.commits[0]!.id;
    ids.credit = v2.credits![0]!.id;
    ids.charge = v2.scheduled_charges[0]!.id;
    ids.discount = v2.discounts![0]!.id;
    ids.customerCredit = (
      await c().v1.customers.credits.create({ customer_id: ids.customer, product_id: ids.fixed, name: "Goodwill", priority: 3, access_schedule: { schedule_items: [{ amount: 50, starting_at: THIS, ending_before: NEXT }] } })
    ).data.id;
    ids.grant = (
      await c().v1.creditGrants.create({
        customer_id: ids.customer,
        name: "Promo",
        grant_amount: { amount: 10, credit_type_id: USD.id },
        paid_amount: { amount: 0, credit_type_id: USD.id },
        priority: 4,
        effective_at: THIS,
        expires_at: NEXT,
      })
    ).data.id;
  });
  afterAll(() => server.stop());

  const KEYS: CustomFieldListKeysResponse[] = [
    { entity: "customer", key: "x_account_id", enforce_uniqueness: true },
    { entity: "customer", key: "segment", enforce_uniqueness: false },
    { entity: "contract", key: "contract_type", enforce_uniqueness: false },
    { entity: "contract_product", key: "stripe_product_id", enforce_uniqueness: true },
    { entity: "rate_card", key: "region", enforce_uniqueness: false },
    { entity: "billable_metric", key: "owner", enforce_uniqueness: false },
    { entity: "commit", key: "po_number", enforce_uniqueness: true },
    { entity: "contract_credit", key: "reason", enforce_uniqueness: false },
    { entity: "credit_grant", key: "campaign", enforce_uniqueness: false },
    { entity: "scheduled_charge", key: "memo", enforce_uniqueness: false },
    { entity: "discount", key: "memo", enforce_uniqueness: false },
  ];

  it("defines keys per entity and lists them, by entity then key", async () => {
    for (const k of KEYS) await c().v1.customFields.addKey(k);
    // The same definition again changes nothing; a different one is a conflict.
    await c().v1.customFields.addKey({ entity: "customer", key: "segment", enforce_uniqueness: false });
    await expect(c().v1.customFields.addKey({ entity: "customer", key: "segment", enforce_uniqueness: true })).rejects.toMatchObject(refusal(409, "already defined"));

    const listed: CustomFieldListKeysResponse[] = await allPages(c().v1.customFields.listKeys());
    const order = ["customer", "contract", "contract_product", "rate_card", "billable_metric", "commit", "contract_credit", "credit_grant", "scheduled_charge", "discount"];
    const expected = [...KEYS].sort((a, b) => order.indexOf(a.entity) - order.indexOf(b.entity) || a.key.localeCompare(b.key));
    expect(listed).toEqual(expected satisfies CustomFieldListKeysResponse[]);
    expect(await allPages(c().v1.customFields.listKeys({ entities: ["customer", "alert"] }))).toEqual([
      { entity: "customer", key: "segment", enforce_uniqueness: false },
      { entity: "customer", key: "x_account_id", enforce_uniqueness: true },
    ]);
  });

  it("pages the key list 100 keys at a time", async () => {
    const many = Array.from({ length: 100 }, (_, i) => `bulk_${String(i).padStart(3, "0")}`);
    for (let i = 0; i < many.length; i += 10) await Promise.all(many.slice(i, i + 10).map((key) => c().v1.customFields.addKey({ entity: "billable_metric", key, enforce_uniqueness: false })));
    const first = await c().v1.customFields.listKeys({ entities: ["billable_metric"] });
    expect(first.data).toHaveLength(100);
    expect(first.next_page).toEqual(expect.any(String));
    const keys = (await allPages(c().v1.customFields.listKeys({ entities: ["billable_metric"] }))).map((k) => k.key);
    expect(keys).toEqual([...many, "owner"]);
    for (let i = 0; i < many.length; i += 10) await Promise.all(many.slice(i, i + 10).map((key) => c().v1.customFields.removeKey({ entity: "billable_metric", key })));
    expect((await allPages(c().v1.customFields.listKeys({ entities: ["billable_metric"] }))).map((k) => k.key)).toEqual(["owner"]);
  });

  it("sets values on every entity, keeping other keys, and every response the SDK gives custom_fields returns them", async () => {
    const set = (entity: CustomFieldListKeysResponse["entity"], entity_id: string, custom_fields: Record<string, string>) => c().v1.customFields.setValues({ entity, entity_id, custom_fields });
    await set("customer", ids.customer, { x_account_id: "KyVnHhSBWl7eY2bl", segment: "enterprise" });
    await set("contract", ids.contract, { contract_type: "paygo" });
    await set("contract_product", ids.calls, { stripe_product_id: "prod_123" });
    await set("rate_card", ids.card, { region: "eu" });
    await set("billable_metric", ids.metric, { owner: "platform" });
    await set("commit", ids.commit, { po_number: "PO-1" });
    await set("contract_credit", ids.credit, { reason: "trial" });
    await set("contract_credit", ids.customerCredit, { reason: "goodwill" });
    await set("credit_grant", ids.grant, { campaign: "spring" });
    await set("scheduled_charge", ids.charge, { memo: "setup" });
    await set("discount", ids.discount, { memo: "launch" });

    const customerFields = { legacy: "yes", x_account_id: "KyVnHhSBWl7eY2bl", segment: "enterprise" };
    expect((await c().v1.customers.retrieve({ customer_id: ids.customer })).data.custom_fields).toEqual(customerFields);
    expect((await c().v1.customers.list({ customer_ids: [ids.customer] })).data.map((x) => x.custom_fields)).toEqual([customerFields]);

    const v1 = await contractV1();
    expect(v1.custom_fields).toEqual({ contract_type: "paygo" });
    expect(v1.current.commits.map((x) => x.custom_fields)).toEqual([{ po_number: "PO-1" }]);
    expect(v1.current.credits?.map((x) => x.custom_fields)).toEqual([{ reason: "trial" }]);
    expect(v1.current.scheduled_charges.map((x) => x.custom_fields)).toEqual([{ memo: "setup" }]);
    expect(v1.current.discounts?.map((x) => x.custom_fields)).toEqual([{ memo: "launch" }]);
    expect((await c().v1.contracts.list({ customer_id: ids.customer })).data.map((x) => x.custom_fields)).toEqual([{ contract_type: "paygo" }]);
    const v2 = await contractV2();
    expect([v2.custom_fields, v2.commits[0]!.custom_fields, v2.credits![0]!.custom_fields, v2.scheduled_charges[0]!.custom_fields, v2.discounts![0]!.custom_fields]).toEqual([
      { contract_type: "paygo" },
      { po_number: "PO-1" },
      { reason: "trial" },
      { memo: "setup" },
      { memo: "launch" },
    ]);
    expect((await c().v2.contracts.list({ customer_id: ids.customer })).data.map((x) => x.custom_fields)).toEqual([{ contract_type: "paygo" }]);

    const productFields = { sku: "calls-1", stripe_product_id: "prod_123" };
    expect((await c().v1.contracts.products.retrieve({ id: ids.calls })).data.custom_fields).toEqual(productFields);
    expect((await c().v1.contracts.products.list()).data.find((p) => p.id === ids.calls)!.custom_fields).toEqual(productFields);
    expect((await c().v1.contracts.products.retrieve({ id: ids.fixed })).data.custom_fields).toEqual({});
    expect((await c().v1.contracts.rateCards.rates.list({ rate_card_id: ids.card, at: THIS })).data.map((r) => r.product_custom_fields)).toEqual([productFields]);

    expect((await c().v1.contracts.rateCards.retrieve({ id: ids.card })).data.custom_fields).toEqual({ tier: "standard", region: "eu" });
    expect((await c().v1.contracts.rateCards.list()).data.find((r) => r.id === ids.card)!.custom_fields).toEqual({ tier: "standard", region: "eu" });
    expect((await c().v1.billableMetrics.retrieve({ billable_metric_id: ids.metric })).data.custom_fields).toEqual({ owner: "platform" });

    const credits = (await c().v1.customers.credits.list({ customer_id: ids.customer, include_contract_credits: true })).data;
    expect(Object.fromEntries(credits.map((x) => [x.id, x.custom_fields]))).toEqual({ [ids.credit]: { reason: "trial" }, [ids.customerCredit]: { reason: "goodwill" }, [ids.grant]: { campaign: "spring" } });
    expect((await c().v1.customers.commits.list({ customer_id: ids.customer, include_contract_commits: true })).data.map((x) => x.custom_fields)).toEqual([{ po_number: "PO-1" }]);
    expect((await c().v1.creditGrants.list({ credit_grant_ids: [ids.grant] })).data.map((g) => g.custom_fields)).toEqual([{ campaign: "spring" }]);

    // Invoices carry their customer's and contract's fields, and each line its product's or
    // commit's: 10 calls at 3¢ this month, drawn from the prepaid commit.
    await c().v1.usage.ingest({ usage: Array.from({ length: 10 }, (_, i) => ({ customer_id: ids.customer, transaction_id: `fielded-${i}`, event_type: "api_call", timestamp: new Date(Math.max(Date.parse(THIS), Date.now() - 60_000)).toISOString() })) });
    const invoices = (await c().v1.customers.invoices.list({ customer_id: ids.customer, status: "DRAFT" })).data;
    const usage = invoices.find((i) => i.type === "USAGE")!;
    const one = (await c().v1.customers.invoices.retrieve({ customer_id: ids.customer, invoice_id: usage.id })).data;
    for (const invoice of [usage, one]) {
      expect([invoice.customer_custom_fields, invoice.contract_custom_fields]).toEqual([customerFields, { contract_type: "paygo" }]);
      expect(invoice.line_items.find((l) => l.product_id === ids.calls)).toMatchObject({ total: 30, product_custom_fields: productFields });
      expect(invoice.line_items.find((l) => l.type === "applied_commit_or_credit")).toMatchObject({ total: -30, commit_custom_fields: { po_number: "PO-1" } });
    }

    // Overwriting one key keeps the rest; the audit log has each change, before and after.
    await set("customer", ids.customer, { segment: "mid-market" });
    expect((await c().v1.customers.retrieve({ customer_id: ids.customer })).data.custom_fields).toEqual({ ...customerFields, segment: "mid-market" });
    const audit = await allPages(c().v1.auditLogs.list({ resource_type: "customer", resource_id: ids.customer, sort: "date_asc" }));
    expect(audit.filter((e) => e.action === "custom_fields.set")).toHaveLength(2);
  });

  it("refuses a key that was not defined for the entity, naming it, and writes nothing", async () => {
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: ids.customer, custom_fields: { segment: "smb", colour: "red" } })).rejects.toMatchObject(
      refusal(400, 'custom_fields.colour: "colour" is not a custom field key of customer'),
    );
    // A contract's key is not a customer's.
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: ids.customer, custom_fields: { contract_type: "x" } })).rejects.toMatchObject(refusal(400, "custom_fields.contract_type"));
    expect((await c().v1.customers.retrieve({ customer_id: ids.customer })).data.custom_fields.segment).toBe("mid-market");
    // An instance of another entity, or none, is not found.
    await expect(c().v1.customFields.setValues({ entity: "contract", entity_id: ids.customer, custom_fields: { contract_type: "x" } })).rejects.toMatchObject(refusal(404, "No contract has that entity_id"));
    await expect(c().v1.customFields.setValues({ entity: "commit", entity_id: ids.credit, custom_fields: { po_number: "x" } })).rejects.toMatchObject(refusal(404, "No commit has that entity_id"));
  });

  it("holds a value of a key that enforces uniqueness on one instance, however it is written", async () => {
    const taken = refusal(409, "x_account_id");
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: ids.other, custom_fields: { x_account_id: "KyVnHhSBWl7eY2bl" } })).rejects.toMatchObject(taken);
    await expect(c().v1.customers.create({ name: "Copy", custom_fields: { x_account_id: "KyVnHhSBWl7eY2bl" } })).rejects.toMatchObject(taken);
    // Setting the value an instance already holds is no conflict with itself.
    await c().v1.customFields.setValues({ entity: "customer", entity_id: ids.customer, custom_fields: { x_account_id: "KyVnHhSBWl7eY2bl" } });
    // Commits given at creation are held to it too, named by their place in the request.
    await expect(
      c().v1.contracts.create({
        customer_id: ids.other,
        rate_card_id: ids.card,
        starting_at: THIS,
        commits: [{ type: "PREPAID", product_id: ids.fixed, priority: 1, custom_fields: { po_number: "PO-1" }, access_schedule: { schedule_items: [{ amount: 1, starting_at: THIS, ending_before: NEXT }] } }],
      }),
    ).rejects.toMatchObject(refusal(409, "commits.0.custom_fields.po_number"));
    expect((await c().v1.contracts.list({ customer_id: ids.other })).data).toEqual([]);

    // Two customers claiming one value at once: one has it, the other is refused.
    const third = (await c().v1.customers.create({ name: "Third" })).data.id;
    const claims = await Promise.allSettled([ids.other, third].map((id) => c().v1.customFields.setValues({ entity: "customer", entity_id: id, custom_fields: { x_account_id: "race" } })));
    expect(claims.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((claims.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const holders = (await c().v1.customers.list({ customer_ids: [ids.other, third] })).data.filter((x) => x.custom_fields.x_account_id === "race");
    expect(holders).toHaveLength(1);

    // A key whose values are already held twice cannot start enforcing uniqueness.
    await c().v1.customFields.setValues({ entity: "contract_credit", entity_id: ids.credit, custom_fields: { reason: "goodwill" } });
    await c().v1.customFields.removeKey({ entity: "contract_credit", key: "reason" });
    await c().v1.customers.credits.create({ customer_id: ids.customer, product_id: ids.fixed, priority: 5, custom_fields: { channel: "a" }, access_schedule: { schedule_items: [{ amount: 1, starting_at: THIS, ending_before: NEXT }] } });
    await c().v1.customers.credits.create({ customer_id: ids.customer, product_id: ids.fixed, priority: 6, custom_fields: { channel: "a" }, access_schedule: { schedule_items: [{ amount: 1, starting_at: THIS, ending_before: NEXT }] } });
    await expect(c().v1.customFields.addKey({ entity: "contract_credit", key: "channel", enforce_uniqueness: true })).rejects.toMatchObject(refusal(409, '"a"'));
    await c().v1.customFields.addKey({ entity: "contract_credit", key: "channel", enforce_uniqueness: false });
  });

  it("deletes values, keeping the others; a key the instance does not hold is already gone", async () => {
    await c().v1.customFields.deleteValues({ entity: "customer", entity_id: ids.customer, keys: ["segment", "legacy", "never_set"] });
    expect((await c().v1.customers.retrieve({ customer_id: ids.customer })).data.custom_fields).toEqual({ x_account_id: "KyVnHhSBWl7eY2bl" });
    await c().v1.customFields.deleteValues({ entity: "contract_product", entity_id: ids.calls, keys: ["sku"] });
    expect((await c().v1.contracts.products.retrieve({ id: ids.calls })).data.custom_fields).toEqual({ stripe_product_id: "prod_123" });
    await expect(c().v1.customFields.deleteValues({ entity: "rate_card", entity_id: ids.customer, keys: ["region"] })).rejects.toMatchObject(refusal(404, "No rate card has that entity_id"));
  });

  it("removes a key with its values, so setValues refuses it again", async () => {
    await c().v1.customFields.removeKey({ entity: "contract", key: "contract_type" });
    expect((await contractV1()).custom_fields).toEqual({});
    expect(await allPages(c().v1.customFields.listKeys({ entities: ["contract"] }))).toEqual([]);
    await expect(c().v1.customFields.setValues({ entity: "contract", entity_id: ids.contract, custom_fields: { contract_type: "paygo" } })).rejects.toMatchObject(refusal(400, "custom_fields.contract_type"));
    await expect(c().v1.customFields.removeKey({ entity: "contract", key: "contract_type" })).rejects.toMatchObject(refusal(404, "contract_type"));
    // The other entities' values stay.
    expect((await contractV2()).commits[0]!.custom_fields).toEqual({ po_number: "PO-1" });
  });

  it("refuses, naming the field, the entities Rateline keeps no custom fields for and values beyond Metronome's limits", async () => {
    await expect(c().v1.customFields.addKey({ entity: "alert", key: "k", enforce_uniqueness: false })).rejects.toMatchObject(refusal(400, '`entity`: "alert" is not supported'));
    await expect(c().v1.customFields.setValues({ entity: "product", entity_id: ids.calls, custom_fields: { k: "v" } })).rejects.toMatchObject(refusal(400, '`entity`: "product" is not supported'));
    await expect(c().v1.customFields.deleteValues({ entity: "invoice", entity_id: ids.calls, keys: ["k"] })).rejects.toMatchObject(refusal(400, "`entity`"));
    await expect(c().v1.customFields.removeKey({ entity: "package_commit", key: "k" })).rejects.toMatchObject(refusal(400, "`entity`"));
    await expect(c().v1.customFields.addKey({ entity: "customer", key: "k".repeat(101), enforce_uniqueness: false })).rejects.toMatchObject(refusal(400, "key: A custom field key is at most 100 characters"));
    await c().v1.customFields.addKey({ entity: "customer", key: "note", enforce_uniqueness: false });
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: ids.customer, custom_fields: { note: "n".repeat(201) } })).rejects.toMatchObject(
      refusal(400, "custom_fields.note: A custom field value is at most 200 characters"),
    );
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: "not-an-id", custom_fields: { note: "n" } })).rejects.toMatchObject(refusal(400, "entity_id"));
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: ids.customer, custom_fields: {} })).rejects.toMatchObject(refusal(400, "custom_fields"));
    await expect(c().v1.customFields.setValues({ entity: "customer", entity_id: ids.customer, custom_fields: { note: "n" }, colour: "red" } as never)).rejects.toMatchObject(
      refusal(400, "`colour` is not a field of this request"),
    );
    expect((await c().v1.customers.retrieve({ customer_id: ids.customer })).data.custom_fields).toEqual({ x_account_id: "KyVnHhSBWl7eY2bl" });
  });
});
