/** A page's outline while its data loads (a route's loading.tsx): the title, then grey rows. */
export function LoadingPage({ title }: { title: string }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading {title.toLowerCase()}…</span>
      <div aria-hidden className="animate-pulse">
        <p className="mb-1 text-2xl font-semibold tracking-tight text-slate-900">{title}</p>
        <div className="mb-6 h-4 w-96 max-w-full rounded bg-slate-200" />
        <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          {[0, 1, 2, 3, 4].map((row) => (
            <div key={row} className="h-6 rounded bg-slate-100" />
          ))}
        </div>
      </div>
    </div>
  );
}
