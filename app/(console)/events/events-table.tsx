import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/format";
import type { EventRecord } from "@/lib/services/events/list-events";

function PropertyList({ properties }: { properties: Record<string, unknown> }) {
  const entries = Object.entries(properties);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-x-3 gap-y-0.5 font-mono text-xs">
      {entries.map(([key, value]) => (
        <span key={key} className="whitespace-nowrap">
          <span className="text-slate-500">{key}</span>=<span className="text-slate-800">{typeof value === "string" ? value : JSON.stringify(value)}</span>
        </span>
      ))}
    </span>
  );
}

/** Raw events; those whose alias matched no customer are marked, as they count for nobody yet. */
export function EventsTable({ events, caption, showCustomer = true }: { events: EventRecord[]; caption: string; showCustomer?: boolean }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Event type</Th>
          {showCustomer && <Th>Customer</Th>}
          <Th>Transaction ID</Th>
          <Th>Properties</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.transactionId} className={event.customer ? undefined : "bg-amber-50/60"}>
            <Td className="whitespace-nowrap tabular text-slate-600">{formatTimestamp(event.timestamp)}</Td>
            <Td className="font-mono text-xs text-slate-800">{event.eventType}</Td>
            {showCustomer && (
              <Td>
                {event.customer ? (
                  <Link href={`/customers/${event.customer.id}`} className="whitespace-nowrap font-medium text-brand-700 hover:underline">{event.customer.name}</Link>
                ) : (
                  <span className="flex flex-wrap items-center gap-2">
                    <Badge tone="amber">Unmatched</Badge>
                    <code className="font-mono text-xs text-slate-700">{event.customerAlias}</code>
                  </span>
                )}
              </Td>
            )}
            <Td className="max-w-48 truncate font-mono text-xs text-slate-600">{event.transactionId}</Td>
            <Td className="min-w-72"><PropertyList properties={event.properties} /></Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
