"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField, HourStartField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import type { ProductType } from "@/lib/billing/types";
import { createProductAction, updateProductAction } from "./actions";

export type MetricOption = { id: string; name: string; groupKeys: string[][] };

/** A product's definition as the form edits it: text and lists, never Decimals. */
export type ProductDraft = {
  name: string;
  type: ProductType;
  billableMetricId: string;
  pricingGroupKey: string[];
  presentationGroupKey: string[];
  conversionOperation: "" | "MULTIPLY" | "DIVIDE";
  conversionFactor: string;
  roundingMethod: "" | "ROUND_UP" | "ROUND_DOWN" | "ROUND_HALF_UP";
  roundingPlaces: string;
  tags: string[];
  compositeProductIds: string[];
  compositeTags: string[];
  excludeFreeUsage: boolean;
};

const TYPE_OPTIONS: { value: ProductType; label: string }[] = [
  { value: "USAGE", label: "Usage: priced by a billable metric" },
  { value: "SUBSCRIPTION", label: "Subscription: seats or plans, billed each period" },
  { value: "FIXED", label: "Fixed: one-off charges, commits and credits" },
  { value: "COMPOSITE", label: "Composite: a percentage of other products' spend" },
];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k) => b.includes(k));

/**
 * Creates a product, or schedules a change to one (`productId` and a start). A USAGE product's
 * pricing and presentation keys together must be one of its metric's group keys, so the form
 * picks a group key and then, per property, whether it sets the price or only splits lines.
 */
