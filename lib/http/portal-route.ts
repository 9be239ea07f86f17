import { createHash } from "node:crypto";
import type { NextRequest } from "next/server";
import { readPortalToken, type PortalGrant } from "@/lib/auth/portal-token";
import { config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { getPrisma } from "@/lib/server/database";
import { errorResponse, jsonError } from "./api-route";
import { tokenBucketLimiter } from "./rate-limit";
import { wireJson } from "./wire-json";

// The wrapper of the portal's data routes (app/api/portal/…). The caller is whoever holds a
// portal link: `Authorization: Bearer <portal token>`, no cookie, no API key. The customer is the
// token's and only the token's: handlers get it from the verified grant, and no request field can
// name another. Polling every 2–3 s from a few tabs stays far below the limit.

type Handler<P> = (args: { db: PrismaClient; grant: PortalGrant; request: NextRequest; params: P }) => Promise<unknown>;

// 20 requests at once, then 5 a second, per token.
const limiter = tokenBucketLimiter({ capacity: 20, refillPerSecond: 5 });

export async function portalGrantFrom(authorization: string | null): Promise<PortalGrant | null> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  return token ? readPortalToken(token, config().secret) : null;
}

export function portalRoute<P = Record<string, string>>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }) => {
    try {
      const authorization = request.headers.get("authorization");
      const grant = await portalGrantFrom(authorization);
      if (!grant) return noStore(jsonError(401, "This portal link is invalid or has expired."));
      const tokenKey = createHash("sha256").update(authorization!).digest("base64url");
      if (!limiter.take(tokenKey)) return noStore(jsonError(429, "Too many requests for this portal link; slow down.", undefined), { "retry-after": "1" });
      const result = await handler({ db: await getPrisma(), grant, request, params: await context.params });
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
