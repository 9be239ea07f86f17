import type { Metadata } from "next";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CheckboxField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/table";
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
  const filtered = Boolean(params.transaction_id || params.customer || params.event_type || unmatched);
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
      <Card>
        <FilterBar pathname={PATH} active={filtered}>
          <div className="w-60">
            <TextField label="Transaction ID" name="transaction_id" type="search" defaultValue={params.transaction_id} />
          </div>
          <div className="w-60">
            <TextField label="Customer" name="customer" type="search" placeholder="Id or ingest alias" defaultValue={params.customer} />
          </div>
          <div className="w-48">
            <TextField label="Event type" name="event_type" type="search" defaultValue={params.event_type} />
          </div>
          <CheckboxField label="Only unmatched" name="unmatched" value="true" defaultChecked={unmatched} />
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No events match" : "No events yet"}>
            {filtered ? "Try other filters, or clear them." : "Send usage to POST /v1/ingest; it appears here as it arrives."}
          </EmptyState>
        ) : (
          <EventsTable events={page.data} caption="Events, newest first" />
        )}
        <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
      </Card>
    </>
  );
}
