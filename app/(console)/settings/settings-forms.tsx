"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { API_KEY_SCOPES, SCOPE_LABELS } from "@/lib/services/api-keys/scopes";
import { createApiKeyAction, createUserAction, resetUserPasswordAction, revokeApiKeyAction, setUserDisabledAction, setUserRoleAction } from "./actions";

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const SCOPE_OPTIONS = API_KEY_SCOPES.map((s) => ({ value: s, label: `${SCOPE_LABELS[s]} (${s})` }));

export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, {});
  return (
    <div className="space-y-3">
      <form action={action} className="flex items-end gap-3">
        <div className="w-80">
          <TextField label="New key name" name="name" placeholder="e.g. Production ingest" required defaultValue={state.ok ? "" : state.values?.name} error={state.fields?.name} />
        </div>
        <div className="w-56">
          <SelectField label="Scope" name="scope" options={SCOPE_OPTIONS} defaultValue={state.ok ? "full" : (state.values?.scope ?? "full")} error={state.fields?.scope} />
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create API key"}</Button>
      </form>
      {state.ok && state.result ? (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p className="font-medium">Copy this key now; it will not be shown again.</p>
          <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-emerald-200">{state.result.secret}</code>
        </div>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(revokeApiKeyAction, {});
  return (
    <form action={action} onSubmit={(e) => { if (!confirm(`Revoke “${name}”? Systems using it will be refused at once.`)) e.preventDefault(); }}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${name}`}>Revoke</Button>
      {state.ok === false && <p role="alert" className="mt-1 text-xs text-red-700">{state.message}</p>}
    </form>
  );
}

export function RoleSelect({ id, role, email }: { id: string; role: string; email: string }) {
  const [state, action, pending] = useActionState(setUserRoleAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <label className="sr-only" htmlFor={`role-${id}`}>Role for {email}</label>
      <select id={`role-${id}`} name="role" defaultValue={role} disabled={pending} onChange={(e) => e.currentTarget.form?.requestSubmit()} className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-slate-300">
        {ROLE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {state.message && <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-700" : "text-red-700"}`}>{state.message}</span>}
    </form>
  );
}

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-3" key={state.ok ? state.result?.id : "form"}>
      <h3 className="text-sm font-semibold text-slate-900">Add a user</h3>
      <div className="grid gap-3 sm:grid-cols-4">
        <TextField label="Name" id="user-name" name="name" required defaultValue={v.name} error={state.fields?.name} />
        <TextField label="Email" name="email" type="email" required defaultValue={v.email} error={state.fields?.email} />
        <SelectField label="Role" name="role" options={ROLE_OPTIONS} defaultValue={v.role ?? "viewer"} error={state.fields?.role} />
        <TextField label="Initial password" name="password" type="password" autoComplete="new-password" required minLength={8} error={state.fields?.password} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Adding…" : "Add user"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function DisableUserButton({ id, email, disabled }: { id: string; email: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(setUserDisabledAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!disabled && !confirm(`Disable ${email}? They are signed out everywhere at once and cannot sign in.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <Button type="submit" variant={disabled ? "secondary" : "danger"} disabled={pending} aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}>
        {disabled ? "Enable" : "Disable"}
      </Button>
      {state.ok === false && <p role="alert" className="mt-1 text-xs text-red-700">{state.message}</p>}
    </form>
  );
}

export function ResetPasswordForm({ id, email }: { id: string; email: string }) {
  const [state, action, pending] = useActionState(resetUserPasswordAction, {});
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Reset password</summary>
      <form action={action} className="mt-2 flex items-end gap-2" key={state.ok ? "done" : "form"}>
        <input type="hidden" name="id" value={id} />
        <div className="w-48">
          <TextField label={`New password for ${email}`} id={`reset-password-${id}`} name="password" type="password" autoComplete="new-password" required minLength={8} error={state.fields?.password} />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Setting…" : "Set password"}</Button>
      </form>
      <div className="mt-1"><FormMessage state={state} /></div>
    </details>
  );
}
