import path from "node:path";
import { defineConfig } from "prisma/config";

// These machines cannot download Prisma's native schema engine, and `prisma generate` only needs
// it to exist: generation itself runs on WebAssembly. Migrations go through lib/db/migrations.ts,
// which drives the WebAssembly schema engine over our own driver adapters.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma", "schema.prisma");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
