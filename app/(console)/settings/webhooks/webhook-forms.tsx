"use client";

import { useActionState } from "react";
import { createWebhookEndpointAction, archiveWebhookEndpointAction, resendWebhookDeliveryAction } from "./actions";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

export function CreateWebhookEndpointForm() {
  const [state, action, pending] = useActionState(createWebhookEndpointAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const eventsError = fieldError(state.fields, "event_types");
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" key={state.ok ? state.result?.id : "form"}>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="URL" name="url" type="url" placeholder="https://example.com/webhooks/rateline" required defaultValue={v.url} error={fieldError(state.fields, "url")} />
          <TextField label="Description (optional)" name="description" defaultValue={v.description} error={fieldError(state.fields, "description")} />
        </div>
        <fieldset aria-describedby={eventsError ? "event-types-error" : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-700">Events to send</legend>
          <div className="grid gap-x-6 sm:grid-cols-2">
            {WEBHOOK_EVENT_TYPES.map((t) => (
              <CheckboxField
                key={t.value}
                id={`event-type-${t.value}`}
                name={`event_type:${t.value}`}
                label={`${t.label} (${t.value})`}
                defaultChecked={v[`event_type:${t.value}`] === "on"}
              />
            ))}
          </div>
          {eventsError && <p id="event-types-error" className="mt-1 text-sm text-red-600">{eventsError}</p>}
        </fieldset>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add endpoint"}</Button>
          {!state.ok && <FormMessage state={state} />}
        </div>
      </form>
      {state.ok && state.result && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p className="font-medium">Endpoint added. Copy its signing secret now; it will not be shown again.</p>
          <p className="mt-1">Verify deliveries with the Metronome SDK: <code className="font-mono text-xs">client.webhooks.unwrap(body, headers, secret)</code>.</p>
          <code data-testid="new-webhook-secret" className="mt-2 block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-emerald-200">{state.result.secret}</code>
        </div>
      )}
    </div>
  );
}

export function ArchiveWebhookEndpointButton({ id, url }: { id: string; url: string }) {
  const [state, action, pending] = useActionState(archiveWebhookEndpointAction, {});
  return (
    <form action={action} onSubmit={(e) => { if (!confirm(`Archive ${url}? Nothing more is sent to it, and its pending deliveries stop.`)) e.preventDefault(); }}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Archive ${url}`}>Archive</Button>
      {state.ok === false && <p role="alert" className="mt-1 text-xs text-red-700">{state.message}</p>}
    </form>
  );
}

export function ResendDeliveryButton({ id, endpointId, label }: { id: string; endpointId: string; label: string }) {
  const [state, action, pending] = useActionState(resendWebhookDeliveryAction, {});
  return (
    <form action={action} className="flex items-center justify-end gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="endpoint_id" value={endpointId} />
      {state.message && <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-700" : "text-red-700"}`}>{state.message}</span>}
      <Button type="submit" variant="secondary" className="whitespace-nowrap" disabled={pending} aria-label={`Re-send ${label}`}>{pending ? "Queuing…" : "Re-send"}</Button>
    </form>
  );
}
