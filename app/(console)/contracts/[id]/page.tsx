import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatPeriod, formatQuantity, isoDay } from "@/lib/format";
import { Decimal } from "@/lib/billing/decimal";
import { formatAmount } from "@/lib/format-money";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can, type ServiceContext } from "@/lib/services/context";
import { getContractEditHistory } from "@/lib/services/contracts/edit-contract";
import { listCustomFieldKeys } from "@/lib/services/custom-fields/list-custom-field-keys";
import { listNamedSchedules } from "@/lib/services/named-schedules/list-named-schedules";
import { contractStatus } from "@/lib/services/contracts/find-contracts";
import { getContract } from "@/lib/services/contracts/get-contract";
import { locateContract } from "@/lib/services/contracts/locate-contract";
import { describeSpecifiers } from "@/lib/services/contracts/specifier-text";
import { storedSpecifiers } from "@/lib/services/contracts/specifiers";
import { storedSeatSchedule } from "@/lib/services/contracts/subscription-seats";
import { listProducts } from "@/lib/services/products/list-products";
import { listProductRateCards } from "@/lib/services/rate-cards/list-product-rate-cards";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import { CustomFieldsCard } from "../../custom-fields/custom-fields-card";
import { NamedSchedulesCard } from "../../named-schedules/named-schedules-card";
import { ContractStatusBadge, contractDates } from "../contract-text";
import { ContractEditPanel } from "./contract-edit-panel";
import { DealTerms } from "./deal-terms";
import { UsageFilterForm } from "./usage-filter-form";

export const metadata: Metadata = { title: "Contract" };

async function load(ctx: ServiceContext, id: string) {
  return loadOr404(async () => {
    const now = new Date();
    const { customerId, customerName } = await locateContract(ctx, id);
    const [view, history] = await Promise.all([
      getContract(ctx, { customer_id: customerId, contract_id: id, include_balance: true }, now),
      getContractEditHistory(ctx, { customer_id: customerId, contract_id: id }),
    ]);
    return { view, history, customerName, now };
  });
}

