import { redirect } from "next/navigation";
import { portalVisit } from "@/lib/server/portal-gate";

/** /portal?token=… opens the page the link was made for. */
export default async function PortalIndex({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const visit = await portalVisit(searchParams);
  redirect(`/portal/${visit.grant.dashboard}?token=${encodeURIComponent(visit.token)}`);
}
