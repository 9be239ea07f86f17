export function Table({ children, caption }: { children: React.ReactNode; caption?: string }) {
  // Focusable, so that a table wider than its card can be scrolled from the keyboard.
  return (
    <div className="-mx-5 overflow-x-auto" tabIndex={0} role={caption ? "region" : undefined} aria-label={caption}>
      <table className="min-w-full text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function Th({ children, align = "left", sort }: { children?: React.ReactNode; align?: "left" | "right"; sort?: "ascending" | "descending" | "none" }) {
  return <th scope="col" aria-sort={sort} className={`whitespace-nowrap border-b border-slate-200 px-5 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 ${align === "right" ? "text-right" : "text-left"}`}>{children}</th>;
}

export function Td({ children, align = "left", className = "", colSpan }: { children?: React.ReactNode; align?: "left" | "right"; className?: string; colSpan?: number }) {
  return <td colSpan={colSpan} className={`border-b border-slate-100 px-5 py-3 ${align === "right" ? "text-right" : "text-left"} ${className}`}>{children}</td>;
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-500">{children}</div>}
    </div>
  );
}
