import Link from "next/link";
import { connection } from "next/server";
import { NavLinks, type NavItem } from "@/components/console/nav-links";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/server/session";
import { signOutAction } from "../sign-in/actions";
import { LogoMark } from "@/components/ui/logo-mark";

// The areas of the console that work today; each later area adds itself here.
const NAV: NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/customers", label: "Customers" },
  { href: "/contracts", label: "Contracts" },
  { href: "/invoices", label: "Invoices" },
  { href: "/alerts", label: "Alerts" },
  { href: "/billable-metrics", label: "Billable metrics" },
  { href: "/products", label: "Products" },
  { href: "/rate-cards", label: "Rate cards" },
  { href: "/packages", label: "Packages" },
  { href: "/simulations", label: "Simulations" },
  { href: "/events", label: "Events" },
  { href: "/audit-log", label: "Audit log" },
  { href: "/settings", label: "Settings" },
];

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const user = await requireUser();
  return (
    <div className="flex min-h-screen">
      <aside className="w-60 shrink-0 bg-ink">
        <div className="sticky top-0 flex h-screen flex-col px-3 py-5">
        <div className="mb-6 flex items-center gap-2 px-3">
          <LogoMark size={32} />
          <span className="text-lg font-semibold text-white">Rateline</span>
        </div>
        <nav aria-label="Console" className="flex-1">
          <NavLinks items={NAV} />
        </nav>
        <div className="border-t border-white/10 px-3 pt-4">
          <p className="truncate text-sm font-medium text-white">{user.name}</p>
          <p className="truncate text-xs text-slate-400">{user.email} · {ROLE_LABELS[user.role]}</p>
          <div className="mt-3 flex flex-col items-start gap-1.5">
            <Link href="/account" className="text-sm text-slate-300 underline-offset-2 hover:text-white hover:underline">Change password</Link>
            <form action={signOutAction}>
              <button type="submit" className="text-sm text-slate-300 underline-offset-2 hover:text-white hover:underline">Sign out</button>
            </form>
          </div>
        </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-10 py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
