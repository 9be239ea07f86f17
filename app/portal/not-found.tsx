import { PortalNotFound } from "@/components/portal/portal-shell";

export default function NotFound() {
  return <PortalNotFound />;
}
