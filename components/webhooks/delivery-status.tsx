import { Badge } from "@/components/ui/badge";

const TONE = { delivered: "green", pending: "amber", failed: "red" } as const;
const LABEL = { delivered: "Delivered", pending: "Retrying", failed: "Failed" } as const;

/** A delivery's or sync's state; "pending" after an attempt reads as retrying, before any as queued. */
export function DeliveryStatus({ status, attempts }: { status: keyof typeof TONE; attempts: number }) {
  return <Badge tone={TONE[status]}>{status === "pending" && attempts === 0 ? "Queued" : LABEL[status]}</Badge>;
}

/** The outcome of the latest attempt: its HTTP status, or why there was none. */
export function AttemptOutcome({ status, error }: { status: number | null; error: string | null }) {
  if (status !== null) return <span className={`font-mono text-xs ${status >= 200 && status < 300 ? "text-emerald-700" : "text-red-700"}`}>{status}</span>;
  if (error) return <span className="text-xs text-red-700">{error}</span>;
  return <span className="text-xs text-slate-500">—</span>;
}
