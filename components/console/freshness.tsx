import { formatCount, formatRelative } from "@/lib/format";
import type { Freshness as Stored } from "@/lib/services/billing-state/read-freshness";
import { PENDING_COUNT_LIMIT } from "@/lib/services/billing-state/constants";

/** How current the stored billing figures are: "figures as of 12 seconds ago · 40 customers updating". */
export function Freshness({ freshness, now }: { freshness: Stored; now: Date }) {
  const { asOf, pending } = freshness;
  const waiting = pending >= PENDING_COUNT_LIMIT ? `${formatCount(pending)}+` : formatCount(pending);
  return (
    <span data-testid="freshness">
      {asOf ? (
        <>
          figures as of <time dateTime={asOf} title={asOf}>{formatRelative(new Date(asOf), now)}</time>
        </>
      ) : (
        "figures are being computed for the first time"
      )}
      {pending > 0 && ` · ${waiting} ${pending === 1 ? "customer" : "customers"} updating`}
    </span>
  );
}
