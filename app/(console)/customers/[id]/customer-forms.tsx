"use client";

import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { setCustomerNameAction, setIngestAliasesAction } from "../actions";

/** Edits the list locally, then saves it whole (setIngestAliases replaces the list). */
export function AliasesEditor({ customerId, aliases, canEdit }: { customerId: string; aliases: string[]; canEdit: boolean }) {
  const [state, action, pending] = useActionState(setIngestAliasesAction, {});
  const saved = aliases.join("\n");
  const [list, setList] = useState(aliases);
  const [draft, setDraft] = useState("");
  // After a save the page re-renders with the stored list, which becomes the starting point again.
  useEffect(() => setList(saved ? saved.split("\n") : []), [saved]);
  const dirty = list.join("\n") !== saved;
  const add = () => {
    const alias = draft.trim();
    if (alias && !list.includes(alias)) setList([...list, alias]);
    setDraft("");
  };
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="id" value={customerId} />
      <input type="hidden" name="ingest_aliases" value={list.join("\n")} />
      {list.length === 0 ? (
        <p className="text-sm text-slate-500">No aliases: events must name this customer by its id.</p>
      ) : (
        <ul aria-label="Ingest aliases" className="flex flex-wrap gap-2">
          {list.map((alias) => (
            <li key={alias} className="inline-flex items-center gap-1 rounded-md bg-slate-100 py-1 pl-2.5 pr-1 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
              {alias}
              {canEdit && (
                <button type="button" onClick={() => setList(list.filter((a) => a !== alias))} aria-label={`Remove alias ${alias}`} className="rounded px-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900">
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <>
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <TextField
                label="Add an alias"
                name="new_alias"
                id="new-alias"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    add();
                  }
                }}
                error={fieldError(state.fields, "ingest_aliases")}
              />
            </div>
            <Button type="button" variant="secondary" onClick={add} disabled={!draft.trim()}>Add</Button>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!dirty || pending}>{pending ? "Saving…" : "Save aliases"}</Button>
            {dirty && <span className="text-sm text-amber-700">Unsaved changes</span>}
          </div>
          <FormMessage state={state} />
        </>
      )}
    </form>
  );
}

export function RenameCustomerForm({ customerId, name }: { customerId: string; name: string }) {
  const [state, action, pending] = useActionState(setCustomerNameAction, {});
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={customerId} />
      <TextField label="Name" name="name" id="customer-name" required maxLength={160} defaultValue={state.ok ? state.result?.name : (state.values?.name ?? name)} key={state.ok ? state.result?.name : "edit"} error={fieldError(state.fields, "name")} />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Rename"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
