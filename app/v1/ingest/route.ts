import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { apiRoute } from "@/lib/http/api-route";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { otherMethods } from "@/lib/http/api-methods";

// 10,000 events of ordinary size fit well under this; a larger body is refused with 413.
const MAX_INGEST_BODY = 8 * 1024 * 1024;

export const POST = apiRoute(
  async ({ ctx, body }) => {
    await ingestEvents(ctx, await body(), { now: new Date(), backdateDays: config().backdateDays });
    return new NextResponse(null, { status: 200 });
  },
  // ingestEvents refuses NULs and lone surrogates itself, by event index and field.
  { maxBodyBytes: MAX_INGEST_BODY, allowUnstorableText: true },
);

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
