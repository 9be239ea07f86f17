"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { moveRateCardProductAction } from "../actions";

/** The card's products in the order their charges appear on invoices; editors move them one place at a time. */
export function ProductOrderList({ rateCardId, products, canEdit }: { rateCardId: string; products: { id: string; name: string }[]; canEdit: boolean }) {
  const [state, action, pending] = useActionState(moveRateCardProductAction, {});
  if (!products.length) return <p className="text-sm text-slate-500">No products are priced on this card yet.</p>;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="rate_card_id" value={rateCardId} />
      <ol aria-label="Invoice order" className="divide-y divide-slate-100 text-sm">
        {products.map((p, i) => (
          <li key={p.id} className="flex items-center gap-3 py-2">
            <span className="tabular w-6 text-right text-slate-500">{i + 1}.</span>
            <span className="flex-1 font-medium text-slate-900">{p.name}</span>
            {canEdit && (
              <span className="flex gap-1">
                <Button type="submit" variant="secondary" name="move" value={`${p.id}:${i - 1}`} disabled={pending || i === 0} aria-label={`Move ${p.name} up`}>↑</Button>
                <Button type="submit" variant="secondary" name="move" value={`${p.id}:${i + 1}`} disabled={pending || i === products.length - 1} aria-label={`Move ${p.name} down`}>↓</Button>
              </span>
            )}
          </li>
        ))}
      </ol>
      <FormMessage state={state} />
    </form>
  );
}
