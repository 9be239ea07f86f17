import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs, DateTimeCell, ListBody, ReadOnlyNote } from "@/components/console/list-page";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listWebhookEndpoints } from "@/lib/services/webhooks/list-webhook-endpoints";
import { ArchiveWebhookEndpointButton, CreateWebhookEndpointForm } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const header = (
    <>
      <Breadcrumbs trail={[{ href: "/settings", label: "Settings" }]} />
      <PageHeader title="Webhooks" description="Rateline POSTs signed JSON to these URLs when invoices are finalized or voided, alerts change state, contracts change and balances expire; failed deliveries are retried for 72 hours." />
    </>
  );
  if (!can(user, "settings:write")) {
    return (
      <>
        {header}
        <ReadOnlyNote spaced={false}>Only an admin can see and manage webhook endpoints.</ReadOnlyNote>
      </>
    );
  }
  const endpoints = await listWebhookEndpoints(ctx);
  return (
    <>
      {header}
      <div className="space-y-6">
        <Card title="Add an endpoint" description="Deliveries carry Metronome-Webhook-Signature, so the Metronome SDK's webhooks.unwrap verifies them.">
          <CreateWebhookEndpointForm />
        </Card>
        <Card title="Endpoints">
          <ListBody
            pathname="/settings/webhooks"
            params={{}}
            rows={endpoints}
            empty={{ title: "No endpoints yet", hint: "Add one above to receive events." }}
            caption="Webhook endpoints"
            columns={["URL", "Events", { label: "Delivered", align: "right" }, { label: "Retrying", align: "right" }, { label: "Failed", align: "right" }, "Created", "Status", ""]}
            row={(e) => (
              <tr key={e.id}>
                <Td className="max-w-xs">
                  <Link href={`/settings/webhooks/${e.id}`} className="break-all font-medium text-brand-700 hover:underline">{e.url}</Link>
                  {e.description && <span className="block text-xs text-slate-500">{e.description}</span>}
                </Td>
                <Td className="font-mono text-xs text-slate-600">{e.eventTypes.join(", ")}</Td>
                <Td align="right">{formatCount(e.delivered)}</Td>
                <Td align="right">{formatCount(e.pending)}</Td>
                <Td align="right">{e.failed ? <span className="text-red-700">{formatCount(e.failed)}</span> : 0}</Td>
                <DateTimeCell at={e.createdAt} />
                <Td>{e.archivedAt ? <Badge>Archived</Badge> : <Badge tone="green">Active</Badge>}</Td>
                <Td align="right">{!e.archivedAt && <ArchiveWebhookEndpointButton id={e.id} url={e.url} />}</Td>
              </tr>
            )}
          />
        </Card>
      </div>
    </>
  );
}
