import { consoleRoute } from "@/lib/http/console-route";
import { getOverview } from "@/lib/services/overview/get-overview";

/** GET ?range=24h|7d|30d: the Overview's figures, polled by the page while it is open. */
export const GET = consoleRoute(async ({ ctx, request }) => getOverview(ctx, { range: request.nextUrl.searchParams.get("range") ?? undefined }));
