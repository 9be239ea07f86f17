/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time rather than bundled: PGlite and the schema engine read
  // their .wasm/.data files from beside their own modules.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/driver-adapter-utils",
    "@prisma/adapter-pg",
    "pg",
  ],
  poweredByHeader: false,
  // unauthorized(): a portal link revoked or of an archived customer is answered 401, as the proxy
  // answers a tampered or expired one (lib/server/portal-gate.ts).
  experimental: { authInterrupts: true },
  // Pages get their security headers from proxy.ts (a per-request CSP nonce). What it does not
  // see, the API's JSON and CSV and the static assets, is never to be sniffed into HTML or framed.
  async headers() {
    const api = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
      { key: "Referrer-Policy", value: "no-referrer" },
    ];
    return [
      { source: "/v1/:path*", headers: api },
      { source: "/v2/:path*", headers: api },
      { source: "/api/:path*", headers: api },
      { source: "/_next/static/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] },
    ];
  },
  // npm test type-checks the whole project (scripts, tests, benchmarks too) as its own step.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
