"use client";

import { alarmSentence } from "@/lib/alerts/alert-text";
import type { PortalAlert } from "@/lib/services/portal/portal-alerts";
import { usePortalData } from "./use-portal-data";

/** At the top of every portal page while any of the customer's alerts is in alarm. */
export function AlertBanner({ token }: { token: string }) {
  const query = usePortalData<{ alerts: PortalAlert[] }>("/api/portal/alerts", token, { live: true });
  const alerts = query.data?.alerts ?? [];
  if (alerts.length === 0) return null;
  return (
    <div role="alert" data-testid="portal-alert-banner" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <ul className="space-y-1">
        {alerts.map((alert) => (
          <li key={alert.id}>
            {alarmSentence({ type: alert.type, threshold: alert.threshold, creditType: alert.creditType, metricName: alert.metricName, groupValues: alert.groupValues })}
          </li>
        ))}
      </ul>
    </div>
  );
}
