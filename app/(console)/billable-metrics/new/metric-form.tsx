"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { INPUT, SelectField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import type { AggregationType } from "@/lib/billing/types";
import type { MetricPreviewJson } from "@/lib/http/wire/billable-metrics";
import { createBillableMetricAction } from "../actions";
import { draftToBody, fieldLabel, type EventTypeMode, type FilterCondition, type MetricDraft } from "./metric-draft";
import { MetricPreviewPanel, type PreviewState } from "./metric-preview-panel";

const AGGREGATIONS: { value: AggregationType; label: string }[] = [
  { value: "COUNT", label: "COUNT: how many events" },
  { value: "SUM", label: "SUM of a property" },
  { value: "MAX", label: "MAX of a property" },
  { value: "UNIQUE", label: "UNIQUE: distinct values of a property" },
  { value: "LATEST", label: "LATEST value of a property" },
];

const CONDITIONS: { value: FilterCondition; label: string }[] = [
  { value: "exists", label: "must exist" },
  { value: "in", label: "is one of" },
  { value: "not_in", label: "is none of" },
  { value: "absent", label: "must be absent" },
  { value: "any", label: "any value" },
];

const PREVIEW_DELAY_MS = 400;

// Rows carry a stable id so that removing one keeps focus and input on the right rows.
type Rows<T> = (T & { id: number })[];
let nextRowId = 0;
const withIds = <T,>(rows: T[]): Rows<T> => rows.map((row) => ({ ...row, id: nextRowId++ }));

function RowInput({ id, label, ...props }: { id: string; label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <>
      <label htmlFor={id} className="sr-only">{label}</label>
      <input id={id} className={INPUT} {...props} />
    </>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-3 py-5">
      <legend className="float-left mb-1 w-full text-sm font-semibold text-slate-900">{title}</legend>
      {description && <p className="clear-left text-sm text-slate-500">{description}</p>}
      <div className="clear-left space-y-3">{children}</div>
    </fieldset>
  );
}

