import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { apiRoute } from "@/lib/http/api-route";
import { ingestEvents } from "@/lib/services/usage/ingest-events";

// 10,000 events of ordinary size fit well under this; a larger body is refused with 413.
const MAX_INGEST_BODY = 8 * 1024 * 1024;

export const POST = apiRoute(
  async ({ ctx, body }) => {
    await ingestEvents(ctx, await body(), { now: new Date(), backdateDays: config().backdateDays });
    return new NextResponse(null, { status: 200 });
  },
  { maxBodyBytes: MAX_INGEST_BODY },
);