export default async function ContractPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const { view, history, customerName, now } = await load(ctx, (await params).id);
  const { row, productNames, balances } = view;
  const [card, customFieldKeys, schedules] = await Promise.all([row.rateCardId ? getRateCard(ctx, { id: row.rateCardId }) : null, listCustomFieldKeys(ctx, { entities: ["contract"] }), listNamedSchedules(ctx, "contract", row.id)]);
  const unit = card ? { id: card.fiatCreditType.id, name: card.fiatCreditType.name } : { id: "", name: "" };
  const name = (productId: string | null) => (productId ? (productNames.get(productId) ?? productId) : "—");
  const canWrite = can(user, "customers:write") && !row.archivedAt;
  const products = canWrite ? await listProducts(ctx, { sort: "name", limit: 100 }) : null;
  const pricedOn = products ? await listProductRateCards(ctx, products.data.map((p) => p.id)) : null;
  // Filters from the contract's end on are never in force (the end moved earlier).
  const filters = row.usageFilters.filter((f) => !row.endingBefore || f.startingAt < row.endingBefore);
  const filterNow = filters.filter((f) => f.startingAt <= now).at(-1);
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/contracts" className="text-brand-700 hover:underline">← Contracts</Link></p>
      <PageHeader
        title={row.name ?? "Unnamed contract"}
        description={<>For <Link href={`/customers/${row.customerId}`} className="text-brand-700 underline underline-offset-2">{customerName}</Link> · {contractDates(row.startingAt, row.endingBefore)}</>}
        actions={<div className="flex items-center gap-3"><ContractStatusBadge status={contractStatus(row, now)} /><Link href={`/invoices?customer=${row.customerId}`} className="text-sm font-medium text-brand-700 hover:underline">Invoices</Link></div>}
      />
      <div className="space-y-6">
        <Card title="Terms">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-500">Rate card</dt>
            <dd>{card ? <Link href={`/rate-cards/${card.id}`} className="text-brand-700 hover:underline">{card.name}</Link> : "None"}</dd>
            <dt className="text-slate-500">Billing cycle</dt>
            <dd className="text-slate-900">{row.usageStatementFrequency.toLowerCase()}, periods start {row.usageStatementDay === "FIRST_OF_MONTH" ? "on the first of the month" : "on the contract's start day"}</dd>
            <dt className="text-slate-500">Payment terms</dt>
            <dd className="text-slate-900">Net {row.netPaymentTermsDays}</dd>
            <dt className="text-slate-500">Created</dt>
            <dd className="text-slate-900">{formatDateTime(row.createdAt)} by {row.createdBy}</dd>
          </dl>
          <DealTerms view={view} unit={unit} productName={name} />
          <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-900">Usage filter</h3>
          {filters.length === 0 ? (
            <p className="text-sm text-slate-500">None: the contract bills all of the customer&apos;s usage it prices.</p>
          ) : (
            <ul className="space-y-1 text-sm text-slate-800" aria-label="Usage filters">
              {filters[0]!.startingAt > row.startingAt && <li className="text-slate-500">All of the customer&apos;s usage before {isoDay(filters[0]!.startingAt)}</li>}
              {filters.map((f, i) => {
                const until = filters[i + 1]?.startingAt ?? row.endingBefore;
                return (
                  <li key={f.id}>
                    <span className="font-medium">{f.groupKey}</span> = {f.groupValues.join(", ")}{" "}
                    <span className="text-slate-500">from {isoDay(f.startingAt)}{until ? `, before ${isoDay(until)}` : ""}</span>
                  </li>
                );
              })}
            </ul>
          )}
          <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-900">Overrides and discounts</h3>
          {row.overrides.length + row.percentageDiscounts.length === 0 ? (
            <p className="text-sm text-slate-500">List prices, no discounts.</p>
          ) : (
            <ul className="space-y-1 text-sm text-slate-800">
              {row.overrides.map((o) => {
                const rate = o.overwriteRate as { rate_type?: string; price?: string } | null;
                const specifiers = storedSpecifiers(o.specifiers);
                return (
                  <li key={o.id}>
                    <span className="font-medium">{specifiers ? describeSpecifiers(specifiers, name) : name(o.productId)}</span>{" "}
                    {o.type === "MULTIPLIER" ? `× ${o.multiplier?.toString()}` : o.type === "OVERWRITE" && rate?.price ? `at ${formatAmount(rate.price, unit)} (${rate.rate_type?.toLowerCase()})` : o.type.toLowerCase()}{" "}
                    <span className="text-slate-500">from {isoDay(o.startingAt)}{o.endingBefore ? ` until ${isoDay(o.endingBefore)}` : ""}</span>
                  </li>
                );
              })}
              {row.percentageDiscounts.map((d) => (
                <li key={d.id}><span className="font-medium">{d.name}</span> {formatQuantity(d.fraction.times(100).toString())}% off <span className="text-slate-500">from {isoDay(d.startingAt)}</span></li>
              ))}
            </ul>
          )}
          <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-900">Subscriptions and scheduled charges</h3>
          {row.subscriptions.length + row.scheduledCharges.length === 0 ? (
            <p className="text-sm text-slate-500">None.</p>
          ) : (
            <ul className="space-y-1 text-sm text-slate-800">
              {row.subscriptions.map((s) => (
                <li key={s.id}>
                  <span className="font-medium">{name(s.productId)}</span>: {s.quantities.map((q) => `${q.quantity.toString()} seats from ${isoDay(q.startingAt)}`).join(", ")}
                  {s.endingBefore ? `, until ${isoDay(s.endingBefore)}` : ""}{" "}
                  <span className="text-slate-500">· billed {s.billingFrequency.toLowerCase()} in {s.collectionSchedule.toLowerCase()}</span>
                  {s.seatGroupKey !== null ? (
                    <div className="mt-1 ml-4">
                      <span className="text-slate-500">Seat-based (seat key <code>{s.seatGroupKey}</code>):</span>
                      <ul aria-label={`Seats of ${name(s.productId)}`} className="ml-4 list-disc">
                        {storedSeatSchedule(s.seatChanges).map((seg) => (
                          <li key={seg.startingAt.toISOString()}>
                            from {isoDay(seg.startingAt)}: {seg.assignedSeatIds.length ? seg.assignedSeatIds.join(", ") : "no seat assigned"}
                            {seg.unassignedSeats ? ` + ${seg.unassignedSeats} unassigned` : ""} ({seg.totalQuantity} {seg.totalQuantity === 1 ? "seat" : "seats"})
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </li>
              ))}
              {row.scheduledCharges.map((c) => (
                <li key={c.id}><span className="font-medium">{c.name ?? name(c.productId)}</span>: {c.schedule.map((i) => `${formatAmount(i.amount.toString(), unit)} on ${isoDay(i.timestamp)}`).join(", ")}</li>
              ))}
            </ul>
          )}
        </Card>

        <CustomFieldsCard entity="contract" entityId={row.id} noun="contract" fields={row.customFields as Record<string, string>} keys={customFieldKeys.data} canEdit={canWrite} />
        <NamedSchedulesCard schedules={schedules} noun="contract" />

        <Card title="Commits and credits" description="Balances now, including what the live draft invoice draws.">
          {row.commits.length === 0 ? (
            <EmptyState title="No commits or credits" />
          ) : (
            <Table caption="Commits and credits">
              <thead>
                <tr><Th>Balance</Th><Th>Kind</Th><Th>Access</Th><Th align="right">Granted</Th><Th align="right">Used</Th><Th align="right">Remaining</Th></tr>
              </thead>
              <tbody>
                {row.commits.map((c) => {
                  const b = balances?.get(c.id);
                  // A balance whose access has not begun has granted nothing yet: show what it will grant, and when.
                  const upcoming = b && c.segments.length > 0 && c.segments.every((s) => s.startingAt > now);
                  const toGrant = c.segments.reduce((sum, s) => sum.plus(s.amount.toString()), new Decimal(0));
                  const specifiers = storedSpecifiers(c.specifiers);
                  return (
                    <tr key={c.id}>
                      <Td className="font-medium">
                        {c.name ?? name(c.productId)}
                        {specifiers ? <div className="text-xs font-normal text-slate-500">Draws on {describeSpecifiers(specifiers, name)}</div> : null}
                      </Td>
                      <Td><Badge tone={c.kind === "CREDIT" ? "green" : "blue"}>{c.kind === "CREDIT" ? "Credit" : `${(c.type ?? "").toLowerCase()} commit`}</Badge></Td>
                      <Td className="whitespace-nowrap text-slate-600">{c.segments.map((s) => formatPeriod(s.startingAt, s.endingBefore)).join(", ")}</Td>
                      {upcoming ? (
                        <Td align="right" colSpan={3} className="tabular-nums text-slate-500">{formatAmount(toGrant.toString(), b.creditType)} from {isoDay(c.segments[0]!.startingAt)}</Td>
                      ) : (
                        <>
                          <Td align="right" className="tabular-nums">{b ? formatAmount(b.granted, b.creditType) : "—"}</Td>
                          <Td align="right" className="tabular-nums">{b ? formatAmount(b.used, b.creditType) : "—"}</Td>
                          <Td align="right" className="tabular-nums font-medium">{b ? formatAmount(b.remaining, b.creditType) : "—"}</Td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>

        {canWrite && (
          <UsageFilterForm customerId={row.customerId} contractId={row.id} groupKey={filterNow?.groupKey ?? ""} groupValues={filterNow?.groupValues.join(", ") ?? ""} today={isoDay(now)} />
        )}

        {canWrite && products && pricedOn ? (
          <ContractEditPanel
            customerId={row.customerId}
            contractId={row.id}
            unit={unit}
            usageProducts={products.data.filter((p) => p.type === "USAGE" && (pricedOn.get(p.id) ?? []).some((c) => c.id === row.rateCardId)).map((p) => ({ id: p.id, name: p.current.name }))}
            fixedProducts={products.data.filter((p) => p.type === "FIXED").map((p) => ({ id: p.id, name: p.current.name }))}
            // A seat-based subscription's seats change by seat id through the API (seat_updates), not by count.
            subscriptions={row.subscriptions.filter((s) => s.seatGroupKey === null).map((s) => ({ id: s.id, name: name(s.productId), quantity: s.quantities.at(-1)?.quantity.toString() ?? "0" }))}
            seatSubscriptions={row.subscriptions.filter((s) => s.seatGroupKey !== null).map((s) => ({ id: s.id, name: s.name ?? name(s.productId) }))}
            today={isoDay(now)}
          />
        ) : (
          <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {row.archivedAt ? "This contract is archived; it cannot be changed." : "Changing contracts needs the sales or admin role; you can look."}
          </p>
        )}

        <Card title="Edit history" description="Every change to the contract, oldest first, as it was asked for.">
          <Table caption="Edit history">
            <thead>
              <tr><Th>When</Th><Th>Change</Th><Th>Takes effect</Th><Th>By</Th></tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <Td className="whitespace-nowrap text-slate-600">{formatDateTime(h.createdAt)}</Td>
                  <Td><Badge tone={h.kind === "CREATE" ? "green" : "blue"}>{h.kind.toLowerCase().replaceAll("_", " ")}</Badge> <span className="text-xs text-slate-500">{Object.keys(h.payload as object).filter((k) => !["customer_id", "contract_id"].includes(k)).join(", ")}</span></Td>
                  <Td className="whitespace-nowrap text-slate-600">{formatDateTime(h.effectiveAt)}</Td>
                  <Td className="text-slate-700">{h.actorName}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="mt-3 text-sm"><Link href={`/audit-log?object_id=${row.id}`} className="text-brand-700 hover:underline">Before and after of each change in the audit log</Link></p>
        </Card>
      </div>
    </>
  );
}
