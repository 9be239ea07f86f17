"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import type { ActionState } from "@/lib/server/action";
import type { CustomFieldEntity } from "@/lib/services/custom-fields/entities";
import { addCustomFieldKeyAction, deleteCustomFieldValueAction, setCustomFieldValueAction } from "./actions";

type Key = { key: string; enforceUniqueness: boolean };
type Props = {
  entity: CustomFieldEntity;
  entityId: string;
  /** What the entity is called in sentences ("customer"). */
  noun: string;
  fields: Record<string, string>;
  /** The keys defined for the entity (customFields/addKey). */
  keys: Key[];
  canEdit: boolean;
};

/** Refreshes the page once an action succeeds, so the list shows what is stored. */
function useRefreshOnSuccess(state: ActionState) {
  const router = useRouter();
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
}

function Hidden({ entity, entityId }: { entity: string; entityId: string }) {
  return (
    <>
      <input type="hidden" name="entity" value={entity} />
      <input type="hidden" name="entity_id" value={entityId} />
    </>
  );
}

function ValueRow({ entity, entityId, name, value, unique, canEdit }: { entity: string; entityId: string; name: string; value: string; unique: boolean; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [saved, save, saving] = useActionState(setCustomFieldValueAction, {});
  const [deleted, remove, deleting] = useActionState(deleteCustomFieldValueAction, {});
  useRefreshOnSuccess(saved);
  useRefreshOnSuccess(deleted);
  useEffect(() => {
    if (saved.ok) setEditing(false);
  }, [saved]);
  const id = `custom-field-${name}`;
  return (
    <li className="py-2.5">
      {editing ? (
        <form action={save} className="flex flex-wrap items-end gap-2">
          <Hidden entity={entity} entityId={entityId} />
          <input type="hidden" name="key" value={name} />
          <div className="min-w-48 flex-1">
            <TextField label={name} name="value" id={id} defaultValue={saved.values?.value ?? value} maxLength={200} error={fieldError(saved.fields, "custom_fields")} autoFocus />
          </div>
          <Button type="submit" disabled={saving}>{saving ? "Saving…" : "Save"}</Button>
          <Button type="button" variant="ghost" onClick={() => setEditing(false)}>Cancel</Button>
        </form>
      ) : (
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <dl className="min-w-0 text-sm">
            <dt className="font-mono text-xs text-slate-500">
              {name}
              {unique && <span className="ml-1.5 font-sans text-slate-500">(unique)</span>}
            </dt>
            <dd className="break-words text-slate-900">{value || <span className="text-slate-500">(empty)</span>}</dd>
          </dl>
          {canEdit && (
            <div className="flex items-center gap-1">
              <Button type="button" variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit ${name}`}>Edit</Button>
              <form
                action={remove}
                onSubmit={(e) => {
                  if (!confirm(`Delete the value of ${name}?`)) e.preventDefault();
                }}
              >
                <Hidden entity={entity} entityId={entityId} />
                <input type="hidden" name="key" value={name} />
                <Button type="submit" variant="ghost" disabled={deleting} aria-label={`Delete ${name}`}>{deleting ? "Deleting…" : "Delete"}</Button>
              </form>
            </div>
          )}
        </div>
      )}
      {saved.ok === false && <FormMessage state={saved} />}
      {deleted.ok === false && <FormMessage state={deleted} />}
    </li>
  );
}

function AddValueForm({ entity, entityId, unset }: { entity: string; entityId: string; unset: Key[] }) {
  const [state, action, pending] = useActionState(setCustomFieldValueAction, {});
  useRefreshOnSuccess(state);
  return (
    <form action={action} className="space-y-3">
      <Hidden entity={entity} entityId={entityId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Key" name="key" id={`${entity}-new-value-key`} options={unset.map((k) => ({ value: k.key, label: k.enforceUniqueness ? `${k.key} (unique)` : k.key }))} defaultValue={state.values?.key} />
        <TextField label="Value" name="value" id={`${entity}-new-value`} maxLength={200} required key={state.ok ? "saved" : "edit"} defaultValue={state.ok ? "" : state.values?.value} error={fieldError(state.fields, "custom_fields")} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add field"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

function DefineKeyForm({ entity, entityId, noun }: { entity: string; entityId: string; noun: string }) {
  const [state, action, pending] = useActionState(addCustomFieldKeyAction, {});
  useRefreshOnSuccess(state);
  return (
    <form action={action} className="space-y-3">
      <Hidden entity={entity} entityId={entityId} />
      <TextField label="New key" name="key" id={`${entity}-new-key`} maxLength={100} required key={state.ok ? "defined" : "edit"} defaultValue={state.ok ? "" : state.values?.key} error={fieldError(state.fields, "key")} hint={`Defined for every ${noun}, as in Metronome's settings.`} />
      <CheckboxField label={`Values must be unique across ${noun}s`} name="enforce_uniqueness" id={`${entity}-new-key-unique`} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Defining…" : "Define key"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/**
 * An entity's custom fields (Metronome's customFields/setValues and deleteValues, one value at a
 * time), and the keys that may be set on it (addKey): a value needs a key defined first.
 */
export function CustomFieldsCard({ entity, entityId, noun, fields, keys, canEdit }: Props) {
  const unique = new Set(keys.filter((k) => k.enforceUniqueness).map((k) => k.key));
  const set = Object.entries(fields).sort(([a], [b]) => a.localeCompare(b));
  const unset = keys.filter((k) => !(k.key in fields));
  // Open at first when there is no key yet; after that as the user leaves it (a refresh keeps it).
  const [defining, setDefining] = useState(keys.length === 0);
  return (
    <Card title="Custom fields" description={`Your own data on this ${noun}, returned by the API wherever it is.`}>
      {set.length === 0 ? (
        <p className="text-sm text-slate-500">No custom fields on this {noun}.</p>
      ) : (
        <ul aria-label="Custom fields" className="divide-y divide-slate-100">
          {set.map(([name, value]) => (
            <ValueRow key={name} entity={entity} entityId={entityId} name={name} value={value} unique={unique.has(name)} canEdit={canEdit} />
          ))}
        </ul>
      )}
      {canEdit && (
        <div className="mt-4 space-y-4 border-t border-slate-100 pt-4">
          {unset.length > 0 ? (
            <AddValueForm entity={entity} entityId={entityId} unset={unset} />
          ) : (
            <p className="text-sm text-slate-500">{keys.length ? `Every key defined for ${noun}s has a value here.` : `No custom field keys are defined for ${noun}s yet.`}</p>
          )}
          <details open={defining} onToggle={(e) => setDefining(e.currentTarget.open)}>
            <summary className="cursor-pointer text-sm font-medium text-brand-700">Define a new key</summary>
            <div className="mt-3">
              <DefineKeyForm entity={entity} entityId={entityId} noun={noun} />
            </div>
          </details>
        </div>
      )}
    </Card>
  );
}
