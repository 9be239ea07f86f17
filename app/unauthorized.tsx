import { PortalLinkInvalid } from "@/components/portal/portal-shell";
import "./portal/portal.css";

// Only the portal calls unauthorized() (lib/server/portal-gate.ts): the console redirects to sign-in.
export default function Unauthorized() {
  return <PortalLinkInvalid />;
}
