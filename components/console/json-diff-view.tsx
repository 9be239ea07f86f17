import { diffJson } from "@/lib/json-diff";

const show = (value: unknown) => (value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));

const KIND = {
  added: { label: "added", className: "bg-emerald-50 text-emerald-900", mark: "+" },
  removed: { label: "removed", className: "bg-red-50 text-red-900", mark: "−" },
  changed: { label: "changed", className: "bg-amber-50 text-amber-900", mark: "~" },
} as const;

/** An audit entry's before and after as the keys that changed, each highlighted by kind. */
export function JsonDiffView({ before, after, limit = 12 }: { before: unknown; after: unknown; limit?: number }) {
  const changes = diffJson(before, after);
  if (changes.length === 0) return <span className="text-slate-500">No recorded difference</span>;
  const shown = changes.slice(0, limit);
  return (
    <div>
      <ul className="space-y-0.5 font-mono text-xs">
        {shown.map((c) => (
          <li key={`${c.kind}:${c.path}`} className={`rounded px-1.5 py-0.5 ${KIND[c.kind].className}`}>
            <span aria-hidden>{KIND[c.kind].mark} </span>
            <span className="sr-only">{KIND[c.kind].label}: </span>
            <span className="font-semibold">{c.path || "(value)"}</span>
            {c.kind === "changed" && (
              <>
                : <del className="decoration-red-500">{show(c.before)}</del> → <ins className="no-underline">{show(c.after)}</ins>
              </>
            )}
            {c.kind === "added" && <>: {show(c.after)}</>}
            {c.kind === "removed" && <>: <del>{show(c.before)}</del></>}
          </li>
        ))}
      </ul>
      {changes.length > limit && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-brand-700">{changes.length - limit} more changes</summary>
          <ul className="mt-1 space-y-0.5 font-mono">
            {changes.slice(limit).map((c) => (
              <li key={`${c.kind}:${c.path}`} className={`rounded px-1.5 py-0.5 ${KIND[c.kind].className}`}>
                <span className="sr-only">{KIND[c.kind].label}: </span>
                {KIND[c.kind].mark} <span className="font-semibold">{c.path}</span>: {c.kind === "changed" ? `${show(c.before)} → ${show(c.after)}` : show(c.after ?? c.before)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
