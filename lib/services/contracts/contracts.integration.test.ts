import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { MAX_CONTRACTS_PER_CUSTOMER } from "@/lib/services/contracts/contract-record";
import { getContract, listContracts } from "@/lib/services/contracts/get-contract";
import { archiveContract, updateContractEndDate } from "@/lib/services/contracts/contract-lifecycle";
import { MAX_EDIT_HISTORY, amendContract, editContract, getContractEditHistory } from "@/lib/services/contracts/edit-contract";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { createCreditType } from "@/lib/services/credit-types/create-credit-type";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

const NOW = new Date("2026-01-20T12:00:00Z");
const OPTIONS = { now: NOW, backdateDays: 34 };
const at = (iso: string) => new Date(iso).toISOString();

describeEachDatabase("contracts", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
    // January: 3M large tokens and 10M mini tokens; 1,500 requests.
    const events = [
      ...Array.from({ length: 3 }, (_, i) => ({ transaction_id: `l-${i}`, customer_id: f.alias, event_type: "completion", timestamp: at(`2026-01-0${i + 2}T10:00:00Z`), properties: { model: "large", tokens: 1_000_000 } })),
      ...Array.from({ length: 10 }, (_, i) => ({ transaction_id: `m-${i}`, customer_id: f.alias, event_type: "completion", timestamp: at(`2026-01-1${i}T10:00:00Z`), properties: { model: "mini", tokens: 1_000_000 } })),
      ...Array.from({ length: 1487 }, (_, i) => ({ transaction_id: `r-${i}`, customer_id: f.alias, event_type: "completion", timestamp: at("2026-01-19T10:00:00Z"), properties: { model: "mini" } })),
    ];
    await ingestEvents(ctx, events, OPTIONS);
  });
  afterAll(() => db.close());
  // Each case starts with no live contract: two at once would bill the customer's usage twice.
  beforeEach(async () => {
    for (const c of await db.prisma.contract.findMany({ where: { customerId: f.customer.id, archivedAt: null }, select: { id: true } })) {
      await archiveContract(ctx, { customer_id: f.customer.id, contract_id: c.id, void_invoices: false });
    }
  });

  const draft = async (contractId: string) => (await computeDraftInvoice(db.prisma, f.customer.id, contractId, NOW)).invoice;
  const lines = (invoice: Awaited<ReturnType<typeof draft>>) => invoice.lines.map((l) => [l.type, l.name, l.pricingGroupValues?.model ?? null, l.total.toFixed()]);

  it("prices list rates per pricing group and graduated tiers", async () => {
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    const invoice = await draft(id);
    // large: 3 × 1000¢; mini: 10 × 100¢; requests: 1,500 − 1,000 free = 500 × 0.5¢.
    expect(lines(invoice)).toEqual(
      expect.arrayContaining([
        ["USAGE", "Tokens", "large", "3000"],
        ["USAGE", "Tokens", "mini", "1000"],
        ["USAGE", "Requests", null, "250"],
      ]),
    );
    expect(invoice.total.toFixed()).toBe("4250");
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
  });

  it("draws a prepaid commit down, applies a multiplier override and bills seats", async () => {
    const { id } = await createContract(ctx, {
      customer_id: f.customer.id,
      rate_card_id: f.card.id,
      starting_at: T0.toISOString(),
      overrides: [{ starting_at: T0.toISOString(), product_id: f.tokenProduct.id, type: "MULTIPLIER", multiplier: 0.5 }],
      commits: [
        {
          type: "PREPAID",
          product_id: f.fixed.id,
          name: "Prepaid",
          priority: 1,
          applicable_product_ids: [f.tokenProduct.id],
          access_schedule: { schedule_items: [{ amount: 1000, starting_at: T0.toISOString(), ending_before: at("2027-01-01T00:00:00Z") }] },
          invoice_schedule: { schedule_items: [{ timestamp: T0.toISOString(), amount: 1000 }] },
        },
      ],
      subscriptions: [{ collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { product_id: f.seats.id, billing_frequency: "MONTHLY" }, initial_quantity: 3 }],
    });
    const invoice = await draft(id);
    // Tokens at half price: 1500 + 500 = 2000¢, of which the commit covers 1000¢.
    expect(lines(invoice)).toEqual(
      expect.arrayContaining([
        ["USAGE", "Tokens", "large", "1500"],
        ["USAGE", "Tokens", "mini", "500"],
        ["SUBSCRIPTION", "Seats", null, "6000"],
        ["APPLIED_COMMIT_OR_CREDIT", "Prepaid", null, "-1000"],
      ]),
    );
    // The commit's purchase is not on the usage invoice: it is billed on its date, on its own.
    expect(lines(invoice).map((l) => l[0])).not.toContain("COMMIT_PURCHASE");
    expect(invoice.total.toFixed()).toBe(String(1500 + 500 + 250 + 6000 - 1000));
    const view = await getContract(ctx, { customer_id: f.customer.id, contract_id: id, include_balance: true }, NOW);
    expect(view.balances?.get(view.row.commits[0]!.id)?.remaining.toFixed()).toBe("0");
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
  });

  it("splits usage at a mid-period price change", async () => {
    const card = f.card.id;
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: card, starting_at: T0.toISOString() });
    await addRate(ctx, { rate_card_id: card, product_id: f.tokenProduct.id, entitled: true, rate_type: "FLAT", price: 50, starting_at: at("2026-01-15T00:00:00Z"), pricing_group_values: { model: "mini" } });
    const invoice = await draft(id);
    // mini: 5M before the 15th at 100¢, 5M after at 50¢.
    const mini = invoice.lines.filter((l) => l.pricingGroupValues?.model === "mini").map((l) => l.total.toFixed());
    expect(mini.sort()).toEqual(["250", "500"]);
  });

  it("refuses what cannot be billed, naming the field, and stores nothing", async () => {
    const before = await db.prisma.contract.count();
    const refusal = async (body: Record<string, unknown>) => {
      const error = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), ...body } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    };
    expect((await refusal({ ending_before: at("2025-12-01T00:00:00Z") })).fields).toHaveProperty("ending_before");
    expect((await refusal({ starting_at: at("2026-01-01T00:30:00Z") })).fields).toHaveProperty("starting_at");
    const noRate = await refusal({ subscriptions: [{ collection_schedule: "ADVANCE", subscription_rate: { product_id: f.seats.id, billing_frequency: "ANNUAL" } }] });
    expect(noRate.fields).toHaveProperty(["subscriptions.0.subscription_rate"]);
    const access = { schedule_items: [{ amount: 10, starting_at: T0.toISOString(), ending_before: at("2026-06-01T00:00:00Z") }] };
    const ambiguous = await refusal({ credits: [{ product_id: f.fixed.id, priority: 1, access_schedule: access }, { product_id: f.fixed.id, priority: 1, access_schedule: access }] });
    expect(Object.keys(ambiguous.fields ?? {})).toEqual([expect.stringMatching(/^credits\.[01]\.priority$/)]);
    const currency = await refusal({ credits: [{ product_id: f.fixed.id, access_schedule: { ...access, credit_type_id: "9c1f6c7e-6a0b-4f43-9f2e-3b1b8c6d2a10" } }] });
    expect(currency.fields).toHaveProperty(["credits.0.access_schedule.credit_type_id"]);
    expect((await refusal({ commits: [{ type: "PREPAID", product_id: "00000000-0000-4000-8000-000000000000", access_schedule: access }] })).fields).toHaveProperty(["commits.0.product_id"]);
    expect(await db.prisma.contract.count()).toBe(before);
    expect(await db.prisma.commit.count({ where: { contract: null } })).toBe(0);
  });

  it("bills an overwrite in the credit type it names, and refuses one the rate card cannot bill", async () => {
    const gpu = await createCreditType(ctx, { name: "GPU credits", precision: 2, fiat_per_unit: "150" });
    const other = await createCreditType(ctx, { name: "Other units", precision: 0, fiat_per_unit: "1" });
    const card = await createRateCard(ctx, { name: "Units", credit_type_conversions: [{ custom_credit_type_id: gpu.id, fiat_per_custom_credit: 150 }] });
    await addRate(ctx, { rate_card_id: card.id, product_id: f.requestProduct.id, entitled: true, rate_type: "FLAT", price: 0.5, starting_at: T0.toISOString() });
    const overwrite = (creditTypeId: string) => [{ starting_at: T0.toISOString(), product_id: f.requestProduct.id, type: "OVERWRITE", overwrite_rate: { rate_type: "FLAT", price: "0.01", credit_type_id: creditTypeId } }];
    const refused = (await createContract(ctx, { customer_id: f.customer.id, rate_card_id: card.id, starting_at: T0.toISOString(), overrides: overwrite(other.id) } as never).catch((e: unknown) => e)) as AppError;
    expect(refused).toMatchObject({ status: 400, fields: { "overrides.0.overwrite_rate.credit_type_id": expect.any(String) } });
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: card.id, starting_at: T0.toISOString(), overrides: overwrite(gpu.id) } as never);
    const invoice = await draft(id);
    // 1,500 requests at 0.01 GPU credits = 15 GPU credits (not 1,500 × 0.5¢ in USD), which no
    // balance covers, so they are billed in fiat at 150¢ each: 2,250¢.
    expect(invoice.lines.map((l) => [l.type, l.creditType.name, l.total.toFixed()])).toEqual([
      ["USAGE", "GPU credits", "15"],
      ["CPU_CONVERSION", "USD (cents)", "2250"],
    ]);
    expect(invoice.total.toFixed()).toBe("2250");
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
  });

  it("moves the end date and refuses one before the start", async () => {
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), uniqueness_key: "end-date" });
    await updateContractEndDate(ctx, { customer_id: f.customer.id, contract_id: id, ending_before: at("2026-01-16T00:00:00Z") });
    const { invoice } = await computeDraftInvoice(db.prisma, f.customer.id, id, new Date("2026-01-15T12:00:00Z"));
    expect(invoice.endingBefore.toISOString()).toBe("2026-01-16T00:00:00.000Z");
    await expect(updateContractEndDate(ctx, { customer_id: f.customer.id, contract_id: id, ending_before: at("2025-01-01T00:00:00Z") })).rejects.toMatchObject({ status: 400 });
    await expect(createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), uniqueness_key: "end-date" })).rejects.toMatchObject({ status: 409 });
  });

  it("edits from a date: a mid-period seat change, an added and a removed override, history kept", async () => {
    const { id } = await createContract(ctx, {
      customer_id: f.customer.id,
      rate_card_id: f.card.id,
      starting_at: T0.toISOString(),
      subscriptions: [{ collection_schedule: "ARREARS", proration: { is_prorated: true }, subscription_rate: { product_id: f.seats.id, billing_frequency: "MONTHLY" }, initial_quantity: 2 }],
      overrides: [{ starting_at: T0.toISOString(), product_id: f.requestProduct.id, type: "MULTIPLIER", multiplier: 0 }],
    });
    const created = await getContract(ctx, { customer_id: f.customer.id, contract_id: id }, NOW);
    const subscriptionId = created.row.subscriptions[0]!.id;
    const overrideId = created.row.overrides[0]!.id;
    const editNow = new Date("2026-01-10T00:00:00Z");
    await editContract(ctx, {
      customer_id: f.customer.id,
      contract_id: id,
      update_subscriptions: [{ subscription_id: subscriptionId, quantity_updates: [{ starting_at: at("2026-01-16T16:00:00Z"), quantity_delta: 2 }] }],
      remove_overrides: [{ id: overrideId }],
      add_overrides: [{ starting_at: at("2026-01-10T00:00:00Z"), product_id: f.tokenProduct.id, type: "OVERWRITE", overwrite_rate: { rate_type: "FLAT", price: 10 } }],
    }, editNow);
    const invoice = await draft(id);
    // Seats in arrears, prorated by exact time, one line per seat count: 2 seats until the 16th
    // 16:00 (15⅔ of 31 days) = 2021.5 → 2022¢; then 4 seats (15⅓ days) = 3956.98… → 3957¢.
    expect(invoice.lines.filter((l) => l.type === "SUBSCRIPTION").map((l) => [l.quantity!.toFixed(), l.total.toFixed()])).toEqual([["2", "2022"], ["4", "3957"]]);
    // Requests are at list price again; tokens at the overwrite of 10¢ per million from the 10th.
    expect(invoice.lines.find((l) => l.name === "Requests")!.total.toFixed()).toBe("250");
    const history = await getContractEditHistory(ctx, { customer_id: f.customer.id, contract_id: id });
    expect(history.map((h) => h.kind)).toEqual(["CREATE", "EDIT"]);
    await amendContract(ctx, { customer_id: f.customer.id, contract_id: id, starting_at: at("2026-01-05T00:00:00Z"), credits: [{ product_id: f.fixed.id, access_schedule: { schedule_items: [{ amount: 100, starting_at: at("2026-01-05T00:00:00Z"), ending_before: at("2026-02-01T00:00:00Z") }] } }] });
    expect((await draft(id)).total.toFixed()).toBe(invoice.total.minus(100).toFixed());
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
  });

  it("refuses edit operations it does not support by name, changing nothing", async () => {
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    const error = (await editContract(ctx, { customer_id: f.customer.id, contract_id: id, add_reseller_royalties: [] } as never).catch((e: AppError) => e)) as AppError;
    expect(error).toMatchObject({ status: 400 });
    expect(error.message).toMatch(/add_reseller_royalties/);
    expect((await getContractEditHistory(ctx, { customer_id: f.customer.id, contract_id: id })).length).toBe(1);
  });

  it(`returns at most the newest ${MAX_EDIT_HISTORY} edits, oldest first`, async () => {
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    const base = Date.now();
    await db.prisma.contractEdit.createMany({
      data: Array.from({ length: MAX_EDIT_HISTORY + 5 }, (_, i) => ({ contractId: id, kind: "EDIT", effectiveAt: T0, payload: { n: i }, actorName: "test", createdAt: new Date(base + (i + 1) * 1000) })),
    });
    const history = await getContractEditHistory(ctx, { customer_id: f.customer.id, contract_id: id });
    expect(history).toHaveLength(MAX_EDIT_HISTORY);
    expect(history[0]!.payload).toEqual({ n: 5 });
    expect(history.at(-1)!.payload).toEqual({ n: MAX_EDIT_HISTORY + 4 });
  });
  it("refuses a second live contract that would bill the same usage, and allows one that follows it", async () => {
    const first = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, name: "First", starting_at: T0.toISOString() });
    const before = await db.prisma.contract.count();
    const overlap = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: "2026-02-01T00:00:00Z" }).catch((e: unknown) => e);
    expect(overlap).toMatchObject({ status: 409, fields: { starting_at: expect.any(String) } });
    expect((overlap as Error).message).toContain(`contract First (${first.id}) from 2026-01-01 with no end, which prices the same usage`);
    expect(await db.prisma.contract.count()).toBe(before);

    // Once the first ends, the next may start where it ends; moving the end past that start is refused.
    await updateContractEndDate(ctx, { customer_id: f.customer.id, contract_id: first.id, ending_before: at("2026-02-01T00:00:00Z") });
    const next = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: "2026-02-01T00:00:00Z" });
    await expect(updateContractEndDate(ctx, { customer_id: f.customer.id, contract_id: first.id, ending_before: at("2026-03-01T00:00:00Z") })).rejects.toMatchObject({ status: 409, fields: { ending_before: expect.any(String) } });
    await expect(editContract(ctx, { customer_id: f.customer.id, contract_id: first.id, update_contract_end_date: null })).rejects.toMatchObject({ status: 409, fields: { update_contract_end_date: expect.any(String) } });
    expect((await db.prisma.contract.findUniqueOrThrow({ where: { id: first.id } })).endingBefore?.toISOString()).toBe(at("2026-02-01T00:00:00Z"));
    // A contract on a rate card that prices no usage bills nothing twice.
    const empty = await createRateCard(ctx, { name: "No usage" });
    await expect(createContract(ctx, { customer_id: f.customer.id, rate_card_id: empty.id, starting_at: T0.toISOString() })).resolves.toHaveProperty("id");
    expect(next.id).toBeTruthy();
  });

  it(`keeps a customer to ${MAX_CONTRACTS_PER_CUSTOMER} contracts, archived ones included, even when they are created at once; the list holds them all`, async () => {
    const customer = await db.prisma.customer.create({ data: { name: "Many contracts" }, select: { id: true } });
    const card = await createRateCard(ctx, { name: "Nothing to double-bill" });
    const start = T0.toISOString();
    await db.prisma.contract.createMany({
      data: Array.from({ length: MAX_CONTRACTS_PER_CUSTOMER - 2 }, (_, i) => ({ customerId: customer.id, rateCardId: card.id, startingAt: T0, nextPeriodStart: T0, archivedAt: i % 2 ? NOW : null })),
    });
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => createContract(ctx, { customer_id: customer.id, rate_card_id: card.id, starting_at: start }).then(() => "created", (e: AppError) => e.status)),
    );
    expect(outcomes.sort()).toEqual([409, "created", "created"]);
    expect(await db.prisma.contract.count({ where: { customerId: customer.id } })).toBe(MAX_CONTRACTS_PER_CUSTOMER);
    const refused = (await createContract(ctx, { customer_id: customer.id, rate_card_id: card.id, starting_at: start }).catch((e: AppError) => e)) as AppError;
    expect(refused).toMatchObject({ status: 409, message: expect.stringMatching(/at most 1000 contracts/), fields: { customer_id: expect.any(String) } });
    expect(await listContracts(ctx, { customer_id: customer.id, include_archived: true }, NOW)).toHaveLength(MAX_CONTRACTS_PER_CUSTOMER);
  });

  it("creates a contract while the close job stores a period of the same customer, without a deadlock", async () => {
    const customer = await db.prisma.customer.create({ data: { name: "Closing" }, select: { id: true } });
    const card = await createRateCard(ctx, { name: "Closing card" });
    const existing = await createContract(ctx, { customer_id: customer.id, rate_card_id: card.id, starting_at: T0.toISOString() });
    // What storing a finalized invoice does: the invoice's foreign key takes a key-share lock on
    // the customer; then moving the contract's next period queues the customer's billing refresh,
    // which waits for the contract being created (it queued the customer too).
    const job = db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(`SELECT 1 FROM customer WHERE id = $1::uuid FOR KEY SHARE`, customer.id);
        await new Promise((r) => setTimeout(r, 1000));
        await tx.$executeRawUnsafe(`UPDATE contract SET next_period_start = next_period_start + interval '1 month' WHERE id = $1::uuid`, existing.id);
      },
      { timeout: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 200));
    const created = createContract(ctx, { customer_id: customer.id, rate_card_id: card.id, starting_at: T0.toISOString() });
    await expect(Promise.all([job, created])).resolves.toEqual([undefined, { id: expect.any(String) }]);
  });
});
