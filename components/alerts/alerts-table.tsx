import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { AlertOverview } from "@/lib/services/alerts/list-alerts";
import { ALERT_TYPE_LABELS, groupText, thresholdText, valueText, type AlertTextInput } from "@/lib/alerts/alert-text";

export function alertText(alert: AlertOverview | { type: AlertTextInput["type"]; threshold: { toFixed(): string }; creditTypeId: string | null; creditTypeName: string; billableMetric: { name: string } | null; groupValues: Record<string, string> | null }): AlertTextInput {
  return {
    type: alert.type,
    threshold: alert.threshold.toFixed(),
    creditType: alert.creditTypeId ? { id: alert.creditTypeId, name: alert.creditTypeName } : null,
    metricName: alert.billableMetric?.name ?? null,
    groupValues: alert.groupValues,
  };
}

export function AlertsTable({ alerts, archive }: { alerts: AlertOverview[]; archive?: (alert: AlertOverview) => React.ReactNode }) {
  if (alerts.length === 0) {
    return <EmptyState title="No alerts yet">Create one to hear when a customer runs low on credit or passes a spend or usage threshold.</EmptyState>;
  }
  return (
    <Table caption="Alerts">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Watches</Th>
          <Th align="right">Threshold</Th>
          <Th>Customers</Th>
          <Th>In alarm</Th>
          {archive && <Th><span className="sr-only">Actions</span></Th>}
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => {
          const text = alertText(alert);
          const group = groupText(alert.groupValues);
          return (
            <tr key={alert.id} className="align-top hover:bg-slate-50">
              <Td className="font-medium">
                {alert.name}
                {alert.archivedAt && <span className="ml-2"><Badge>Archived</Badge></span>}
                <span className="block text-xs font-normal text-slate-500">Created {formatDateTime(alert.createdAt)}</span>
              </Td>
              <Td className="text-sm">
                {ALERT_TYPE_LABELS[alert.type]}
                {alert.billableMetric && <span className="block text-xs text-slate-500">{alert.billableMetric.name}</span>}
                {group && <span className="block font-mono text-xs text-slate-500">{group}</span>}
              </Td>
              <Td align="right" className="whitespace-nowrap tabular-nums">{thresholdText(text)}</Td>
              <Td className="text-sm">
                {alert.customerId ? (
                  <Link href={`/customers/${alert.customerId}`} className="text-brand-700 hover:underline">{alert.customerName ?? alert.customerId}</Link>
                ) : (
                  "All customers"
                )}
              </Td>
              <Td className="text-sm">
                {alert.inAlarmCount === 0 ? (
                  <span className="text-slate-400">None</span>
                ) : (
                  <ul className="space-y-1">
                    {alert.inAlarm.map((c) => (
                      <li key={c.customerId}>
                        <Link href={`/customers/${c.customerId}`} className="text-brand-700 underline underline-offset-2">{c.customerName}</Link>
                        {c.lastValue && <span className="text-xs text-slate-500"> · {valueText(text, c.lastValue.toFixed())}</span>}
                      </li>
                    ))}
                    {alert.inAlarmCount > alert.inAlarm.length && <li className="text-xs text-slate-500">and {alert.inAlarmCount - alert.inAlarm.length} more</li>}
                  </ul>
                )}
              </Td>
              {archive && <Td align="right">{!alert.archivedAt && archive(alert)}</Td>}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
