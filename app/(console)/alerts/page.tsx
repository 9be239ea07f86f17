import type { Metadata } from "next";
import Link from "next/link";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { CreateAlertForm } from "@/components/alerts/create-alert-form";
import { ArchiveButton } from "@/components/console/archive-button";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { consoleContext } from "@/lib/server/console-context";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { listBillableMetrics } from "@/lib/services/billable-metrics/list-billable-metrics";
import { can } from "@/lib/services/context";
import { listCreditTypes } from "@/lib/services/credit-types/list-credit-types";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { archiveAlertAction, createAlertAction } from "./actions";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const params = readParams(await searchParams, ["archived"]);
  const includeArchived = params.archived === "true";
  const canEdit = can(user, "customers:write");
  const [alerts, customers, metrics, creditTypes] = await Promise.all([
    listAlerts(ctx, { include_archived: includeArchived }),
    canEdit ? listCustomers(ctx, { limit: 100, sort: "name" }) : null,
    canEdit ? listBillableMetrics(ctx, { limit: 100, sort: "name" }) : null,
    canEdit ? listCreditTypes(ctx, { limit: 100 }) : null,
  ]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Thresholds on balances, spend and usage, evaluated as usage arrives. Every change of a customer's state is sent to your webhooks."
      />
      {canEdit && customers && metrics && creditTypes && (
        <Card title="New alert" className="mb-6">
          <CreateAlertForm
            action={createAlertAction}
            customers={customers.data.map((c) => ({ value: c.id, label: c.name }))}
            metrics={metrics.data.map((m) => ({ value: m.id, label: m.name, groupKeys: [...new Set(m.groupKeys.flat())] }))}
            // USD first: the form's default.
            creditTypes={creditTypes.data.map((t) => ({ value: t.id, label: t.name })).sort((a, b) => Number(b.value === USD_CENTS.id) - Number(a.value === USD_CENTS.id))}
          />
        </Card>
      )}
      <Card
        title={includeArchived ? "All alerts" : "Live alerts"}
        actions={
          <Link href={includeArchived ? "/alerts" : "/alerts?archived=true"} className="text-sm font-medium text-brand-700 hover:underline">
            {includeArchived ? "Hide archived" : "Show archived"}
          </Link>
        }
      >
        <AlertsTable
          alerts={alerts}
          archive={canEdit ? (alert) => (
                  <ArchiveButton
                    action={archiveAlertAction}
                    id={alert.id}
                    label="Archive"
                    ariaLabel={`Archive ${alert.name}`}
                    variant="secondary"
                    confirmText={`Archive the alert “${alert.name}”? It stops being evaluated for every customer. This cannot be undone.`}
                  />
                ) : undefined}
        />
      </Card>
    </>
  );
}
