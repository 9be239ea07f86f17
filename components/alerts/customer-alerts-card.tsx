import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { listCustomerAlerts } from "@/lib/services/alerts/list-customer-alerts";
import type { ServiceContext } from "@/lib/services/context";
import { ALERT_TYPE_LABELS, thresholdText, valueText } from "@/lib/alerts/alert-text";
import { alertText } from "./alerts-table";

const STATUS = {
  in_alarm: <Badge tone="red">In alarm</Badge>,
  ok: <Badge tone="green">OK</Badge>,
  evaluating: <Badge>Evaluating</Badge>,
};

/** The customer's page: every live alert that covers it, with its state for this customer. */
export async function CustomerAlertsCard({ ctx, customerId }: { ctx: ServiceContext; customerId: string }) {
  const { data } = await listCustomerAlerts(ctx, { customer_id: customerId });
  return (
    <Card
      title="Alerts"
      description="The alerts that cover this customer and where it stands on each."
      actions={<Link href="/alerts" className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">All alerts →</Link>}
    >
      {data.length === 0 ? (
        <EmptyState title="No alerts cover this customer">Alerts for all customers, or for this one, appear here once created.</EmptyState>
      ) : (
        <Table caption="Alerts of this customer">
          <thead>
            <tr>
              <Th>Alert</Th>
              <Th align="right">Threshold</Th>
              <Th align="right">Last value</Th>
              <Th>Status</Th>
              <Th>Since</Th>
            </tr>
          </thead>
          <tbody>
            {data.map(({ alert, status, lastValue, changedAt }) => {
              const text = alertText(alert);
              return (
                <tr key={alert.id}>
                  <Td className="font-medium">
                    {alert.name}
                    <span className="block text-xs font-normal text-slate-500">{ALERT_TYPE_LABELS[alert.type]}{alert.customerId ? "" : " · all customers"}</span>
                  </Td>
                  <Td align="right" className="whitespace-nowrap tabular-nums">{thresholdText(text)}</Td>
                  <Td align="right" className="whitespace-nowrap tabular-nums">{lastValue ? valueText(text, lastValue.toFixed()) : "—"}</Td>
                  <Td>{status ? STATUS[status] : <span className="text-xs text-slate-500">Not evaluated yet</span>}</Td>
                  <Td className="whitespace-nowrap text-xs text-slate-500">{changedAt ? formatDateTime(changedAt) : "—"}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
