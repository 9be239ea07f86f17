import { portalRoute } from "@/lib/http/portal-route";
import { readPortalBalances } from "@/lib/services/portal/portal-credits";

export const GET = portalRoute(async ({ db, grant }) => ({ balances: await readPortalBalances(db, grant.customerId, new Date()) }));
