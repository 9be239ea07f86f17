import { z } from "zod";
import { ZId } from "@/lib/services/zod-fields";
import { ZDecimal, ZNames, ZNonNegativeDecimal } from "@/lib/services/zod-pricing";

// Auto-recharge in Metronome's shapes (Shared.PrepaidBalanceThresholdConfiguration on create,
// V2 on edit's add_…, Edit.UpdatePrepaidBalanceThresholdConfiguration on edit's update_…).
// What Rateline does not do yet — commit specifiers, a custom credit type, a discount's cap, excluded
// balances, payment gates other than NONE — is refused by name in the REST API
// (lib/http/sdk-fields.ts).

const ZPriority = z.number("Must be a number").finite();

/** Payment is not gated: the commit is granted and its invoice issued at once. */
const ZPaymentGateConfig = z.object({
  payment_gate_type: z.literal("NONE", "Only NONE is supported: the balance is granted at once and invoiced"),
  tax_type: z.literal("NONE", "Only NONE is supported").optional(),
});

const commitShape = {
  product_id: ZId,
  name: z.string().trim().max(200).optional(),
  description: z.string().max(2000).optional(),
  priority: ZPriority.optional(),
  applicable_product_ids: z.array(ZId).max(500).optional(),
  applicable_product_tags: ZNames.optional(),
};

const ZPaymentFraction = ZDecimal.refine((d) => d.gt(0) && d.lte(1), "Must be more than 0 and at most 1 (0.85 invoices 85% of the amount bought)");

export const ZPrepaidBalanceThreshold = z.object({
  commit: z.object(commitShape),
  is_enabled: z.boolean("Say whether it is enabled"),
  payment_gate_config: ZPaymentGateConfig,
  threshold_amount: ZNonNegativeDecimal,
  recharge_to_amount: ZDecimal,
  discount_configuration: z.object({ payment_fraction: ZPaymentFraction }).optional(),
});
export type PrepaidBalanceThresholdInput = z.output<typeof ZPrepaidBalanceThreshold>;

/** v2 edit's update_prepaid_balance_threshold_configuration: only what is given changes; a null clears. */
export const ZPrepaidBalanceThresholdUpdate = z.object({
  commit: z
    .object({
      product_id: ZId.optional(),
      name: z.string().trim().max(200).optional(),
      description: z.string().max(2000).optional(),
      priority: ZPriority.nullish(),
      applicable_product_ids: z.array(ZId).max(500).nullish(),
      applicable_product_tags: ZNames.nullish(),
    })
    .optional(),
  is_enabled: z.boolean().optional(),
  payment_gate_config: ZPaymentGateConfig.optional(),
  threshold_amount: ZNonNegativeDecimal.optional(),
  recharge_to_amount: ZDecimal.optional(),
  discount_configuration: z.object({ payment_fraction: ZPaymentFraction.nullish() }).nullish(),
});
export type PrepaidBalanceThresholdUpdate = z.output<typeof ZPrepaidBalanceThresholdUpdate>;
