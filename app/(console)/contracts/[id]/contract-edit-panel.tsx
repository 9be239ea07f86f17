"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useState } from "react";
import { InvoiceDocument } from "@/components/invoices/invoice-document";
import { formatPeriod } from "@/lib/format";
import type { InvoiceView } from "@/components/invoices/invoice-view";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { formatAmount, fromInputAmount, inputUnitLabel, type CreditUnit } from "@/lib/format-money";
import type { ActionState } from "@/lib/server/action";
import type { TEditContract } from "@/lib/services/contracts/schemas";
import { editContractAction, previewEditAction } from "../actions";

type Option = { id: string; name: string };
type Kind = "override" | "credit" | "seats" | "seat-ids";
type Preview = { before: InvoiceView; after: InvoiceView; at: string };

const instant = (day: string) => (day ? `${day}T00:00:00Z` : "");
const seatIds = (text: string) => text.split(",").map((id) => id.trim()).filter(Boolean);

/**
 * One change to a live contract (an override, a credit, a seat count, named seats) from an effective date.
 * The preview prices the draft invoice of the period holding that date before and after the
 * change, with the engine, inside a transaction that is rolled back; saving sends the same body.
 */
export function ContractEditPanel({
  customerId,
  contractId,
  unit,
  usageProducts,
  fixedProducts,
  subscriptions,
  seatSubscriptions = [],
  today,
}: {
  customerId: string;
  contractId: string;
  unit: CreditUnit;
  usageProducts: Option[];
  fixedProducts: Option[];
  subscriptions: (Option & { quantity: string })[];
  /** SEAT_BASED subscriptions: their seats change by seat id. */
  seatSubscriptions?: Option[];
  today: string;
}) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>(usageProducts.length ? "override" : "credit");
  const [effective, setEffective] = useState(today);
  const [productId, setProductId] = useState(usageProducts[0]?.id ?? "");
  const [multiplier, setMultiplier] = useState("0.8");
  const [creditProductId, setCreditProductId] = useState(fixedProducts[0]?.id ?? "");
  const [amount, setAmount] = useState("");
  const [until, setUntil] = useState("");
  const [priority, setPriority] = useState("10");
  const [subscriptionId, setSubscriptionId] = useState(subscriptions[0]?.id ?? "");
  const [seats, setSeats] = useState(subscriptions[0]?.quantity ?? "");
  const [seatSubscriptionId, setSeatSubscriptionId] = useState(seatSubscriptions[0]?.id ?? "");
  const [addSeatIds, setAddSeatIds] = useState("");
  const [removeSeatIds, setRemoveSeatIds] = useState("");
  const [preview, runPreview, previewing] = useActionState(previewEditAction, {} as ActionState<Preview>);
  const [saved, save, saving] = useActionState(editContractAction, {} as ActionState<{ id: string }>);
  const [shown, setShown] = useState<ActionState>({});

  function body(): TEditContract {
    const ref = { customer_id: customerId, contract_id: contractId };
    if (kind === "override") return { ...ref, add_overrides: [{ product_id: productId, starting_at: instant(effective), type: "MULTIPLIER", multiplier }] };
    if (kind === "credit") {
      return {
        ...ref,
        add_credits: [
          {
            product_id: creditProductId,
            priority: priority.trim() === "" ? undefined : Number(priority),
            access_schedule: { schedule_items: [{ amount: fromInputAmount(amount, unit), starting_at: instant(effective), ending_before: instant(until) }] },
          },
        ],
      } as TEditContract;
    }
    if (kind === "seat-ids") {
      const starting_at = instant(effective);
      const add = seatIds(addSeatIds);
      const remove = seatIds(removeSeatIds);
      return {
        ...ref,
        update_subscriptions: [
          {
            subscription_id: seatSubscriptionId,
            seat_updates: { ...(add.length ? { add_seat_ids: [{ seat_ids: add, starting_at }] } : {}), ...(remove.length ? { remove_seat_ids: [{ seat_ids: remove, starting_at }] } : {}) },
          },
        ],
      } as TEditContract;
    }
    return { ...ref, update_subscriptions: [{ subscription_id: subscriptionId, quantity_updates: [{ starting_at: instant(effective), quantity: seats }] }] };
  }
  const send = (action: (data: FormData) => void) => {
    const data = new FormData();
    data.set("body", JSON.stringify(body()));
    data.set("effective_at", instant(effective));
    startTransition(() => action(data));
  };

  useEffect(() => setShown(preview.ok === false ? preview : {}), [preview]);
  useEffect(() => {
    if (saved.ok) router.refresh();
    else if (saved.ok === false) setShown(saved);
  }, [saved, router]);

  const error = (path: string) => fieldError(shown.fields, path);
  const busy = previewing || saving;
  const kinds = [
    ...(usageProducts.length ? [{ value: "override", label: "Add a price override" }] : []),
    ...(fixedProducts.length ? [{ value: "credit", label: "Add a credit" }] : []),
    ...(subscriptions.length ? [{ value: "seats", label: "Change seats" }] : []),
    ...(seatSubscriptions.length ? [{ value: "seat-ids", label: "Add or remove seat ids" }] : []),
  ];
  const result = preview.ok ? preview.result : undefined;

  return (
    <Card title="Change the contract" description="Pick a change and the date it takes effect; preview what it does to the draft invoice, then save.">
      <div className="space-y-4">
        <div className="grid gap-4 md:grid-cols-3">
          <SelectField label="Change" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} options={kinds} />
          <TextField label="Takes effect (UTC)" name="effective_at" type="date" required value={effective} onChange={(e) => setEffective(e.target.value)} error={error("effective_at") ?? error("add_overrides.0.starting_at") ?? error("update_subscriptions.0.quantity_updates.0.starting_at")} />
        </div>
        {kind === "override" && (
          <div className="grid gap-4 md:grid-cols-3">
            <SelectField label="Product" id="edit-override-product" name="add_overrides.0.product_id" value={productId} onChange={(e) => setProductId(e.target.value)} options={usageProducts.map((p) => ({ value: p.id, label: p.name }))} error={error("add_overrides.0.product_id") ?? error("overrides.0.product_id")} />
            <TextField label="Multiplier" id="edit-override-multiplier" name="add_overrides.0.multiplier" inputMode="decimal" hint="0.8 is 20% off the rate card's price." value={multiplier} onChange={(e) => setMultiplier(e.target.value)} error={error("add_overrides.0.multiplier") ?? error("add_overrides.0")} />
          </div>
        )}
        {kind === "credit" && (
          <div className="grid gap-4 md:grid-cols-4">
            <SelectField label="Product (invoice line)" id="edit-credit-product" name="add_credits.0.product_id" value={creditProductId} onChange={(e) => setCreditProductId(e.target.value)} options={fixedProducts.map((p) => ({ value: p.id, label: p.name }))} error={error("add_credits.0.product_id")} />
            <TextField label={`Amount (${inputUnitLabel(unit)})`} id="edit-credit-amount" name="add_credits.0.amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error("add_credits.0.access_schedule.schedule_items.0.amount")} />
            <TextField label="Until (UTC, exclusive)" id="edit-credit-until" name="add_credits.0.ending_before" type="date" value={until} onChange={(e) => setUntil(e.target.value)} error={error("add_credits.0.access_schedule.schedule_items.0.ending_before") ?? error("add_credits.0.access_schedule")} />
            <TextField label="Priority" id="edit-credit-priority" name="add_credits.0.priority" inputMode="decimal" value={priority} onChange={(e) => setPriority(e.target.value)} error={error("add_credits.0.priority") ?? error("credits")} />
          </div>
        )}
        {kind === "seats" && (
          <div className="grid gap-4 md:grid-cols-3">
            <SelectField
              label="Subscription"
              id="edit-seats-subscription"
              name="update_subscriptions.0.subscription_id"
              value={subscriptionId}
              onChange={(e) => {
                setSubscriptionId(e.target.value);
                setSeats(subscriptions.find((s) => s.id === e.target.value)?.quantity ?? "");
              }}
              options={subscriptions.map((s) => ({ value: s.id, label: `${s.name} (now ${s.quantity})` }))}
            />
            <TextField label="Seats from that date" id="edit-seats-quantity" name="update_subscriptions.0.quantity" inputMode="numeric" value={seats} onChange={(e) => setSeats(e.target.value)} error={error("update_subscriptions.0.quantity_updates.0.quantity") ?? error("update_subscriptions")} />
          </div>
        )}
        {kind === "seat-ids" && (
          <div className="grid gap-4 md:grid-cols-3">
            <SelectField label="Seat-based subscription" id="edit-seat-ids-subscription" name="update_subscriptions.0.subscription_id" value={seatSubscriptionId} onChange={(e) => setSeatSubscriptionId(e.target.value)} options={seatSubscriptions.map((s) => ({ value: s.id, label: s.name }))} />
            <TextField label="Seat ids to add (comma-separated)" id="edit-seat-ids-add" name="update_subscriptions.0.seat_updates.add_seat_ids" hint="A new id takes an unassigned seat first." value={addSeatIds} onChange={(e) => setAddSeatIds(e.target.value)} error={error("update_subscriptions.0.seat_updates.add_seat_ids.0.seat_ids") ?? error("update_subscriptions.0.seat_updates") ?? error("update_subscriptions")} />
            <TextField label="Seat ids to remove (comma-separated)" id="edit-seat-ids-remove" name="update_subscriptions.0.seat_updates.remove_seat_ids" value={removeSeatIds} onChange={(e) => setRemoveSeatIds(e.target.value)} error={error("update_subscriptions.0.seat_updates.remove_seat_ids.0.seat_ids")} />
          </div>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" variant="secondary" disabled={busy} onClick={() => send(runPreview)}>{previewing ? "Computing…" : "Preview change"}</Button>
          <Button type="button" disabled={busy} onClick={() => send(save)}>{saving ? "Saving…" : "Save change"}</Button>
        </div>
        <FormMessage state={shown.ok === false ? shown : saved} />
        <div aria-live="polite">
          {result && (
            <section aria-label="Effect on the draft invoice" className="rounded-lg border border-slate-200 p-4">
              <p className="text-sm text-slate-600">
                Takes effect <strong className="text-slate-900">{result.at.slice(0, 10)}</strong>; draft invoice for {formatPeriod(result.after.startTimestamp, result.after.endTimestamp)}:
              </p>
              <dl className="mt-3 grid grid-cols-2 gap-4 text-sm">
                <div className="rounded-md bg-slate-50 p-3">
                  <dt className="text-slate-500">Before</dt>
                  <dd className="text-xl font-semibold tabular-nums text-slate-900">{formatAmount(result.before.total, result.before.creditType)}</dd>
                  <dd className="text-xs text-slate-700">Charges {formatAmount(result.before.subtotal, result.before.creditType)} before commits and credits</dd>
                </div>
                <div className="rounded-md bg-brand-50 p-3">
                  <dt className="text-brand-700">After</dt>
                  <dd className="text-xl font-semibold tabular-nums text-slate-900">{formatAmount(result.after.total, result.after.creditType)}</dd>
                  <dd className="text-xs text-slate-700">Charges {formatAmount(result.after.subtotal, result.after.creditType)} before commits and credits</dd>
                </div>
              </dl>
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium text-brand-700">The draft after the change, line by line</summary>
                <div className="mt-3">
                  <InvoiceDocument invoice={result.after} caption="Draft invoice after the change" />
                </div>
              </details>
            </section>
          )}
        </div>
      </div>
    </Card>
  );
}
