"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { USD_CENTS } from "@/lib/billing/money";
import { formatAmount } from "@/lib/format-money";
import { archiveRateCardAction, createCreditTypeAction, createRateCardAction, duplicateRateCardAction, updateRateCardAction } from "./actions";

export type UnitOption = { id: string; name: string; fiatPerUnit: string | null };

/** Checkboxes for the custom pricing units a card may (also) price in. */
function UnitChoices({ units, legend }: { units: UnitOption[]; legend: string }) {
  if (!units.length) return null;
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-5">
        {units.map((unit) => (
          <CheckboxField
            key={unit.id}
            id={`conversion-${unit.id}`}
            name={`conversion:${unit.id}`}
            value="true"
            label={`${unit.name}${unit.fiatPerUnit ? ` (1 = ${formatAmount(unit.fiatPerUnit, USD_CENTS)})` : ""}`}
          />
        ))}
      </div>
    </fieldset>
  );
}

export function CreateRateCardForm({ units }: { units: UnitOption[] }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(createRateCardAction, {});
  useEffect(() => {
    if (state.ok && state.result) router.push(`/rate-cards/${state.result.id}`);
  }, [state, router]);
  const values = state.values ?? {};
  return (
    <form action={action} className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <TextField label="Name" name="name" required maxLength={200} defaultValue={values.name} error={fieldError(state.fields, "name")} />
        <TextField label="Description (optional)" name="description" maxLength={2000} defaultValue={values.description} error={fieldError(state.fields, "description")} />
        <TextField label="Aliases (optional)" name="aliases" placeholder="paygo, standard" hint="Comma-separated. Contracts can name the card by an alias." defaultValue={values.aliases} error={fieldError(state.fields, "aliases")} />
      </div>
      <UnitChoices units={units} legend="Also allow prices in" />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create rate card"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function EditRateCardForm({ card, units }: { card: { id: string; name: string; description: string | null; aliases: string[] }; units: UnitOption[] }) {
  const [state, action, pending] = useActionState(updateRateCardAction, {});
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="id" value={card.id} />
      <TextField label="Name" name="name" required maxLength={200} defaultValue={values.name ?? card.name} error={fieldError(state.fields, "name")} />
      <TextAreaField label="Description" name="description" rows={2} maxLength={2000} defaultValue={values.description ?? card.description ?? ""} error={fieldError(state.fields, "description")} />
      <TextField label="Aliases" name="aliases" hint="Comma-separated; replaces the card's aliases." defaultValue={values.aliases ?? card.aliases.join(", ")} error={fieldError(state.fields, "aliases")} />
      <UnitChoices units={units} legend="Also allow prices in (cannot be undone)" />
      {fieldError(state.fields, "add_credit_type_conversions") && <p className="text-sm text-red-600">{fieldError(state.fields, "add_credit_type_conversions")}</p>}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function DuplicateRateCardForm({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(duplicateRateCardAction, {});
  useEffect(() => {
    if (state.ok && state.result) router.push(`/rate-cards/${state.result.id}`);
  }, [state, router]);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <TextField label="Name of the copy" name="name" id="duplicate-name" required maxLength={200} defaultValue={state.values?.name ?? `${name} (copy)`} error={fieldError(state.fields, "name")} />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Copying…" : "Duplicate with all rates"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function ArchiveRateCardButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(archiveRateCardAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Archive “${name}”? Contracts on it keep their prices, but it takes no new rates or contracts. This cannot be undone.`)) e.preventDefault();
      }}
      className="flex items-center gap-3"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending}>Archive rate card</Button>
      <FormMessage state={state} />
    </form>
  );
}

export function CreateCreditTypeForm() {
  const [state, action, pending] = useActionState(createCreditTypeAction, {});
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-3" key={state.ok ? state.result?.id : "form"}>
      <h3 className="text-sm font-semibold text-slate-900">Add a pricing unit</h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label="Name" name="name" id="unit-name" required maxLength={100} placeholder="GPU credits" defaultValue={values.name} error={fieldError(state.fields, "name")} />
        <TextField label="Worth, in USD ($) per unit" name="fiat_per_unit" inputMode="decimal" required placeholder="1.00" defaultValue={values.fiat_per_unit} error={fieldError(state.fields, "fiat_per_unit")} />
        <TextField label="Decimal places on invoices" name="precision" type="number" min={0} max={12} required defaultValue={values.precision ?? "2"} error={fieldError(state.fields, "precision")} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Adding…" : "Add pricing unit"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
