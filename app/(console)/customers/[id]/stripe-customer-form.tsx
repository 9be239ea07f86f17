"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { removeStripeCustomerAction, setStripeCustomerAction } from "./billing-provider-actions";

export function StripeCustomerForm({ customerId, stripeCustomerId }: { customerId: string; stripeCustomerId: string | null }) {
  const [state, action, pending] = useActionState(setStripeCustomerAction, {});
  const [removed, remove, removing] = useActionState(removeStripeCustomerAction, {});
  return (
    <div className="space-y-3">
      <form action={action} className="flex items-end gap-3">
        <input type="hidden" name="customer_id" value={customerId} />
        <div className="w-72">
          <TextField
            label="Stripe customer ID"
            name="stripe_customer_id"
            placeholder="cus_…"
            required
            defaultValue={(!state.ok && state.values?.stripe_customer_id) || stripeCustomerId || ""}
            key={stripeCustomerId ?? "none"}
            error={fieldError(state.fields, "billing_provider_customer_id")}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
      </form>
      {stripeCustomerId && (
        <form action={remove} onSubmit={(e) => { if (!confirm("Stop sending this customer's invoices to Stripe?")) e.preventDefault(); }}>
          <input type="hidden" name="customer_id" value={customerId} />
          <Button type="submit" variant="ghost" disabled={removing}>Stop sending to Stripe</Button>
        </form>
      )}
      <FormMessage state={state.message ? state : removed} />
    </div>
  );
}
