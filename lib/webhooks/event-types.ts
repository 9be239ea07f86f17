// The event types an endpoint can subscribe to. Names follow Metronome's notifications
// (invoice.finalized, contract.create, alerts.<alert type>…); a subscription is an exact type,
// a family ("alerts.*") or everything ("*").

export const WEBHOOK_EVENT_TYPES = [
  { value: "*", label: "Every event" },
  { value: "invoice.*", label: "Every invoice event" },
  { value: "invoice.finalized", label: "An invoice is finalized" },
  { value: "invoice.voided", label: "An invoice is voided" },
  { value: "invoice.billing_provider_error", label: "An invoice could not be sent to the payment provider" },
  { value: "alerts.*", label: "An alert changes state (every alert type)" },
  { value: "contract.*", label: "A contract is created, edited or archived" },
  { value: "contract.create", label: "A contract is created" },
  { value: "contract.edit", label: "A contract is edited, amended or given a new end date" },
  { value: "contract.archive", label: "A contract is archived" },
  { value: "threshold_billing.*", label: "Spend threshold billing (every event)" },
  { value: "threshold_billing.invoice_issued", label: "A contract's spend reached its threshold and was invoiced" },
  { value: "commit.segment.expired", label: "A commit's balance segment expires" },
  { value: "credit.segment.expired", label: "A credit's balance segment expires" },
  { value: "payment_gate.*", label: "Every payment gate event (auto-recharge)" },
  { value: "payment_gate.threshold_reached", label: "A contract's prepaid balance falls to its threshold and is recharged" },
] as const;

export const SUBSCRIBABLE = WEBHOOK_EVENT_TYPES.map((t) => t.value) as string[];

/** Whether an endpoint subscribed to `subscriptions` receives an event of `type`. */
export function subscribes(subscriptions: readonly string[], type: string): boolean {
  return subscriptions.some((s) => s === "*" || s === type || (s.endsWith(".*") && type.startsWith(s.slice(0, -1))));
}
