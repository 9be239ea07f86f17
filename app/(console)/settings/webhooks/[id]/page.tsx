import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { AttemptOutcome, DeliveryStatus } from "@/components/webhooks/delivery-status";
import { formatTimestamp } from "@/lib/format";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listWebhookDeliveries } from "@/lib/services/webhooks/list-webhook-deliveries";
import { ResendDeliveryButton } from "../webhook-forms";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  if (!can(user, "settings:write")) {
    return <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only an admin can see webhook deliveries.</p>;
  }
  const id = (await params).id;
  const log = await loadOr404(() => listWebhookDeliveries(ctx, { endpoint_id: id }), ["not_found", "bad_request"]);
  const { endpoint, deliveries } = log;
  const retrying = deliveries.some((d) => d.status === "pending");
  return (
    <>
      {retrying && <AutoRefresh seconds={5} />}
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/settings/webhooks" className="text-slate-500 hover:text-slate-900"><span aria-hidden>← </span>Webhooks</Link>
      </nav>
      <PageHeader
        title="Delivery log"
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all font-mono text-xs">{endpoint.url}</span>
            {endpoint.archivedAt ? <Badge>Archived</Badge> : <Badge tone="green">Active</Badge>}
            <span className="font-mono text-xs">{endpoint.eventTypes.join(", ")}</span>
          </span>
        }
      />
      <Card title="Latest deliveries" description="Each event sent to this endpoint, newest first, with its latest attempt. Re-send sends it again now with a fresh 72-hour retry budget.">
        {deliveries.length === 0 ? (
          <EmptyState title="Nothing sent yet">Events of the chosen types appear here as they happen.</EmptyState>
        ) : (
          <Table caption={`Deliveries to ${endpoint.url}`}>
            <thead>
              <tr><Th>Event</Th><Th>Status</Th><Th align="right">Attempts</Th><Th>Last response</Th><Th>Next attempt</Th><Th>Created</Th><Th /></tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <Td>
                    <span className="font-mono text-xs text-slate-900">{d.event.type}</span>
                    <span className="block font-mono text-[11px] text-slate-500">{d.event.id}</span>
                  </Td>
                  <Td><DeliveryStatus status={d.status} attempts={d.attempts} /></Td>
                  <Td align="right">
                    {d.log.length > 0 ? (
                      <details>
                        <summary className="cursor-pointer">{d.attempts}</summary>
                        <ul className="mt-1 space-y-0.5 text-left text-xs text-slate-600">
                          {d.log.map((a) => (
                            <li key={a.id} className="whitespace-nowrap">{formatTimestamp(a.attemptedAt)} · <AttemptOutcome status={a.status} error={a.error} /> · {a.durationMs} ms</li>
                          ))}
                        </ul>
                      </details>
                    ) : (
                      d.attempts
                    )}
                  </Td>
                  <Td><AttemptOutcome status={d.lastStatus} error={d.lastError} /></Td>
                  <Td className="whitespace-nowrap text-slate-500">{d.status === "pending" && d.nextAttemptAt ? formatTimestamp(d.nextAttemptAt) : "—"}</Td>
                  <Td className="whitespace-nowrap text-slate-500">{formatTimestamp(d.createdAt)}</Td>
                  <Td align="right">{!endpoint.archivedAt && <ResendDeliveryButton id={d.id} endpointId={endpoint.id} label={`${d.event.type} ${d.event.id}`} />}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
