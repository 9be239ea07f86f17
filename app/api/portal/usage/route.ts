import { portalRoute } from "@/lib/http/portal-route";
import { readPortalUsage } from "@/lib/services/portal/portal-usage";

export const GET = portalRoute(({ db, grant }) => readPortalUsage(db, grant.customerId, new Date()));
