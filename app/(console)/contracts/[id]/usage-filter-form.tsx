"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import type { ActionState } from "@/lib/server/action";
import { setUsageFilterAction } from "../actions";

/**
 * Sets which of the customer's usage this contract bills from a date on (setUsageFilter): the
 * events whose value of the group key is one of the values. The service refuses a filter that
 * would let another live contract of the customer bill the same events, saying which.
 */
export function UsageFilterForm({ customerId, contractId, groupKey, groupValues, today }: { customerId: string; contractId: string; groupKey: string; groupValues: string; today: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(setUsageFilterAction, {} as ActionState<{ id: string }>);
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const error = (path: string) => fieldError(state.fields, path);
  return (
    <Card title="Usage filter" description="Split the customer's usage between its contracts: from the date on, this contract bills only the events whose group key has one of these values.">
      <form action={action} className="space-y-4">
        <input type="hidden" name="customer_id" value={customerId} />
        <input type="hidden" name="contract_id" value={contractId} />
        <div className="grid gap-4 md:grid-cols-3">
          <TextField label="Group key" id="usage-filter-key" name="group_key" defaultValue={state.values?.group_key ?? groupKey} placeholder="region" hint="A group key of every usage metric the rate card prices." error={error("group_key")} />
          <TextField label="Values (comma-separated)" id="usage-filter-values" name="group_values" defaultValue={state.values?.group_values ?? groupValues} placeholder="us, ca" error={error("group_values")} />
          <TextField label="From (UTC)" id="usage-filter-from" name="starting_at" type="date" required defaultValue={state.values?.starting_at ?? today} error={error("starting_at")} />
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Set usage filter"}</Button>
        <FormMessage state={state} />
      </form>
    </Card>
  );
}