export function MetricForm({ initial, customers }: { initial: MetricDraft; customers: { id: string; name: string }[] }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(createBillableMetricAction, {});
  const [name, setName] = useState(initial.name);
  const [eventTypeMode, setEventTypeMode] = useState<EventTypeMode>(initial.eventTypeMode);
  const [eventTypes, setEventTypes] = useState(initial.eventTypes);
  const [filters, setFilters] = useState(() => withIds(initial.propertyFilters));
  const [aggregationType, setAggregationType] = useState<AggregationType>(initial.aggregationType);
  const [aggregationKey, setAggregationKey] = useState(initial.aggregationKey);
  const [groups, setGroups] = useState(() => withIds(initial.groupKeys));
  const [previewCustomer, setPreviewCustomer] = useState("");
  const [preview, setPreview] = useState<PreviewState>({ status: "loading" });

  const draft: MetricDraft = { name, eventTypeMode, eventTypes, propertyFilters: filters, aggregationType, aggregationKey, groupKeys: groups };
  const body = draftToBody(draft);
  const { name: _name, ...definition } = body;
  const previewBody = JSON.stringify({ ...definition, ...(previewCustomer ? { customer_id: previewCustomer } : {}) });

  useEffect(() => {
    if (state.ok && state.result) router.push(`/billable-metrics/${state.result.id}`);
  }, [state, router]);

  // Debounced, and a newer draft cancels the request for an older one.
  useEffect(() => {
    const controller = new AbortController();
    setPreview((previous) => ({ ...previous, status: "loading" }));
    const timer = setTimeout(async () => {
      try {
        const response = await fetch("/api/console/billable-metrics/preview", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: previewBody,
          signal: controller.signal,
        });
        const json = (await response.json()) as MetricPreviewJson & { message?: string; fields?: Record<string, string> };
        setPreview(response.ok ? { status: "ready", preview: json } : { status: "invalid", message: json.message ?? "The preview failed.", fields: json.fields });
      } catch {
        if (!controller.signal.aborted) setPreview({ status: "invalid", message: "The preview could not be loaded; check your connection." });
      }
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [previewBody]);

  const errors = state.ok === false ? state.fields : undefined;
  const error = (field: string) => fieldError(errors, field);
  const keyFilterMissing = aggregationType !== "COUNT" && aggregationKey.trim() !== "" && !filters.some((f) => f.name.trim() === aggregationKey.trim());
  const updateFilter = (id: number, change: Partial<MetricDraft["propertyFilters"][number]>) => setFilters(filters.map((f) => (f.id === id ? { ...f, ...change } : f)));
  const lastAdded = useRef<string | null>(null);
  useEffect(() => {
    if (lastAdded.current) document.getElementById(lastAdded.current)?.focus();
    lastAdded.current = null;
  }, [filters.length, groups.length]);

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <form
        // Submitted by hand: a form action would reset the form afterwards, and with it these controlled fields.
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData();
          data.set("definition", JSON.stringify(body));
          startTransition(() => action(data));
        }}
        className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white px-5 shadow-xs lg:col-span-3"
        noValidate
      >
        <div className="py-5">
          <TextField label="Metric name" name="metric_name" id="metric-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Tokens" error={error("name")} />
        </div>

        <Section title="Which events count" description="An event counts when its type matches and it passes every property filter.">
          <div className="grid gap-3 sm:grid-cols-3">
            <SelectField
              label="Event types"
              name="event_type_mode"
              id="event-type-mode"
              value={eventTypeMode}
              onChange={(e) => setEventTypeMode(e.target.value as EventTypeMode)}
              options={[
                { value: "any", label: "Any type" },
                { value: "in", label: "Only these types" },
                { value: "not_in", label: "All but these types" },
              ]}
            />
            {eventTypeMode !== "any" && (
              <div className="sm:col-span-2">
                <TextField label="Types (comma-separated)" name="event_types" id="event-types" value={eventTypes} onChange={(e) => setEventTypes(e.target.value)} placeholder="completion, embedding" error={error("event_type_filter")} />
              </div>
            )}
          </div>
          <div>
            <p id="filters-label" className="mb-1 text-sm font-medium text-slate-700">Property filters</p>
            {filters.length === 0 ? (
              <p className="text-sm text-slate-500">None: events are not filtered by their properties.</p>
            ) : (
              <ul aria-labelledby="filters-label" className="space-y-2">
                {filters.map((filter, i) => (
                  <li key={filter.id}>
                    <div className="grid grid-cols-12 gap-2">
                      <div className="col-span-4">
                        <RowInput id={`filter-${filter.id}-name`} label={`Property filter ${i + 1}: property`} value={filter.name} placeholder="property" onChange={(e) => updateFilter(filter.id, { name: e.target.value })} aria-invalid={error(`property_filters.${i}.name`) ? true : undefined} />
                      </div>
                      <div className="col-span-3">
                        <label htmlFor={`filter-${filter.id}-condition`} className="sr-only">{`Property filter ${i + 1}: condition`}</label>
                        <select id={`filter-${filter.id}-condition`} className={INPUT} value={filter.condition} onChange={(e) => updateFilter(filter.id, { condition: e.target.value as FilterCondition })}>
                          {CONDITIONS.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                        </select>
                      </div>
                      <div className="col-span-4">
                        {(filter.condition === "in" || filter.condition === "not_in") && (
                          <RowInput id={`filter-${filter.id}-values`} label={`Property filter ${i + 1}: values, comma-separated`} value={filter.values} placeholder="value, value" onChange={(e) => updateFilter(filter.id, { values: e.target.value })} aria-invalid={error(`property_filters.${i}`) ? true : undefined} />
                        )}
                      </div>
                      <div className="col-span-1 flex justify-end">
                        <Button type="button" variant="ghost" onClick={() => setFilters(filters.filter((f) => f.id !== filter.id))} aria-label={`Remove property filter ${i + 1}`}>×</Button>
                      </div>
                    </div>
                    {error(`property_filters.${i}`) && <p className="mt-1 text-sm text-red-600">{error(`property_filters.${i}`)}</p>}
                  </li>
                ))}
              </ul>
            )}
            <Button
              type="button"
              variant="ghost"
              className="mt-2 -ml-3"
              onClick={() => {
                const [row] = withIds([{ name: "", condition: "exists" as FilterCondition, values: "" }]);
                lastAdded.current = `filter-${row!.id}-name`;
                setFilters([...filters, row!]);
              }}
            >
              + Add property filter
            </Button>
          </div>
        </Section>

        <Section title="How they add up">
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="Aggregation" name="aggregation_type" id="aggregation-type" value={aggregationType} onChange={(e) => setAggregationType(e.target.value as AggregationType)} options={AGGREGATIONS} error={error("aggregation_type")} />
            {aggregationType !== "COUNT" && (
              <TextField label="Property to aggregate" name="aggregation_key" id="aggregation-key" value={aggregationKey} onChange={(e) => setAggregationKey(e.target.value)} placeholder="e.g. tokens" hint="It must also be one of the property filters." error={error("aggregation_key")} />
            )}
          </div>
          {keyFilterMissing && (
            <p className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              No property filter names “{aggregationKey.trim()}” yet.
              <Button type="button" variant="secondary" onClick={() => setFilters([...filters, ...withIds([{ name: aggregationKey.trim(), condition: "exists" as FilterCondition, values: "" }])])}>
                Add “{aggregationKey.trim()} must exist”
              </Button>
            </p>
          )}
        </Section>

        <Section title="Group keys" description="Sets of properties usage can be split by, on invoices and in the usage API (e.g. model, or model + region).">
          {groups.length > 0 && (
            <ul aria-label="Group keys" className="space-y-2">
              {groups.map((group, i) => (
                <li key={group.id} className="flex items-start gap-2">
                  <div className="flex-1">
                    <RowInput id={`group-${group.id}`} label={`Group key ${i + 1}: properties, comma-separated`} value={group.keys} placeholder="model, region" onChange={(e) => setGroups(groups.map((g) => (g.id === group.id ? { ...g, keys: e.target.value } : g)))} aria-invalid={error(`group_keys.${i}`) ? true : undefined} />
                    {error(`group_keys.${i}`) && <p className="mt-1 text-sm text-red-600">{error(`group_keys.${i}`)}</p>}
                  </div>
                  <Button type="button" variant="ghost" onClick={() => setGroups(groups.filter((g) => g.id !== group.id))} aria-label={`Remove group key ${i + 1}`}>×</Button>
                </li>
              ))}
            </ul>
          )}
          <Button
            type="button"
            variant="ghost"
            className="-ml-3"
            onClick={() => {
              const [row] = withIds([{ keys: "" }]);
              lastAdded.current = `group-${row!.id}`;
              setGroups([...groups, row!]);
            }}
          >
            + Add group key
          </Button>
        </Section>

        <div className="space-y-3 py-5">
          <p className="text-sm text-slate-500">A metric cannot be edited once created (as in Metronome): to change one later, create a copy and archive the old one.</p>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create billable metric"}</Button>
            <FormMessage state={state.fields ? { ok: false, message: "Correct the fields marked in red, then create the metric." } : state} />
          </div>
        </div>
      </form>

      <div className="lg:col-span-2">
        <div className="rounded-xl border border-slate-200 bg-white px-5 py-5 shadow-xs lg:sticky lg:top-8">
          <MetricPreviewPanel state={preview} aggregationType={aggregationType} fieldLabel={fieldLabel}>
            <SelectField
              label="Preview for"
              name="preview_customer"
              id="preview-customer"
              value={previewCustomer}
              onChange={(e) => setPreviewCustomer(e.target.value)}
              options={[{ value: "", label: "All customers" }, ...customers.map((c) => ({ value: c.id, label: c.name }))]}
            />
          </MetricPreviewPanel>
        </div>
      </div>
    </div>
  );
}
