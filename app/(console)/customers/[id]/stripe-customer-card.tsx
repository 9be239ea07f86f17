import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { AttemptOutcome, DeliveryStatus } from "@/components/webhooks/delivery-status";
import { formatTimestamp } from "@/lib/format";
import { listBillingConfigs } from "@/lib/services/billing-providers/get-billing-config";
import { listInvoiceSyncs } from "@/lib/services/billing-providers/list-invoice-syncs";
import type { ServiceContext } from "@/lib/services/context";
import { StripeCustomerForm } from "./stripe-customer-form";

/** The customer's Stripe mapping and how its invoices' syncs stand. */
export async function StripeCustomerCard({ ctx, customerId, canEdit }: { ctx: ServiceContext; customerId: string; canEdit: boolean }) {
  const [configs, syncs] = await Promise.all([listBillingConfigs(ctx, customerId), listInvoiceSyncs(ctx, customerId)]);
  const stripe = configs.find((c) => c.provider === "stripe")?.externalId ?? null;
  return (
    <Card title="Payments" description="A customer mapped to a Stripe customer gets each finalized invoice as a Stripe invoice with the same lines.">
      {canEdit ? (
        <StripeCustomerForm customerId={customerId} stripeCustomerId={stripe} />
      ) : (
        <p className="text-sm text-slate-700">{stripe ? <>Stripe customer <span className="font-mono">{stripe}</span></> : "Not mapped to a Stripe customer."}</p>
      )}
      {syncs.length > 0 && (
        <div className="mt-4">
          <Table caption="Invoices sent to payment providers">
            <thead>
              <tr><Th>Invoice</Th><Th>Provider</Th><Th>Status</Th><Th>External invoice</Th><Th>Last error</Th><Th>Next attempt</Th></tr>
            </thead>
            <tbody>
              {syncs.map((s) => (
                <tr key={s.id}>
                  <Td className="font-mono text-xs">{s.invoiceId}</Td>
                  <Td>{s.provider}</Td>
                  <Td><DeliveryStatus status={s.status} attempts={s.attempts} /></Td>
                  <Td className="font-mono text-xs">{s.externalId ?? "—"}</Td>
                  <Td><AttemptOutcome status={null} error={s.lastError} /></Td>
                  <Td className="whitespace-nowrap text-slate-500">{s.status === "pending" && s.nextAttemptAt ? formatTimestamp(s.nextAttemptAt) : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
