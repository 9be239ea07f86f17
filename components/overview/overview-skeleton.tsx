/** The Overview's outline while its first figures are computed: the same boxes, in grey. */
export function OverviewSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the overview…</span>
      <div aria-hidden className="animate-pulse space-y-6">
        <div className="h-4 w-64 rounded bg-slate-200" />
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-[106px] rounded-xl border border-slate-200 bg-white" />
          ))}
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <div className="h-96 rounded-xl border border-slate-200 bg-white" />
          <div className="h-96 rounded-xl border border-slate-200 bg-white" />
        </div>
        <div className="h-64 rounded-xl border border-slate-200 bg-white" />
      </div>
    </div>
  );
}
