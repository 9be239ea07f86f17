"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { deleteBillingConfig } from "@/lib/services/billing-providers/delete-billing-config";
import { setBillingConfig } from "@/lib/services/billing-providers/set-billing-config";

export const setStripeCustomerAction = serverAction(
  async (ctx, input) => {
    const mapping = await setBillingConfig(ctx, { customer_id: input.customer_id ?? "", billing_provider_type: "stripe", billing_provider_customer_id: input.stripe_customer_id ?? "" });
    revalidatePath(`/customers/${mapping.customerId}`);
    return mapping;
  },
  (mapping) => `Finalized invoices now go to Stripe customer ${mapping.externalId}.`,
);

export const removeStripeCustomerAction = serverAction(
  async (ctx, input) => {
    const removed = await deleteBillingConfig(ctx, { customer_id: input.customer_id ?? "", billing_provider_type: "stripe" });
    revalidatePath(`/customers/${removed.customerId}`);
    return removed;
  },
  () => "Invoices are no longer sent to Stripe.",
);
