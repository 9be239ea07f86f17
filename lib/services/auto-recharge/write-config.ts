import { validateRechargeRule } from "@/lib/billing/auto-recharge";
import { BillingInputError } from "@/lib/billing/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import type { PrepaidBalanceThresholdInput, PrepaidBalanceThresholdUpdate } from "./schemas";

// A contract's auto-recharge configuration, written with the contract (create) or by an edit
// (add_… / update_…), inside the caller's transaction. The billing-state job evaluates it
// (recharge-contract.ts): Metronome evaluates at once on every change, Rateline at its next
// refresh of the customer, which the change's audit entry queues.

type Tx = Prisma.TransactionClient;
type ContractRef = { id: string; customerId: string; rateCardId: string | null };

/** The amounts are in the rate card's fiat credit type (custom_credit_type_id is refused by name). */
async function fiatOf(tx: Tx, contract: ContractRef) {
  const card = await tx.rateCard.findUniqueOrThrow({ where: { id: contract.rateCardId! }, select: { fiatCreditTypeId: true } });
  return (await readCreditTypes(tx, [card.fiatCreditTypeId])).get(card.fiatCreditTypeId)!;
}

async function checkRule(tx: Tx, contract: ContractRef, threshold: string, rechargeTo: string, field: string) {
  const creditType = await fiatOf(tx, contract);
  try {
    validateRechargeRule({ thresholdAmount: fromDb(threshold), rechargeToAmount: fromDb(rechargeTo), creditType });
  } catch (error) {
    if (!(error instanceof BillingInputError)) throw error;
    const name = error.message.split(" ")[0]!;
    throw new AppError("bad_request", `${field}.${error.message}.`, { [`${field}.${name}`]: error.message });
  }
  return creditType;
}

async function checkProducts(tx: Tx, ids: { id: string; field: string }[]) {
  const found = new Set((await tx.product.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: { id: true } })).map((p) => p.id));
  const missing = ids.find((r) => !found.has(r.id));
  if (missing) throw new AppError("bad_request", `${missing.field}: no product has the id ${missing.id}.`, { [missing.field]: "Unknown product" });
}

const productRefs = (field: string, productId: string | undefined, applicable: readonly string[] | null | undefined) => [
  ...(productId ? [{ id: productId, field: `${field}.commit.product_id` }] : []),
  ...(applicable ?? []).map((id, i) => ({ id, field: `${field}.commit.applicable_product_ids.${i}` })),
];

/** Writes the contract's configuration; `field` names it in refusals (prepaid_balance_threshold_configuration, add_…). */
export async function addRechargeConfig(tx: Tx, contract: ContractRef, input: PrepaidBalanceThresholdInput, field: string): Promise<void> {
  if (await tx.prepaidBalanceThreshold.findUnique({ where: { contractId: contract.id }, select: { id: true } })) {
    throw new AppError("conflict", `${field}: the contract has a prepaid balance threshold configuration already; change it with update_prepaid_balance_threshold_configuration.`, { [field]: "Already configured" });
  }
  const creditType = await checkRule(tx, contract, toDb(input.threshold_amount), toDb(input.recharge_to_amount), field);
  await checkProducts(tx, productRefs(field, input.commit.product_id, input.commit.applicable_product_ids));
  await tx.prepaidBalanceThreshold.create({
    data: {
      customerId: contract.customerId,
      contractId: contract.id,
      isEnabled: input.is_enabled,
      thresholdAmount: toDb(input.threshold_amount),
      rechargeToAmount: toDb(input.recharge_to_amount),
      creditTypeId: creditType.id,
      paymentGateConfig: input.payment_gate_config,
      paymentFraction: toDb(input.discount_configuration?.payment_fraction),
      productId: input.commit.product_id,
      name: input.commit.name ?? null,
      description: input.commit.description ?? null,
      priority: input.commit.priority !== undefined ? String(input.commit.priority) : null,
      applicableProductIds: input.commit.applicable_product_ids ?? [],
      applicableProductTags: input.commit.applicable_product_tags ?? [],
    },
  });
}

/** Changes what `update` gives of the contract's configuration. */
export async function updateRechargeConfig(tx: Tx, contract: ContractRef, update: PrepaidBalanceThresholdUpdate, field: string): Promise<void> {
  const row = await tx.prepaidBalanceThreshold.findUnique({ where: { contractId: contract.id } });
  if (!row) throw new AppError("not_found", `${field}: the contract has no prepaid balance threshold configuration; add one with add_prepaid_balance_threshold_configuration.`, { [field]: "Not configured" });
  const threshold = update.threshold_amount ? toDb(update.threshold_amount) : row.thresholdAmount.toString();
  const rechargeTo = update.recharge_to_amount ? toDb(update.recharge_to_amount) : row.rechargeToAmount.toString();
  await checkRule(tx, contract, threshold, rechargeTo, field);
  const c = update.commit;
  await checkProducts(tx, productRefs(field, c?.product_id, c?.applicable_product_ids));
  await tx.prepaidBalanceThreshold.update({
    where: { id: row.id },
    data: {
      thresholdAmount: threshold,
      rechargeToAmount: rechargeTo,
      ...(update.is_enabled !== undefined ? { isEnabled: update.is_enabled } : {}),
      ...(update.payment_gate_config ? { paymentGateConfig: update.payment_gate_config } : {}),
      ...(update.discount_configuration !== undefined ? { paymentFraction: toDb(update.discount_configuration?.payment_fraction) } : {}),
      ...(c?.product_id ? { productId: c.product_id } : {}),
      ...(c?.name !== undefined ? { name: c.name } : {}),
      ...(c?.description !== undefined ? { description: c.description } : {}),
      ...(c?.priority !== undefined ? { priority: c.priority === null ? null : String(c.priority) } : {}),
      ...(c?.applicable_product_ids !== undefined ? { applicableProductIds: c.applicable_product_ids ?? [] } : {}),
      ...(c?.applicable_product_tags !== undefined ? { applicableProductTags: c.applicable_product_tags ?? [] } : {}),
    },
  });
}
