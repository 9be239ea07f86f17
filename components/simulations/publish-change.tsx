"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/server/action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export type PublishedRate = { rateCardId: string; productId: string; startingAt: string };

/**
 * "Publish this change": the simulated rate is added to the card from its effective date, after
 * a confirmation that says exactly what will happen. The service checks the role; a refusal says
 * why.
 */
export function PublishChange({
  publish,
  query,
  summary,
  historyHref,
  canPublish,
}: {
  publish: (previous: ActionState<PublishedRate>, data: FormData) => Promise<ActionState<PublishedRate>>;
  /** Hidden fields the action reads (which run to publish). */
  query: Record<string, string>;
  summary: string;
  historyHref: string;
  canPublish: boolean;
}) {
  const [state, action, pending] = useActionState(publish, {});
  const [confirming, setConfirming] = useState(false);
  if (state.ok) {
    return (
      <div role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
        Published: {summary}.{" "}
        <Link href={historyHref} className="font-medium text-emerald-900 underline underline-offset-2">
          See it in the rate history
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {!canPublish && (
        <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can publish a price change; you can simulate.</p>
      )}
      {confirming ? (
        <form action={action} className="space-y-3 rounded-lg border border-amber-300 bg-amber-50/60 p-4">
          {Object.entries(query).map(([key, value]) => value && <input key={key} type="hidden" name={key} value={value} />)}
          <p className="text-sm text-slate-900">
            Publish <span className="font-medium">{summary}</span>? The price in force ends then; invoices of earlier periods keep their prices, and open draft
            invoices change from that date.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={pending}>{pending ? "Publishing…" : "Confirm and publish"}</Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <Button type="button" onClick={() => setConfirming(true)}>Publish this change…</Button>
      )}
      <FormMessage state={state} />
    </div>
  );
}
