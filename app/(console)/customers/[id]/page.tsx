import type { Metadata } from "next";
import Link from "next/link";
import { CustomerAlertsCard } from "@/components/alerts/customer-alerts-card";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/table";
import { formatDateTime, formatTimestamp } from "@/lib/format";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { listCustomerAuditEntries } from "@/lib/services/audit/list-customer-audit-entries";
import { can } from "@/lib/services/context";
import type { CustomerRecord } from "@/lib/services/customers/customer-record";
import { listCustomFieldKeys } from "@/lib/services/custom-fields/list-custom-field-keys";
import { listNamedSchedules } from "@/lib/services/named-schedules/list-named-schedules";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { listEvents } from "@/lib/services/events/list-events";
import { getCustomerOverview } from "@/lib/services/overview/get-customer-overview";
import { BalancesSection, ContractsSection, InvoicesSection, SpendThisPeriod, UsageSection } from "@/components/customers/customer-billing-sections";
import { CustomFieldsCard } from "../../custom-fields/custom-fields-card";
import { NamedSchedulesCard } from "../../named-schedules/named-schedules-card";
import { EventsTable } from "../../events/events-table";
import { ArchiveButton } from "@/components/console/archive-button";
import { archiveCustomerAction } from "../actions";
import { AliasesEditor, RenameCustomerForm } from "./customer-forms";
import { PortalButton, RevokePortalLinksButton } from "./portal-button";
import { StripeCustomerCard } from "./stripe-customer-card";

export const metadata: Metadata = { title: "Customer" };

const ACTIONS: Record<string, string> = {
  "customer.create": "Created the customer",
  "customer.set_name": "Renamed",
  "customer.set_ingest_aliases": "Changed the ingest aliases",
  "customer.archive": "Archived the customer",
  "contract.create": "Created a contract",
  "contract.edit": "Edited a contract",
  "contract.amend": "Amended a contract",
  "contract.update_end_date": "Changed a contract's end date",
  "contract.archive": "Archived a contract",
  "balance.manual_entry": "Adjusted a balance by hand",
  "invoice.finalize": "Finalized an invoice",
  "invoice.void": "Voided an invoice",
  "invoice.regenerate": "Regenerated an invoice",
  "invoice.create_historical": "Imported a historical invoice",
  "commit.create": "Added a commit",
  "credit.create": "Added a credit",
  "credit.edit": "Edited a credit grant",
  "credit.void": "Voided a credit grant",
  "custom_fields.set": "Set custom fields",
  "custom_fields.delete": "Deleted custom fields",
};

/** Where an audit entry's object is shown in the console, when it has a page. */
function objectHref(objectType: string, objectId: string, customerId: string): string | undefined {
  if (objectType === "contract") return `/contracts/${objectId}`;
  if (objectType === "invoice") return `/invoices/${customerId}/${objectId}`;
  return undefined;
}

