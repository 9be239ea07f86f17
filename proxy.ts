import { NextResponse, type NextRequest } from "next/server";
import { readPortalToken } from "@/lib/auth/portal-token";
import { config as rateline } from "@/lib/config";
import { portalFrameAncestors, portalLinkErrorHtml } from "@/lib/http/portal-page";

// The customer portal's pages (/portal/…): they may be framed by the origins in
// RATELINE_EMBED_ORIGINS (read at run time, which next.config.js headers are not), never leak
// their token in a Referer, and a link that is invalid or expired is answered 401 with a page
// that says so, before anything renders. The pages verify the token again themselves.

export async function proxy(request: NextRequest) {
  const csp = portalFrameAncestors(rateline().embedOrigins);
  const token = request.nextUrl.searchParams.get("token");
  const grant = token ? await readPortalToken(token, rateline().secret) : null;
  const response = grant
    ? NextResponse.next()
    : new NextResponse(portalLinkErrorHtml(), { status: 401, headers: { "content-type": "text/html; charset=utf-8" } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("referrer-policy", "no-referrer");
  response.headers.set("cache-control", "no-store");
  return response;
}

export const config = { matcher: ["/portal", "/portal/:path*"] };
