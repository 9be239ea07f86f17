"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { createCustomerAction } from "./actions";

export function CreateCustomerForm() {
  const router = useRouter();
  const [state, action, pending] = useActionState(createCustomerAction, {});
  useEffect(() => {
    if (state.ok && state.result) router.push(`/customers/${state.result.id}`);
  }, [state, router]);
  const values = state.values ?? {};
  return (
    <form action={action} className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <TextField label="Name" name="name" required maxLength={160} defaultValue={values.name} error={fieldError(state.fields, "name")} />
        <TextAreaField
          label="Ingest aliases"
          name="ingest_aliases"
          rows={2}
          placeholder={"acme-prod\nacme@example.com"}
          hint="One per line. Events may name the customer by any of these, or by its id."
          defaultValue={values.ingest_aliases}
          error={fieldError(state.fields, "ingest_aliases")}
        />
        <TextField label="Stripe customer ID (optional)" name="stripe_customer_id" placeholder="cus_…" defaultValue={values.stripe_customer_id} error={fieldError(state.fields, "billing_config")} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create customer"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
