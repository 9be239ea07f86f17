import type { PrepaidBalanceThresholdConfigurationV2 } from "@metronome/sdk/resources/shared";
import { fromDb } from "@/lib/db/decimal";
import type { RechargeConfig } from "@/lib/services/auto-recharge/read-configs";
import type { OnWire } from "./sdk-shape";

/** A contract's auto-recharge in Metronome's PrepaidBalanceThresholdConfigurationV2 shape, as it was configured. */
export function rechargeConfigToWire(c: RechargeConfig) {
  return {
    commit: {
      product_id: c.productId,
      ...(c.name !== null ? { name: c.name } : {}),
      ...(c.description !== null ? { description: c.description } : {}),
      ...(c.priority !== null ? { priority: fromDb(c.priority) } : {}),
      applicable_product_ids: c.applicableProductIds,
      applicable_product_tags: c.applicableProductTags,
    },
    is_enabled: c.isEnabled,
    payment_gate_config: c.paymentGateConfig as { payment_gate_type: "NONE"; tax_type?: "NONE" },
    threshold_amount: fromDb(c.thresholdAmount),
    recharge_to_amount: fromDb(c.rechargeToAmount),
    ...(c.paymentFraction !== null ? { discount_configuration: { payment_fraction: fromDb(c.paymentFraction) } } : {}),
  } satisfies OnWire<PrepaidBalanceThresholdConfigurationV2>;
}
