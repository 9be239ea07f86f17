import type { Metadata } from "next";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { FilterCheckbox, FilterText, ListPage } from "@/components/console/list-page";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { consoleContext } from "@/lib/server/console-context";
import { listEvents } from "@/lib/services/events/list-events";
import { EventsTable } from "./events-table";

export const metadata: Metadata = { title: "Events" };

const PATH = "/events";

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const params = readParams(await searchParams, ["transaction_id", "customer", "event_type", "unmatched", "next_page"]);
  const unmatched = params.unmatched === "true";
  const page = await listEvents(
    ctx,
    { transaction_id: params.transaction_id, customer: params.customer, event_type: params.event_type, unmatched, next_page: params.next_page, limit: 50 },
  );
  return (
    <>
      {/* The first page follows new arrivals; a later page stays still while it is read. */}
      {!params.next_page && <AutoRefresh seconds={5} />}
      <PageHeader
        title="Events"
        description={
          <>
            Raw usage as it arrived, newest first. Events marked <Badge tone="amber">Unmatched</Badge> name an alias no customer has yet: they count once a customer is given that alias.
          </>
        }
      />
      <ListPage pathname={PATH} params={params} page={page}
        filtered={Boolean(params.transaction_id || params.customer || params.event_type || unmatched)}
        filters={
          <>
            <FilterText width="w-60" label="Transaction ID" name="transaction_id" type="search" value={params.transaction_id} />
            <FilterText width="w-60" label="Customer" name="customer" type="search" placeholder="Id or ingest alias" value={params.customer} />
            <FilterText width="w-48" label="Event type" name="event_type" type="search" value={params.event_type} />
            <FilterCheckbox label="Only unmatched" name="unmatched" checked={unmatched} />
          </>
        }
        empty={{ title: "No events yet", hint: "Send usage to POST /v1/ingest; it appears here as it arrives." }}
        noMatch={{ title: "No events match", hint: "Try other filters, or clear them." }}
        table={<EventsTable events={page.data} caption="Events, newest first" />}
      />
    </>
  );
}
