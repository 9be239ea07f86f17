import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { consoleContext } from "@/lib/server/console-context";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { can } from "@/lib/services/context";
import { listUsers } from "@/lib/services/users/manage-users";
import { SCOPE_LABELS } from "@/lib/services/api-keys/scopes";
import { CreateApiKeyForm, CreateUserForm, DisableUserButton, ResetPasswordForm, RevokeApiKeyButton, RoleSelect } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const [keys, users] = await Promise.all([listApiKeys(ctx), listUsers(ctx)]);
  const canEdit = can(user, "settings:write");
  return (
    <>
      <PageHeader title="Settings" description="API keys for your systems, and who can use this console." actions={<Link href="/settings/webhooks" className={buttonClassName("secondary")}>Webhooks</Link>} />
      {!canEdit && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          You can look, but only an admin can change settings. You are signed in as {ROLE_LABELS[user.role]}.
        </p>
      )}
      <div className="space-y-6">
        <Card title="API keys" description="Send as Authorization: Bearer <key>. A key is shown once, when it is created. Scope: full access; read only (GET and the list, get and usage queries); or ingest only (POST /v1/ingest).">
          {canEdit && <CreateApiKeyForm />}
          {keys.length === 0 ? (
            <div className="mt-4"><EmptyState title="No API keys yet">Create one above, or run npm run apikey:create -- &lt;name&gt; --scope ingest.</EmptyState></div>
          ) : (
            <div className="mt-4">
              <Table caption="API keys">
                <thead>
                  <tr><Th>Name</Th><Th>Key</Th><Th>Scope</Th><Th>Created</Th><Th>Last used</Th><Th>Status</Th><Th /></tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k.id}>
                      <Td className="font-medium">{k.name}</Td>
                      <Td className="font-mono text-xs text-slate-600">{k.prefix}…</Td>
                      <Td><Badge tone={k.scope === "full" ? "blue" : "neutral"}>{SCOPE_LABELS[k.scope]}</Badge></Td>
                      <Td className="text-slate-500">{formatDateTime(k.createdAt)}{k.createdBy ? ` by ${k.createdBy}` : ""}</Td>
                      <Td className="text-slate-500">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}</Td>
                      <Td>{k.revokedAt ? <Badge tone="red">Revoked</Badge> : <Badge tone="green">Active</Badge>}</Td>
                      <Td align="right">{canEdit && !k.revokedAt && <RevokeApiKeyButton id={k.id} name={k.name} />}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </Card>
        <Card title="Users" description="Admins change settings; Pricing edits prices; Sales edits customers and contracts; Finance works on invoices; Viewers read.">
          <Table caption="Users">
            <thead>
              <tr><Th>Name</Th><Th>Email</Th><Th>Role</Th><Th>Added</Th><Th>Status</Th>{canEdit && <Th />}</tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <Td className="font-medium">{u.name}</Td>
                  <Td className="text-slate-600">{u.email}</Td>
                  <Td>{canEdit && u.id !== user.id ? <RoleSelect id={u.id} role={u.role} email={u.email} /> : <Badge tone="blue">{ROLE_LABELS[u.role]}</Badge>}</Td>
                  <Td className="text-slate-500">{formatDateTime(u.createdAt)}</Td>
                  <Td>{u.disabledAt ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</Td>
                  {canEdit && (
                    <Td align="right">
                      {u.id !== user.id && (
                        <div className="flex flex-col items-end gap-2">
                          <DisableUserButton id={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />
                          <ResetPasswordForm id={u.id} email={u.email} />
                        </div>
                      )}
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
          {canEdit && <div className="mt-6 border-t border-slate-100 pt-5"><CreateUserForm /></div>}
        </Card>
      </div>
    </>
  );
}
