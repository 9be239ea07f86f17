import { createHash } from "node:crypto";
import { config } from "@/lib/config";

/**
 * A provider Rateline delivers to without an account-level set-up row (Stripe, configured by
 * STRIPE_SECRET_KEY) has one delivery method, whose id is derived from the provider's name so it
 * is the same on every server and across restarts.
 */
export function builtInDeliveryMethodId(provider: string): string {
  const hex = createHash("sha256").update(`rateline:delivery-method:${provider}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The delivery methods configured by the environment rather than stored: Stripe when its key is set. */
export function builtInDeliveryMethods() {
  return config().stripe ? [{ id: builtInDeliveryMethodId("stripe"), provider: "stripe", deliveryMethod: "direct_to_billing_provider", configuration: {} }] : [];
}
