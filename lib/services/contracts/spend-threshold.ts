import { z } from "zod";
import { isAtPrecision } from "@/lib/billing/money";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { ZId } from "@/lib/services/zod-fields";
import { ZPositiveDecimal } from "@/lib/services/zod-pricing";

// A contract's spend threshold (Metronome's spend_threshold_configuration, Shared.
// SpendThresholdConfiguration): what is stored and how reads show it. The billing rule is
// lib/billing/threshold-billing.ts; the invoices, lib/services/invoices/threshold-invoices.ts.

type Tx = Prisma.TransactionClient;

/** create's spend_threshold_configuration. Payment gates other than NONE are refused at the API (sdk-fields.ts), and here. */
export const ZSpendThresholdConfiguration = z.object({
  commit: z.object({
    product_id: ZId,
    name: z.string().trim().max(200).optional(),
    description: z.string().trim().max(1000).optional(),
  }),
  is_enabled: z.boolean("Give is_enabled (true or false)"),
  payment_gate_config: z.object({
    payment_gate_type: z.literal("NONE", "Only NONE: Rateline issues threshold invoices without a payment gate"),
    tax_type: z.literal("NONE", "Only NONE: Rateline calculates no tax").optional(),
  }),
  threshold_amount: ZPositiveDecimal,
});
export type SpendThresholdInput = z.output<typeof ZSpendThresholdConfiguration>;

/** v2 edit's update_spend_threshold_configuration: the fields given replace the stored ones. */
export const ZSpendThresholdUpdate = z.object({
  commit: ZSpendThresholdConfiguration.shape.commit.partial().optional(),
  is_enabled: z.boolean().optional(),
  payment_gate_config: ZSpendThresholdConfiguration.shape.payment_gate_config.optional(),
  threshold_amount: ZPositiveDecimal.optional(),
});
export type SpendThresholdUpdate = z.output<typeof ZSpendThresholdUpdate>;

/** The stored threshold with an update applied, as a whole configuration to write again. */
export function updatedSpendThreshold(row: SpendThresholdRow, update: SpendThresholdUpdate): SpendThresholdInput {
  const commit = update.commit ?? {};
  const name = "name" in commit ? commit.name : (row.name ?? undefined);
  const description = "description" in commit ? commit.description : (row.description ?? undefined);
  return {
    commit: { product_id: commit.product_id ?? row.productId, ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}) },
    is_enabled: update.is_enabled ?? row.isEnabled,
    payment_gate_config: update.payment_gate_config ?? { payment_gate_type: "NONE" },
    threshold_amount: update.threshold_amount ?? fromDb(row.thresholdAmount),
  };
}

export const SPEND_THRESHOLD_SELECT = {
  contractId: true,
  customerId: true,
  productId: true,
  name: true,
  description: true,
  isEnabled: true,
  thresholdAmount: true,
  paymentGateType: true,
} as const satisfies Prisma.ContractSpendThresholdSelect;

export type SpendThresholdRow = Prisma.ContractSpendThresholdGetPayload<{ select: typeof SPEND_THRESHOLD_SELECT }>;

/** Stores the contract's threshold; `field` names it in refusals. The amount is in the rate card's fiat unit. */
export async function writeSpendThreshold(tx: Tx, target: { customerId: string; contractId: string; fiat: CreditType }, input: SpendThresholdInput, field = "spend_threshold_configuration") {
  const product = await tx.product.findUnique({ where: { id: input.commit.product_id }, select: { type: true, archivedAt: true } });
  if (!product || product.archivedAt) {
    throw new AppError("bad_request", `${field}.commit.product_id: no live product has the id ${input.commit.product_id}.`, { [`${field}.commit.product_id`]: "Unknown product" });
  }
  if (product.type !== "FIXED") {
    throw new AppError("bad_request", `${field}.commit.product_id must be a FIXED product (the commit's purchase is billed under it).`, { [`${field}.commit.product_id`]: "Not a FIXED product" });
  }
  if (!isAtPrecision(input.threshold_amount, target.fiat)) {
    throw new AppError("bad_request", `${field}.threshold_amount is finer than ${target.fiat.name} allow.`, { [`${field}.threshold_amount`]: `At most ${target.fiat.precision} decimal places` });
  }
  const data = {
    productId: input.commit.product_id,
    name: input.commit.name ?? null,
    description: input.commit.description ?? null,
    isEnabled: input.is_enabled,
    thresholdAmount: toDb(input.threshold_amount),
    paymentGateType: input.payment_gate_config.payment_gate_type,
  };
  await tx.contractSpendThreshold.upsert({ where: { contractId: target.contractId }, create: { contractId: target.contractId, customerId: target.customerId, ...data }, update: data });
}

/** The stored threshold in the SDK's shape (Shared.SpendThresholdConfiguration). */
export function spendThresholdToWire(row: SpendThresholdRow) {
  return {
    commit: { product_id: row.productId, ...(row.name !== null ? { name: row.name } : {}), ...(row.description !== null ? { description: row.description } : {}) },
    is_enabled: row.isEnabled,
    payment_gate_config: { payment_gate_type: row.paymentGateType as "NONE" },
    threshold_amount: fromDb(row.thresholdAmount),
  };
}
