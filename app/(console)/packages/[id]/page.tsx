import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatAmount } from "@/lib/format-money";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { getPackage } from "@/lib/services/packages/get-package";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import { listContractsOnPackage } from "@/lib/services/packages/list-contracts-on-package";
import { fromStart, lasting } from "../offsets";
import { ArchivePackageForm, CreateContractFromPackageForm } from "../package-forms";

export const metadata: Metadata = { title: "Package" };

export default async function PackagePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleContext();
  const { id } = await params;
  // A malformed id is a 400 from the service: a page that does not exist either way.
  const pkg = await loadOr404(() => getPackage(ctx, { package_id: id }), ["not_found", "bad_request"]);
  const t = pkg.terms;
  const [contracts, customers, rateCard] = await Promise.all([
    listContractsOnPackage(ctx, { package_id: pkg.id, include_archived: true, limit: 100 }),
    listCustomers(ctx, { sort: "name", order: "asc", limit: 100 }),
    t.rate_card_id ? getRateCard(ctx, { id: t.rate_card_id }) : undefined,
  ]);
  const unit = (creditTypeId: string | undefined) => ({ id: creditTypeId ?? pkg.fiatCreditTypeId, name: pkg.creditTypes.get(creditTypeId ?? pkg.fiatCreditTypeId) ?? "" });
  const product = (productId: string) => pkg.products.get(productId) ?? productId;
  const terms: { kind: string; what: string; when: string; amount: string }[] = [
    ...[...(t.commits ?? []).map((c) => ({ ...c, kind: `${c.type.toLowerCase()} commit` })), ...(t.credits ?? []).map((c) => ({ ...c, kind: "credit" }))].flatMap((b) =>
      b.access_schedule.schedule_items.map((i) => ({ kind: b.kind, what: b.name ?? product(b.product_id), when: `${fromStart(i.starting_at_offset)}, ${lasting(i.duration)}`, amount: formatAmount(i.amount, unit(b.access_schedule.credit_type_id)) })),
    ),
    ...(t.overrides ?? []).map((o) => ({
      kind: "override",
      what: o.override_specifiers.map((s) => (s.product_id ? product(s.product_id) : (s.product_tags ?? []).join(", "))).join("; "),
      when: `${fromStart(o.starting_at_offset)}, ${lasting(o.duration)}`,
      amount: o.type === "MULTIPLIER" ? `× ${o.multiplier}` : o.overwrite_rate?.price !== undefined ? `${o.overwrite_rate.rate_type.toLowerCase()} ${formatAmount(o.overwrite_rate.price, unit(o.overwrite_rate.credit_type_id))}` : (o.type ?? (o.entitled ? "entitled" : "not entitled")).toLowerCase(),
    })),
    ...(t.scheduled_charges ?? []).flatMap((c) =>
      c.schedule.schedule_items.map((i) => ({ kind: "scheduled charge", what: c.name ?? product(c.product_id), when: fromStart(i.date_offset), amount: `${i.quantity} × ${formatAmount(i.unit_price, unit(c.schedule.credit_type_id))}` })),
    ),
    ...[...(t.recurring_commits ?? []).map((r) => ({ ...r, kind: "recurring commit" })), ...(t.recurring_credits ?? []).map((r) => ({ ...r, kind: "recurring credit" }))].map((r) => ({
      kind: r.kind,
      what: r.name ?? product(r.product_id),
      when: `${fromStart(r.starting_at_offset)}, ${lasting(r.duration)}, ${(r.recurrence_frequency ?? "per billing period").toLowerCase()}`,
      amount: formatAmount(r.access_amount.unit_price, unit(r.access_amount.credit_type_id)),
    })),
    ...(t.subscriptions ?? []).map((sub) => ({
      kind: "subscription",
      what: sub.name ?? product(sub.subscription_rate.product_id),
      // Without an offset a subscription starts with the contract; without a duration it ends with it.
      when: `${fromStart(sub.starting_at_offset ?? { unit: "DAYS", value: 0 })}, ${sub.duration ? lasting(sub.duration) : "to the contract's end"}, ${sub.collection_schedule === "ADVANCE" ? "in advance" : "in arrears"}`,
      amount: `${sub.initial_quantity ?? 1} × the rate card's ${sub.subscription_rate.billing_frequency.toLowerCase()} price`,
    })),
  ];
  const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString().slice(0, 10);
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/packages" className="text-brand-700 hover:underline">← Packages</Link></p>
      <PageHeader title={pkg.name} description={`${pkg.archivedAt ? "Archived. " : ""}Contract length: ${lasting(t.duration)}. Dates count from each contract's start.`} />
      <div className="space-y-6">
        <Card title="Package">
          <dl className="grid gap-3 text-sm md:grid-cols-4">
            <div><dt className="text-slate-500">Rate card</dt><dd>{rateCard ? <Link className="text-brand-700 hover:underline" href={`/rate-cards/${rateCard.id}`}>{rateCard.name}</Link> : `alias ${t.rate_card_alias}`}</dd></div>
            <div><dt className="text-slate-500">Aliases</dt><dd>{pkg.aliases.map((a) => a.name).join(", ") || "—"}</dd></div>
            <div><dt className="text-slate-500">Contract name</dt><dd>{t.contract_name ?? "—"}</dd></div>
            <div><dt className="text-slate-500">Billing</dt><dd>{(t.usage_statement_schedule?.frequency ?? "MONTHLY").toLowerCase()}, net {t.net_payment_terms_days ?? 0} days</dd></div>
          </dl>
        </Card>
        <Card title="Terms" description="Each date is an offset from the contract's start.">
          {terms.length ? (
            <table className="w-full text-sm" aria-label="Package terms">
              <thead><tr className="text-left text-slate-500"><th className="py-1">Term</th><th>Product</th><th>When</th><th className="text-right">Amount</th></tr></thead>
              <tbody>
                {terms.map((term, i) => (
                  <tr key={i} className="border-t border-slate-100"><td className="py-1.5">{term.kind}</td><td>{term.what}</td><td>{term.when}</td><td className="text-right tabular">{term.amount}</td></tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-slate-500">Rates only: contracts from this package price from its rate card.</p>
          )}
        </Card>
        {!pkg.archivedAt && can(ctx.actor, "customers:write") && (
          <div id="new-contract">
            <Card title="New contract from this package">
              <CreateContractFromPackageForm packages={[{ id: pkg.id, name: pkg.name }]} packageId={pkg.id} customers={customers.data.map((c) => ({ id: c.id, name: c.name }))} defaultStart={monthStart} />
            </Card>
          </div>
        )}
        <Card title="Contracts from this package">
          {contracts.data.length ? (
            <ul className="space-y-1 text-sm">
              {contracts.data.map((c) => (
                <li key={c.id}><Link className="text-brand-700 hover:underline" href={`/contracts/${c.id}`}>{c.id}</Link> <span className="text-slate-500">from {c.startingAt.toISOString().slice(0, 10)}{c.endingBefore ? ` to ${c.endingBefore.toISOString().slice(0, 10)}` : ""}{c.archivedAt ? " (archived)" : ""}</span></li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">None yet.</p>
          )}
        </Card>
        {!pkg.archivedAt && can(ctx.actor, "pricing:write") && <ArchivePackageForm packageId={pkg.id} />}
      </div>
    </>
  );
}
