import { decodeJwt } from "jose";
import type { NextRequest } from "next/server";
import { readPortalToken, type PortalGrant } from "@/lib/auth/portal-token";
import { config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { getPrisma } from "@/lib/server/database";
import { checkPortalGrant } from "@/lib/services/portal/portal-link";
import { errorResponse, jsonError } from "./api-route";
import { tokenBucketLimiter } from "./rate-limit";
import { wireJson } from "./wire-json";

// The wrapper of the portal's data routes (app/api/portal/…). The caller is whoever holds a
// portal link: `Authorization: Bearer <portal token>`, no cookie, no API key. The customer is the
// token's and only the token's: handlers get it from the verified grant, and no request field can
// name another. Polling every 2–3 s from a few tabs stays far below the limit.

type Handler<P> = (args: { db: PrismaClient; grant: PortalGrant; request: NextRequest; params: P }) => Promise<unknown>;

const INVALID = "This portal link is invalid, has expired or has been revoked.";

// 20 requests at once, then 5 a second, per token.
const limiter = tokenBucketLimiter({ capacity: 20, refillPerSecond: 5 });

const bearerToken = (authorization: string | null) => /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];

/**
 * The bucket of a verified link: its signed claims as decoded, not its text, so neither the
 * header's spelling (`bearer`, extra spaces) nor a re-encoding of the token's base64 gives a fresh
 * bucket. Every claim counts: two links for one customer signed in the same second but for
 * different dashboards or options are different links.
 */
function portalLimitKey(token: string): string {
  return JSON.stringify(decodeJwt(token));
}

export function portalRoute<P = Record<string, string>>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }) => {
    try {
      const token = bearerToken(request.headers.get("authorization"));
      const grant = token ? await readPortalToken(token, config().secret) : null;
      if (!token || !grant) return noStore(jsonError(401, INVALID));
      const limitKey = portalLimitKey(token);
      if (!limiter.take(limitKey)) {
        const wait = limiter.retryAfterSeconds(limitKey);
        return noStore(jsonError(429, `Too many requests for this portal link; retry after ${wait} s.`), { "retry-after": String(wait) });
      }
      const db = await getPrisma();
      // The customer must still honour the link: not archived, its links not revoked since.
      if (!(await checkPortalGrant(db, grant))) return noStore(jsonError(401, INVALID));
      const result = await handler({ db, grant, request, params: await context.params });
      return noStore(result instanceof Response ? result : wireJson(result));
    } catch (error) {
      return noStore(errorResponse(error));
    }
  };
}

function noStore(response: Response, headers: Record<string, string> = {}) {
  response.headers.set("cache-control", "no-store");
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}