export function ProductForm({
  metrics,
  products,
  initial,
  productId,
  defaultStart,
}: {
  metrics: MetricOption[];
  products: { id: string; name: string }[];
  initial: ProductDraft;
  productId?: string;
  defaultStart?: string;
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState(productId ? updateProductAction : createProductAction, {});
  const [type, setType] = useState<ProductType>(initial.type);
  const [metricId, setMetricId] = useState(initial.billableMetricId || metrics[0]?.id || "");
  const metric = metrics.find((m) => m.id === metricId);
  const initialGroup = [...initial.pricingGroupKey, ...initial.presentationGroupKey];
  const [groupIndex, setGroupIndex] = useState(() => String(metric?.groupKeys.findIndex((g) => sameSet(g, initialGroup)) ?? -1));
  const group = metric?.groupKeys[Number(groupIndex)] ?? [];
  const [presentationOnly, setPresentationOnly] = useState<string[]>(initial.presentationGroupKey.filter((k) => !initial.pricingGroupKey.includes(k)));
  const [conversion, setConversion] = useState(initial.conversionOperation);
  const [rounding, setRounding] = useState(initial.roundingMethod);
  const [composite, setComposite] = useState<string[]>(initial.compositeProductIds);
  // Submitted by hand rather than through <form action>: React resets an action form after it
  // runs, which would put the controlled selects (type, product…) out of step with this state.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  useEffect(() => {
    if (state.ok && state.result) router.push(`/products/${state.result.id}`);
  }, [state, router]);
  const error = (name: string) => fieldError(state.fields, name);
  const pricingKey = group.filter((k) => !presentationOnly.includes(k));

  return (
    <form onSubmit={submit} className="space-y-6">
      {productId && <input type="hidden" name="product_id" value={productId} />}
      <section className="grid gap-4 md:grid-cols-2">
        <TextField label="Name (shown on invoices)" name="name" required maxLength={200} defaultValue={initial.name} error={error("name")} />
        {productId ? (
          <HourStartField defaultValue={defaultStart} hint="Until then, and on invoices before it, the product stays as it is." error={error("starting_at")} />
        ) : (
          <SelectField label="Type" name="type" value={type} onChange={(e) => setType(e.target.value as ProductType)} options={TYPE_OPTIONS} error={error("type")} />
        )}
        <TextField label="Tags (optional)" name="tags" hint="Comma-separated. Commits, credits and composite products can cover products by tag." defaultValue={initial.tags.join(", ")} error={error("tags")} />
      </section>

      {type === "USAGE" && (
        <section className="space-y-4 rounded-lg border border-slate-200 p-4">
          <h2 className="text-sm font-semibold text-slate-900">Usage</h2>
          <input type="hidden" name="pricing_group_key" value={JSON.stringify(pricingKey)} />
          <input type="hidden" name="presentation_group_key" value={JSON.stringify(group.filter((k) => presentationOnly.includes(k)))} />
          <div className="grid gap-4 md:grid-cols-2">
            {metrics.length ? (
              <SelectField
                label="Billable metric"
                name="billable_metric_id"
                value={metricId}
                onChange={(e) => {
                  setMetricId(e.target.value);
                  setGroupIndex("-1");
                }}
                options={metrics.map((m) => ({ value: m.id, label: m.name }))}
                error={error("billable_metric_id")}
              />
            ) : (
              <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                <input type="hidden" name="billable_metric_id" value="" />
                A usage product needs a billable metric; there are none yet.
              </p>
            )}
            <SelectField
              label="Price and group usage by"
              name="group_choice"
              value={groupIndex}
              onChange={(e) => setGroupIndex(e.target.value)}
              options={[{ value: "-1", label: "Nothing: one price for all usage" }, ...(metric?.groupKeys ?? []).map((g, i) => ({ value: String(i), label: g.join(" + ") }))]}
              hint="The metric's group keys."
              error={error("pricing_group_key") ?? error("presentation_group_key")}
            />
          </div>
          {group.length > 0 && (
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">For each property</legend>
              <div className="space-y-1">
                {group.map((key) => (
                  <div key={key} className="flex flex-wrap items-center gap-3 text-sm">
                    <code className="w-32 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{key}</code>
                    <label className="inline-flex items-center gap-1.5">
                      <input type="radio" name={`role:${key}`} checked={!presentationOnly.includes(key)} onChange={() => setPresentationOnly(presentationOnly.filter((k) => k !== key))} />
                      sets the price
                    </label>
                    <label className="inline-flex items-center gap-1.5">
                      <input type="radio" name={`role:${key}`} checked={presentationOnly.includes(key)} onChange={() => setPresentationOnly([...presentationOnly, key])} />
                      only splits invoice lines
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          <div className="grid gap-4 md:grid-cols-4">
            <SelectField
              label="Convert quantity"
              name="conversion_operation"
              value={conversion}
              onChange={(e) => setConversion(e.target.value as ProductDraft["conversionOperation"])}
              options={[{ value: "", label: "No conversion" }, { value: "DIVIDE", label: "Divide by" }, { value: "MULTIPLY", label: "Multiply by" }]}
              error={error("quantity_conversion.operation")}
            />
            {conversion && (
              <TextField label="Factor" name="conversion_factor" inputMode="decimal" required placeholder="1000000" defaultValue={initial.conversionFactor} hint="E.g. divide tokens by 1,000,000 to price per million." error={error("quantity_conversion")} />
            )}
            <SelectField
              label="Round quantity"
              name="rounding_method"
              value={rounding}
              onChange={(e) => setRounding(e.target.value as ProductDraft["roundingMethod"])}
              options={[{ value: "", label: "No rounding" }, { value: "ROUND_UP", label: "Up" }, { value: "ROUND_DOWN", label: "Down" }, { value: "ROUND_HALF_UP", label: "Half up" }]}
              error={error("quantity_rounding.rounding_method")}
            />
            {rounding && (
              <TextField label="To decimal places" name="rounding_places" type="number" min={0} max={30} required defaultValue={initial.roundingPlaces} error={error("quantity_rounding")} />
            )}
          </div>
        </section>
      )}

      {type === "COMPOSITE" && (
        <section className="space-y-4 rounded-lg border border-slate-200 p-4">
          <h2 className="text-sm font-semibold text-slate-900">Covered spend</h2>
          <input type="hidden" name="composite_product_ids" value={JSON.stringify(composite)} />
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">Products</legend>
            <div className="grid gap-x-5 sm:grid-cols-2 lg:grid-cols-3">
              {products.map((p) => (
                <CheckboxField
                  key={p.id}
                  id={`composite-${p.id}`}
                  name={`composite:${p.id}`}
                  label={p.name}
                  checked={composite.includes(p.id)}
                  onChange={(e) => setComposite(e.target.checked ? [...composite, p.id] : composite.filter((id) => id !== p.id))}
                />
              ))}
            </div>
            {error("composite_product_ids") && <p className="mt-1 text-sm text-red-600">{error("composite_product_ids")}</p>}
          </fieldset>
          <div className="grid gap-4 md:grid-cols-2">
            <TextField label="And products tagged (optional)" name="composite_tags" defaultValue={initial.compositeTags.join(", ")} hint="Comma-separated." error={error("composite_tags")} />
            <CheckboxField label="Leave out free usage" name="exclude_free_usage" value="true" defaultChecked={initial.excludeFreeUsage} />
          </div>
        </section>
      )}

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : productId ? "Schedule change" : "Create product"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
