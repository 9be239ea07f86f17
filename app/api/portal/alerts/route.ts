import { portalRoute } from "@/lib/http/portal-route";
import { readPortalAlerts } from "@/lib/services/portal/portal-alerts";

export const GET = portalRoute(async ({ db, grant }) => ({ alerts: await readPortalAlerts(db, grant.customerId) }));
