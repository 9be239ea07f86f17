import { Table, Td, Th } from "@/components/ui/table";
import type { AggregationType } from "@/lib/billing/types";
import { formatCount, formatDateTime, formatQuantity } from "@/lib/format";
import type { MetricPreviewJson } from "@/lib/http/wire/billable-metrics";

// The form's live preview. A new draft keeps the last result on screen, dimmed, until the next
// one arrives, so the panel does not flicker while the user types.

export type PreviewState = {
  status: "loading" | "ready" | "invalid";
  preview?: MetricPreviewJson;
  message?: string;
  fields?: Record<string, string>;
};

function Result({ preview, aggregationType }: { preview: MetricPreviewJson; aggregationType: AggregationType }) {
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500">
        {formatDateTime(new Date(preview.startingAt))} – {formatDateTime(new Date(preview.endingBefore))} · {preview.customer ? preview.customer.name : "all customers"}
      </p>
      <div>
        <p className="text-sm text-slate-500">Total</p>
        <p className="tabular text-3xl font-semibold text-slate-900" data-testid="preview-total">{preview.total === null ? "No usage" : formatQuantity(preview.total)}</p>
        <p className="mt-1 text-xs text-slate-500">
          from {formatCount(preview.eventsRead)} event{preview.eventsRead === 1 ? "" : "s"} of matching types
          {!preview.customer && (aggregationType === "UNIQUE" || aggregationType === "LATEST") && "; all customers' events taken together"}
        </p>
      </div>
      {preview.capped && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">Only the newest {formatCount(preview.eventLimit)} events were read, so the preview shows part of the week.</p>
      )}
      {preview.eventsSkipped > 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
          {formatCount(preview.eventsSkipped)} event{preview.eventsSkipped === 1 ? " was" : "s were"} skipped: the metric cannot read their value (for example, text where a number is summed). Metering skips them too.
        </p>
      )}
      {preview.groups.map((group) => (
        <div key={group.keys.join()}>
          <h3 className="mb-1 text-sm font-semibold text-slate-900">By {group.keys.join(" + ")}</h3>
          {group.rows.length === 0 ? (
            <p className="text-sm text-slate-500">No usage.</p>
          ) : (
            <Table caption={`Preview by ${group.keys.join(" and ")}`}>
              <thead>
                <tr>
                  {group.keys.map((key) => <Th key={key}>{key}</Th>)}
                  <Th align="right">Quantity</Th>
                </tr>
              </thead>
              <tbody>
                {group.rows.map((row) => (
                  <tr key={JSON.stringify(row.groupValues)}>
                    {group.keys.map((key) => (
                      <Td key={key} className="font-mono text-xs">{row.groupValues[key] ?? <span className="text-slate-400">(none)</span>}</Td>
                    ))}
                    <Td align="right" className="tabular">{formatQuantity(row.quantity)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {group.count > group.rows.length && <p className="mt-1 text-xs text-slate-500">and {formatCount(group.count - group.rows.length)} more groups</p>}
        </div>
      ))}
    </div>
  );
}

/** `children` are the panel's own controls (which customer to preview), shown under its heading. */
export function MetricPreviewPanel({ state, aggregationType, fieldLabel, children }: { state: PreviewState; aggregationType: AggregationType; fieldLabel: (path: string) => string; children: React.ReactNode }) {
  return (
    <section aria-labelledby="preview-heading" aria-busy={state.status === "loading"} className="space-y-4">
      <div className="flex items-center justify-between">
        <h2 id="preview-heading" className="text-base font-semibold text-slate-900">Preview: last 7 days</h2>
        {state.status === "loading" && <span className="text-xs text-slate-500">Updating…</span>}
      </div>
      {children}
      {state.status === "invalid" ? (
        <div className="rounded-md bg-slate-50 px-3 py-3 text-sm text-slate-700">
          <p className="font-medium">{state.fields ? "The preview needs a complete definition:" : state.message}</p>
          {state.fields && (
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
              {Object.entries(state.fields).map(([field, message]) => <li key={field}><span className="font-medium">{fieldLabel(field)}</span>: {message}</li>)}
            </ul>
          )}
        </div>
      ) : state.preview ? (
        <div className={state.status === "loading" ? "opacity-60 transition-opacity" : undefined}>
          <Result preview={state.preview} aggregationType={aggregationType} />
        </div>
      ) : (
        <p className="text-sm text-slate-500">Reading the last week of events…</p>
      )}
    </section>
  );
}