/** The top-level fields an audit entry changed, old → new, in a line. */
function changeSummary(before: unknown, after: unknown): string {
  if (!before || typeof before !== "object" || !after || typeof after !== "object") return "";
  // A structured value inside a list or map (a named schedule's segment) reads as its JSON.
  const item = (value: unknown): string => (value !== null && typeof value === "object" ? JSON.stringify(value) : String(value));
  const show = (value: unknown): string => {
    if (Array.isArray(value)) return value.map(item).join(", ") || "none";
    if (value === null) return "none";
    // A map (custom fields): its entries, key=value.
    if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}=${item(v)}`).join(", ") || "none";
    return String(value);
  };
  return Object.entries(after)
    .filter(([key, value]) => key in before && JSON.stringify((before as Record<string, unknown>)[key]) !== JSON.stringify(value))
    .map(([key, value]) => `${key}: ${show((before as Record<string, unknown>)[key])} → ${show(value)}`)
    .join("; ");
}

async function loadCustomer(ctx: Parameters<typeof getCustomer>[0], id: string): Promise<CustomerRecord> {
  return loadOr404(() => getCustomer(ctx, id));
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const customer = await loadCustomer(ctx, (await params).id);
  const [events, audit] = await Promise.all([listEvents(ctx, { customer: customer.id, limit: 10 }), listCustomerAuditEntries(ctx, customer.id, 20)]);
  const [billing, customFieldKeys, schedules] = await Promise.all([getCustomerOverview(ctx, customer.id), listCustomFieldKeys(ctx, { entities: ["customer"] }), listNamedSchedules(ctx, "customer", customer.id)]);
  const canEdit = can(user, "customers:write") && !customer.archivedAt;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/customers" className="text-slate-500 hover:text-slate-900"><span aria-hidden>← </span>Customers</Link>
      </nav>
      <PageHeader
        title={customer.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {customer.archivedAt ? <Badge>Archived {formatDateTime(customer.archivedAt)}</Badge> : <Badge tone="green">Live</Badge>}
            <span>Created {formatDateTime(customer.createdAt)}</span>
          </span>
        }
        actions={
          customer.archivedAt ? undefined : (
            <span className="inline-flex items-center gap-3">
              {canEdit && <RevokePortalLinksButton customerId={customer.id} />}
              <PortalButton customerId={customer.id} />
            </span>
          )
        }
      />
      {!can(user, "customers:write") && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the sales or admin role can change customers; you can look.</p>
      )}
      <div className={`grid gap-6 ${canEdit ? "lg:grid-cols-3" : "lg:grid-cols-2"}`}>
        <div className="space-y-6">
          <Card title="Details">
            <dl className="space-y-3 text-sm">
              <div>
                <dt className="text-slate-500">Customer ID</dt>
                <dd className="break-all font-mono text-xs text-slate-900">{customer.id}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Last changed</dt>
                <dd className="text-slate-900">{formatDateTime(customer.updatedAt)}</dd>
              </div>
            </dl>
          </Card>
          <CustomFieldsCard entity="customer" entityId={customer.id} noun="customer" fields={customer.customFields} keys={customFieldKeys.data} canEdit={canEdit} />
          <NamedSchedulesCard schedules={schedules} noun="customer" />
        </div>
        <Card title="Ingest aliases" description="Adding an alias brings the events already sent under it. A removed alias keeps what it brought.">
          <AliasesEditor customerId={customer.id} aliases={customer.ingestAliases} canEdit={canEdit} />
        </Card>
        {canEdit && (
          <div className="space-y-6">
            <Card title="Name">
              <RenameCustomerForm customerId={customer.id} name={customer.name} />
            </Card>
            <Card title="Archive" description="For a customer onboarded by mistake or gone for good. It cannot be undone; the customer stays readable here and in the API.">
              <ArchiveButton
                action={archiveCustomerAction}
                id={customer.id}
                label="Archive customer"
                confirmText={`Archive ${customer.name}? This cannot be undone. Its ingest aliases are freed; the events it already has stay its own.`}
              />
            </Card>
          </div>
        )}
      </div>
      <div className="mt-6 space-y-6">
        <SpendThisPeriod overview={billing} />
        <ContractsSection customerId={customer.id} contracts={billing.contracts} canCreate={canEdit} />
        <UsageSection usage={billing.usage} />
        <InvoicesSection customerId={customer.id} drafts={billing.drafts} invoices={billing.invoices} contracts={billing.contracts} />
        <BalancesSection customerId={customer.id} balances={billing.balances} contracts={billing.contracts} draftIds={new Set(billing.drafts.map((d) => d.id))} />
        <CustomerAlertsCard ctx={ctx} customerId={customer.id} />
        <StripeCustomerCard ctx={ctx} customerId={customer.id} canEdit={canEdit} />
        <Card
          title="Recent events"
          description="The latest usage attributed to this customer."
          actions={<Link href={`/events?customer=${customer.id}`} className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">All events →</Link>}
        >
          {events.data.length === 0 ? (
            <EmptyState title="No events yet">Send usage to POST /v1/ingest with this customer's id or one of its aliases as customer_id.</EmptyState>
          ) : (
            <EventsTable events={events.data} caption={`Recent events of ${customer.name}`} showCustomer={false} />
          )}
        </Card>
        <Card
          title="Activity"
          description="Changes to this customer and what belongs to it (contracts, commits, credits), newest first."
          actions={<Link href={`/audit-log?object_id=${customer.id}`} className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">In the audit log →</Link>}
        >
          {audit.length === 0 ? (
            <EmptyState title="No changes recorded">Changes made in the console or through the API appear here, with who made them.</EmptyState>
          ) : (
            <ol className="divide-y divide-slate-100">
              {audit.map((entry) => (
                <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1 py-3 text-sm">
                  <div className="min-w-0">
                    <p className="text-slate-900">
                      <span className="font-medium">{ACTIONS[entry.action] ?? entry.action}</span>
                      {entry.objectId !== customer.id && objectHref(entry.objectType, entry.objectId, customer.id) && (
                        <>
                          <span className="text-slate-500"> · </span>
                          <Link href={objectHref(entry.objectType, entry.objectId, customer.id)!} className="text-brand-700 underline">
                            view {entry.objectType}
                          </Link>
                        </>
                      )}
                      <span className="text-slate-500"> by {entry.actorName}</span>
                    </p>
                    {changeSummary(entry.before, entry.after) && <p className="mt-0.5 break-words font-mono text-xs text-slate-600">{changeSummary(entry.before, entry.after)}</p>}
                  </div>
                  <p className="whitespace-nowrap text-xs text-slate-500">{formatTimestamp(entry.createdAt)}</p>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}
