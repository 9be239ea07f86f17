// The security headers of every page the server renders (console and portal), in one place for
// the proxy, the sign-in action and the tests.
//
// Content-Security-Policy uses a fresh nonce per request (Next 16's documented way: the proxy puts
// the policy on the request too, Next reads the nonce from it and stamps it on every script it
// renders; all our pages render per request, the root layout makes sure of it). 'strict-dynamic'
// lets those scripts load the app's chunks; nothing else may run, so an injected <script> or
// inline handler does not. Styles allow 'unsafe-inline': React writes `style` attributes (the
// charts, progress bars, the portal's colour overrides), which a nonce cannot cover, and a
// style cannot run code. Development adds 'unsafe-eval', which React's dev tooling needs.

export type PagePolicy = {
  nonce: string;
  /** Who may frame the page: "'none'" for the console, the embedding origins for the portal. */
  frameAncestors: string;
  https: boolean;
  development?: boolean;
};

export function contentSecurityPolicy(policy: PagePolicy): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${policy.nonce}' 'strict-dynamic'${policy.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${policy.frameAncestors}`,
    // Over plain HTTP (a local install) upgrading would break every request.
    ...(policy.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** `'self' <origins>`: the vendor's own product may embed the portal. */
export function portalFrameAncestors(origins: readonly string[]): string {
  return ["'self'", ...origins].join(" ");
}

/** The headers for a page response; the portal may be framed by its embedders, the console by no one. */
export function pageSecurityHeaders(policy: PagePolicy & { portal: boolean }): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(policy),
    "x-content-type-options": "nosniff",
    // The portal's URL carries its token: it never leaves in a Referer. The console's paths
    // (customer ids) go no further than its own origin.
    "referrer-policy": policy.portal ? "no-referrer" : "same-origin",
    // The portal's frame-ancestors decides who may embed it; X-Frame-Options cannot name origins.
    ...(policy.portal ? {} : { "x-frame-options": "DENY" }),
    // Two years; no includeSubDomains, which would bind every sibling host of a self-hosted install.
    ...(policy.https ? { "strict-transport-security": "max-age=63072000" } : {}),
  };
}

/**
 * Whether the browser reached us over HTTPS. `next start` serves plain HTTP, so HTTPS means a
 * TLS-terminating proxy in front, which says so in X-Forwarded-Proto; that header is believed only
 * when RATELINE_TRUST_PROXY says such a proxy sets it (anyone can send it otherwise). The first
 * value is the one the client used, when proxies are chained.
 */
export function requestIsHttps(headers: Headers, trustProxy: boolean): boolean {
  if (!trustProxy) return false;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}
