"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import type { ActionState } from "@/lib/server/action";
import { ALERT_TYPES } from "@/lib/services/alerts/schemas";
import { ALERT_TYPE_LABELS } from "@/lib/alerts/alert-text";

type Option = { value: string; label: string };
type CreateAction = (state: ActionState<{ id: string; name: string }>, formData: FormData) => Promise<ActionState<{ id: string; name: string }>>;

export function CreateAlertForm({
  action: serverAction,
  customers,
  metrics,
  creditTypes,
}: {
  action: CreateAction;
  customers: Option[];
  metrics: (Option & { groupKeys: string[] })[];
  creditTypes: Option[];
}) {
  const [state, action, pending] = useActionState(serverAction, {});
  const values = state.values ?? {};
  const [type, setType] = useState(values.alert_type ?? "low_credit_balance_reached");
  const [metricId, setMetricId] = useState(values.billable_metric_id ?? metrics[0]?.value ?? "");
  const usage = type === "usage_threshold_reached";
  const grouped = usage || type === "spend_threshold_reached";
  const groupKeys = usage ? (metrics.find((m) => m.value === metricId)?.groupKeys ?? []) : [];
  return (
    <form action={action} className="space-y-4" key={state.ok ? `done-${state.result?.id}` : "form"}>
      <div className="grid gap-4 md:grid-cols-3">
        <TextField label="Name" name="name" required maxLength={200} defaultValue={values.name} error={fieldError(state.fields, "name")} />
        <SelectField
          label="Type"
          name="alert_type"
          value={type}
          onChange={(e) => setType(e.target.value)}
          options={ALERT_TYPES.map((t) => ({ value: t, label: ALERT_TYPE_LABELS[t] }))}
          error={fieldError(state.fields, "alert_type")}
        />
        <SelectField
          label="Customers"
          name="customer_id"
          defaultValue={values.customer_id ?? ""}
          options={[{ value: "", label: "All customers" }, ...customers]}
          error={fieldError(state.fields, "customer_id")}
        />
        {usage ? (
          <SelectField
            label="Billable metric"
            name="billable_metric_id"
            value={metricId}
            onChange={(e) => setMetricId(e.target.value)}
            options={metrics}
            error={fieldError(state.fields, "billable_metric_id")}
          />
        ) : (
          <SelectField label="Credit type" name="credit_type_id" defaultValue={values.credit_type_id} options={creditTypes} error={fieldError(state.fields, "credit_type_id")} />
        )}
        <TextField
          label="Threshold"
          name="threshold"
          required
          inputMode="decimal"
          hint={usage ? "In the metric's units." : "Dollars for USD; otherwise the credit type's unit."}
          defaultValue={values.threshold}
          error={fieldError(state.fields, "threshold")}
        />
        {grouped && (
          <div className="grid grid-cols-2 gap-2">
            {usage && groupKeys.length > 0 ? (
              <SelectField label="Group key (optional)" name="group_key" defaultValue={values.group_key ?? ""} options={[{ value: "", label: "Any" }, ...groupKeys.map((k) => ({ value: k, label: k }))]} />
            ) : (
              <TextField label="Group key (optional)" name="group_key" defaultValue={values.group_key} />
            )}
            <TextField label="Group value" name="group_value" defaultValue={values.group_value} error={fieldError(state.fields, "group_values")} />
          </div>
        )}
      </div>
      <CheckboxField label="Evaluate the customers now (otherwise at their next usage or balance change)" name="evaluate_on_create" value="true" defaultChecked />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create alert"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
