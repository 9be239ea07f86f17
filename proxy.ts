import { NextResponse, type NextRequest } from "next/server";
import { readPortalToken } from "@/lib/auth/portal-token";
import { config as rateline } from "@/lib/config";
import { portalLinkErrorHtml } from "@/lib/http/portal-page";
import { contentSecurityPolicy, pageSecurityHeaders, portalFrameAncestors, requestIsHttps } from "@/lib/http/security-headers";

// Every page the server renders gets its security headers here (lib/http/security-headers.ts),
// with a fresh CSP nonce that Next reads from the request's policy and puts on its scripts.
// The console may be framed by no one; the customer portal (/portal/…) by the origins in
// RATELINE_EMBED_ORIGINS (read at run time, which next.config.js headers are not), and a portal
// link that is invalid or expired is answered 401 with a page that says so, before anything
// renders (the pages verify the token again themselves).
//
// The REST API and console/portal data routes (/v1, /v2, /api) are not matched: a proxy sees a
// copy of each request body (capped at 10 MB), and ingest takes up to 16 MB. Their headers are
// static, so next.config.js sets them.

export async function proxy(request: NextRequest) {
  const portal = request.nextUrl.pathname === "/portal" || request.nextUrl.pathname.startsWith("/portal/");
  const policy = {
    nonce: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"),
    frameAncestors: portal ? portalFrameAncestors(rateline().embedOrigins) : "'none'",
    https: requestIsHttps(request.headers, rateline().trustProxy),
    development: process.env.NODE_ENV === "development",
    portal,
  };
  let response: NextResponse;
  if (portal && !(await portalGrant(request))) {
    response = new NextResponse(portalLinkErrorHtml(), { status: 401, headers: { "content-type": "text/html; charset=utf-8" } });
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set("content-security-policy", contentSecurityPolicy(policy));
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(pageSecurityHeaders(policy))) response.headers.set(name, value);
  if (portal) response.headers.set("cache-control", "no-store");
  return response;
}

async function portalGrant(request: NextRequest) {
  const token = request.nextUrl.searchParams.get("token");
  return token ? readPortalToken(token, rateline().secret) : null;
}

export const config = { matcher: ["/((?!v1/|v2/|api/|_next/static/|_next/image|favicon.ico).*)"] };
