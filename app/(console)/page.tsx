import type { Metadata } from "next";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatCount, formatRelative } from "@/lib/format";
import { getPrisma } from "@/lib/server/database";
import { requireUser } from "@/lib/server/session";
import { listCustomerActivity } from "@/lib/services/customers/customer-activity";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  const now = new Date();
  const customers = await listCustomerActivity({ db: await getPrisma(), actor: user }, now);
  const total = customers.reduce((sum, c) => sum + c.eventsLastDay, 0);
  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader title="Overview" description="Who is sending usage right now. Counts refresh every few seconds." />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat label="Customers" value={formatCount(customers.length)} />
        <Stat label="Events, last 24 h" value={formatCount(total)} />
        <Stat label="Events, last hour" value={formatCount(customers.reduce((sum, c) => sum + c.eventsLastHour, 0))} />
      </div>
      <Card title="Customers" description="Live event counts per customer">
        {customers.length === 0 ? (
          <EmptyState title="No customers yet">Create a customer through the API, then send its usage to POST /v1/ingest.</EmptyState>
        ) : (
          <Table caption="Customers and their recent events">
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th>Ingest aliases</Th>
                <Th align="right">Last hour</Th>
                <Th align="right">Last 24 h</Th>
                <Th align="right">Last event</Th>
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.id}>
                  <Td className="font-medium text-slate-900">{c.name}</Td>
                  <Td className="font-mono text-xs text-slate-600">{c.aliases.join(", ") || "—"}</Td>
                  <Td align="right" className="tabular">{formatCount(c.eventsLastHour)}</Td>
                  <Td align="right" className="tabular">{formatCount(c.eventsLastDay)}</Td>
                  <Td align="right" className="text-slate-500">{c.lastEventAt ? formatRelative(c.lastEventAt, now) : "never"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="tabular mt-1 text-2xl font-semibold text-slate-900">{value}</p>
    </div>
  );
}
