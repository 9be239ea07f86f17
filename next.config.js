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
  // npm test type-checks the whole project (scripts, tests, benchmarks too) as its own step.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
