// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the committed migrations to the current prisma/schema.prisma. Works offline:
// the diff is computed by Prisma's WebAssembly schema engine on a throwaway in-memory database.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openMemoryDatabase } from "@/lib/db/connection";
import { diffSchemaAgainstMigrations, PRISMA_DIR } from "@/lib/db/migrations";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (e.g. add_invoice_memo)");
  process.exit(2);
}
const scratch = await openMemoryDatabase();
const sql = await diffSchemaAgainstMigrations(scratch.adapterFactory).finally(() => scratch.close());
if (sql === null) {
  console.log("prisma/schema.prisma matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = path.join(PRISMA_DIR, "migrations", `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), sql);
console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
