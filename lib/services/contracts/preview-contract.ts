import { billingPeriodAt } from "@/lib/billing/periods";
import { computeScheduledInvoices } from "@/lib/billing/scheduled-invoices";
import { AppError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { loadContractForBilling, priceDraftInvoice, type BillableContract } from "@/lib/services/invoices/draft-invoice";
import { draftRecord, type InvoiceRecord } from "@/lib/services/invoices/invoice-record";
import { parseInput } from "@/lib/services/parse-input";
import type { Prisma } from "@/lib/db/generated/client";
import { insertRequestedContract } from "./create-contract";
import { applyContractEdit } from "./edit-contract";
import { ZCreateContract, ZEditContract, type TCreateContract, type TEditContract } from "./schemas";

// Previews run the very writes of createContract and editContract (so they validate exactly as
// those do), load the result as the engine reads a contract, and roll everything back; the terms
// so loaded are then priced through the same draft-invoice path as live drafts. What a preview
// shows is what the contract would bill, with nothing stored and no audit entry left. Usage is
// read after the rollback, outside the transaction: the metering reads take their own snapshot.

class RolledBack<T> {
  constructor(readonly value: T) {}
}

async function rolledBack<T>(ctx: ServiceContext, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  try {
    await ctx.db.$transaction(async (tx) => {
      throw new RolledBack(await work(tx));
    }, { maxWait: 30_000, timeout: 60_000 });
  } catch (outcome) {
    if (outcome instanceof RolledBack) return outcome.value as T;
    throw outcome;
  }
  throw new Error("unreachable: a preview transaction always rolls back");
}

type Db = Prisma.TransactionClient | ServiceContext["db"];

/** The draft invoice of the loaded contract's period containing `at`, as the console shows drafts. */
async function draftAt(db: Db, customerId: string, billing: BillableContract, at: Date, previewId: string, contractId: string | null): Promise<InvoiceRecord> {
  const period = billingPeriodAt(billing.contract, at);
  if (!period) throw new AppError("unprocessable", "The contract has no billing period at that date.");
  const draft = await priceDraftInvoice(db, customerId, billing, period);
  return { ...draftRecord({ ...draft, id: previewId, type: "USAGE", billing }), contractId };
}

export type ContractPreview = {
  /** The usage invoice of the first period, with the usage stored so far. */
  usage: InvoiceRecord;
  /** The SCHEDULED invoices dated in that period: scheduled charges, commit purchases. */
  scheduled: InvoiceRecord[];
};

/** The first invoices a new contract would produce. */
export async function previewContract(ctx: ServiceContext, input: TCreateContract): Promise<ContractPreview> {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZCreateContract, input);
  const billing = await rolledBack(ctx, async (tx) => {
    const { id } = await insertRequestedContract(tx, ctx.actor, data, input);
    return loadContractForBilling(tx, data.customer_id, id, data.starting_at);
  });
  const usage = await draftAt(ctx.db, data.customer_id, billing, data.starting_at, "preview", null);
  const firstPeriod = { startingAt: usage.startTimestamp, endingBefore: usage.endTimestamp };
  const scheduled = computeScheduledInvoices(billing.contract, billing.pricing.index, firstPeriod).map((invoice, i) => ({
    ...draftRecord({ invoice, contract: billing.contract, customerId: data.customer_id, pricing: billing.pricing, id: `preview-scheduled-${i}`, type: "SCHEDULED", billing }),
    contractId: null,
  }));
  return { usage, scheduled };
}

export type EditPreview = { before: InvoiceRecord; after: InvoiceRecord; at: Date };

/** The draft invoice of the period containing `at`, before and after the edit. */
export async function previewContractEdit(ctx: ServiceContext, input: TEditContract, at: Date, now = new Date()): Promise<EditPreview> {
  authorize(ctx.actor, "customers:write");
  const e = parseInput(ZEditContract, input);
  const current = await loadContractForBilling(ctx.db, e.customer_id, e.contract_id, at);
  const edited = await rolledBack(ctx, async (tx) => {
    await applyContractEdit(tx, ctx, e, input, now);
    return loadContractForBilling(tx, e.customer_id, e.contract_id, at);
  });
  return {
    before: await draftAt(ctx.db, e.customer_id, current, at, "before", e.contract_id),
    after: await draftAt(ctx.db, e.customer_id, edited, at, "after", e.contract_id),
    at,
  };
}
