import { portalRoute } from "@/lib/http/portal-route";
import { readPortalSpend } from "@/lib/services/portal/portal-spend";

export const GET = portalRoute(({ db, grant }) => readPortalSpend(db, grant.customerId, new Date()));
