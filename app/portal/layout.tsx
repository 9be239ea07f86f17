import type { Metadata } from "next";
import { PortalProviders } from "@/components/portal/portal-providers";
import "./portal.css";

// No staff chrome, no cookies: each page checks its link's token itself (see lib/server/portal-gate.ts).
export const metadata: Metadata = { title: { default: "Billing portal", template: "%s · Billing portal" }, robots: { index: false } };

export default function PortalLayout({ children }: { children: React.ReactNode }) {
  return <PortalProviders>{children}</PortalProviders>;
}
