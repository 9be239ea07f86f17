import { explainRefusal } from "@/lib/billing/errors";
import { isAtPrecision } from "@/lib/billing/money";
import { expandSchedule } from "@/lib/billing/scheduled-charges";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";
import { COMMIT_SELECT } from "@/lib/services/contracts/contract-record";
import { refuseSpecifiersWithApplicable, specifierProductRefs, specifiersToDb } from "@/lib/services/contracts/specifiers";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import type { CustomerCommitInput, CustomerCreditInput } from "./schemas";

// Writes a customer-level commit or credit (contract_id NULL): it applies to every contract of
// the customer. Every reference is checked first, naming the field, so nothing is half-written.

type Tx = Prisma.TransactionClient;

function refuse(code: "bad_request" | "not_found", field: string, message: string): never {
  throw new AppError(code, `${field}: ${message}.`, { [field]: message });
}

/** Metronome bills commits and grants credits under a FIXED product. */
async function checkProducts(tx: Tx, input: CustomerCommitInput | CustomerCreditInput) {
  const specified = specifierProductRefs(input.specifiers, "specifiers");
  const ids = [input.product_id, ...(input.applicable_product_ids ?? []), ...specified.map(([id]) => id)];
  const found = new Map((await tx.product.findMany({ where: { id: { in: ids } }, select: { id: true, type: true, archivedAt: true } })).map((p) => [p.id, p]));
  const product = found.get(input.product_id);
  if (!product) refuse("not_found", "product_id", "No product has that id");
  if (product.archivedAt) refuse("bad_request", "product_id", "The product is archived");
  if (product.type !== "FIXED") refuse("bad_request", "product_id", `Must be a FIXED product (this one is ${product.type})`);
  input.applicable_product_ids?.forEach((id, i) => {
    if (!found.has(id)) refuse("not_found", `applicable_product_ids.${i}`, "No product has that id");
  });
  for (const [id, field] of specified) if (!found.has(id)) refuse("not_found", field, "No product has that id");
  refuseSpecifiersWithApplicable(input, "specifiers");
}

/** The balance's credit type; amounts must be whole units of its precision (whole cents for USD). */
async function checkCreditType(tx: Tx, input: CustomerCommitInput | CustomerCreditInput): Promise<CreditType> {
  const id = input.access_schedule.credit_type_id ?? USD_CENTS.id;
  const creditType = await tx.creditType.findUnique({ where: { id }, select: { id: true, name: true, precision: true, archivedAt: true } });
  if (!creditType || creditType.archivedAt) refuse("not_found", "access_schedule.credit_type_id", "No live credit type has that id");
  input.access_schedule.schedule_items.forEach((item, i) => {
    if (!isAtPrecision(item.amount, creditType)) {
      refuse("bad_request", `access_schedule.schedule_items.${i}.amount`, `Must have at most ${creditType.precision} decimal places of ${creditType.name}`);
    }
  });
  // A commit is stored in one credit type: its purchase is invoiced in the unit it grants.
  const invoiceUnit = "invoice_schedule" in input ? input.invoice_schedule?.credit_type_id : undefined;
  if (invoiceUnit !== undefined && invoiceUnit !== creditType.id) refuse("bad_request", "invoice_schedule.credit_type_id", "Must be the access schedule's credit type");
  return creditType;
}

/** The purchase (or true-up) dates and amounts, one-off and recurring, expanded by the engine's rule. */
function invoiceItems(customerId: string, schedule: NonNullable<CustomerCommitInput["invoice_schedule"]>, creditType: CreditType) {
  const recurring = schedule.recurring_schedule;
  const engineSchedule = {
    creditType,
    scheduleItems: (schedule.schedule_items ?? []).map((i) => ({ timestamp: i.timestamp, amount: i.amount, quantity: i.quantity, unitPrice: i.unit_price })),
    recurringSchedule: recurring && {
      startingAt: recurring.starting_at,
      endingBefore: recurring.ending_before,
      frequency: recurring.frequency,
      amountDistribution: recurring.amount_distribution,
      amount: recurring.amount,
      quantity: recurring.quantity,
      unitPrice: recurring.unit_price,
    },
  };
  const due = explainRefusal({ field: "invoice_schedule" }, () => expandSchedule(engineSchedule, creditType, "invoice_schedule"));
  due.forEach((d, i) => {
    if (d.amount.lt(0)) refuse("bad_request", `invoice_schedule.schedule_items.${i}.amount`, "Must not be negative");
  });
  return due.map((d) => ({ customerId, timestamp: d.timestamp, quantity: toDb(d.quantity), unitPrice: toDb(d.unitPrice), amount: toDb(d.amount) }));
}

/** A credit made as a plans-era credit grant (lib/services/credit-grants): what only a grant has. */
export type GrantTerms = { creditGrantType: string | null; paidCreditTypeId: string };

export async function writeCustomerBalance(tx: Tx, actor: Actor, input: CustomerCommitInput | CustomerCreditInput, grant?: GrantTerms): Promise<{ id: string }> {
  const customer = await tx.customer.findUnique({ where: { id: input.customer_id }, select: { archivedAt: true } });
  if (!customer || customer.archivedAt) refuse("not_found", "customer_id", "No live customer has that id");
  await checkProducts(tx, input);
  const creditType = await checkCreditType(tx, input);
  const commit = "type" in input ? input : undefined;
  if (commit?.invoice_contract_id) {
    const contract = await tx.contract.findFirst({ where: { id: commit.invoice_contract_id, customerId: input.customer_id, archivedAt: null }, select: { id: true } });
    if (!contract) refuse("not_found", "invoice_contract_id", "The customer has no live contract with that id");
  }
  await claimCustomFieldValues(tx, commit ? "commit" : grant ? "credit_grant" : "contract_credit", null, input.custom_fields);
  const { id } = await tx.commit.create({
    data: {
      customerId: input.customer_id,
      contractId: null,
      kind: commit ? "COMMIT" : "CREDIT",
      type: commit?.type ?? null,
      name: input.name,
      description: input.description,
      productId: input.product_id,
      creditTypeId: creditType.id,
      applicableProductIds: input.applicable_product_ids ?? [],
      applicableProductTags: input.applicable_product_tags ?? [],
      specifiers: specifiersToDb(input.specifiers),
      priority: String(input.priority),
      rolloverFraction: toDb(input.rollover_fraction),
      salesforceOpportunity: input.salesforce_opportunity_id,
      invoiceContractId: commit?.invoice_contract_id ?? null,
      customFields: input.custom_fields ?? {},
      ...(grant ? { creditGrant: true, creditGrantType: grant.creditGrantType, paidCreditTypeId: grant.paidCreditTypeId } : {}),
      segments: {
        create: input.access_schedule.schedule_items.map((s) => ({ customerId: input.customer_id, amount: toDb(s.amount), startingAt: s.starting_at, endingBefore: s.ending_before })),
      },
      invoiceSchedule: commit?.invoice_schedule ? { create: invoiceItems(input.customer_id, commit.invoice_schedule, creditType) } : undefined,
    },
    select: { id: true },
  });
  const after = await tx.commit.findUniqueOrThrow({ where: { id }, select: COMMIT_SELECT });
  await recordAudit(tx, actor, { action: commit ? "commit.create" : "credit.create", objectType: "commit", objectId: id, customerId: input.customer_id, after });
  return { id };
}
