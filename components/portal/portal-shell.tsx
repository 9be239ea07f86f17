import Link from "next/link";
import type { CSSProperties } from "react";
import type { PortalDashboard } from "@/lib/auth/portal-token";
import { AlertBanner } from "./alert-banner";

const PAGES: { dashboard: PortalDashboard; label: string }[] = [
  { dashboard: "usage", label: "Usage" },
  { dashboard: "spend", label: "Spend" },
  { dashboard: "credits", label: "Credits" },
  { dashboard: "invoices", label: "Invoices" },
];

/** The link's token travels in each page's query string, so moving between pages keeps it. */
export const portalHref = (path: string, token: string) => `/portal/${path}?token=${encodeURIComponent(token)}`;

export function PortalShell({
  active,
  token,
  colors,
  customerName,
  title,
  children,
}: {
  active: PortalDashboard;
  token: string;
  colors: Record<string, string>;
  customerName: string;
  title: string;
  children: React.ReactNode;
}) {
  // Colour names and values were validated when the link was made (names from a fixed list,
  // values hex colours); the signature guarantees they are those.
  const style = Object.fromEntries(Object.entries(colors).map(([name, value]) => [`--rl-${name}`, value])) as CSSProperties;
  return (
    <div className="portal" style={style}>
      <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6">
        <AlertBanner token={token} />
        <header className="mb-6 flex flex-wrap items-end justify-between gap-4 border-b border-[var(--p-border)] pb-4">
          <div>
            <p className="text-sm text-[var(--p-muted)]">{customerName}</p>
            <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          </div>
          <nav aria-label="Portal" className="flex gap-1 rounded-lg bg-[var(--p-subtle)] p-1">
            {PAGES.map((page) => (
              <Link
                key={page.dashboard}
                href={portalHref(page.dashboard, token)}
                aria-current={page.dashboard === active ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                  page.dashboard === active ? "bg-[var(--p-surface)] text-[var(--p-text)] shadow-sm" : "text-[var(--p-muted)] hover:text-[var(--p-text)]"
                }`}
              >
                {page.label}
              </Link>
            ))}
          </nav>
        </header>
        <main>{children}</main>
      </div>
    </div>
  );
}

export function PortalCard({ title, subtitle, children, actions }: { title: string; subtitle?: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <section className="mb-6 rounded-xl border border-[var(--p-border)] bg-[var(--p-surface)] p-5 shadow-sm" aria-label={title}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">{title}</h2>
          {subtitle ? <p className="text-sm text-[var(--p-muted)]">{subtitle}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Stat({ label, value, testId, hint }: { label: string; value: string; testId?: string; hint?: string }) {
  return (
    <div className="rounded-lg bg-[var(--p-subtle)] px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-[var(--p-muted)]">{label}</dt>
      <dd className="mt-1">
        <span className="tabular block h-7 truncate text-lg font-semibold" data-testid={testId}>
          {value}
        </span>
        {hint ? <span className="mt-0.5 block h-4 truncate text-xs text-[var(--p-muted)]">{hint}</span> : null}
      </dd>
    </div>
  );
}

function PortalMessage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="portal grid place-items-center">
      <main className="max-w-md p-8 text-center">
        <h1 className="mb-2 text-xl font-semibold">{title}</h1>
        <p className="text-[var(--p-muted)]">{children}</p>
      </main>
    </div>
  );
}

export function PortalLinkInvalid() {
  return <PortalMessage title="This link is invalid or has expired">Ask for a new link to your usage and billing portal from the product you opened it in.</PortalMessage>;
}

export function PortalNotFound() {
  return <PortalMessage title="Nothing here">This page does not exist in your billing portal. Go back to your invoices and pick one from the list.</PortalMessage>;
}
