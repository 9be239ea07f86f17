import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { InvoiceRecord } from "./invoice-record";

// The custom fields an invoice carries on the wire (Metronome's customer_custom_fields and
// contract_custom_fields on the invoice, product_custom_fields and commit_custom_fields on its
// lines), read as they are now from the entities they belong to: one query per kind of entity
// for a whole page of invoices.

type Db = PrismaClient | Prisma.TransactionClient;
type Fields = Record<string, string>;

export type InvoiceCustomFields = {
  customer: Fields;
  contract: Fields;
  /** By product id, and by commit or credit id, for the invoice's lines. */
  products: ReadonlyMap<string, Fields>;
  commits: ReadonlyMap<string, Fields>;
};

const byId = (rows: { id: string; customFields: Prisma.JsonValue }[]) => new Map(rows.map((r) => [r.id, r.customFields as Fields]));

/** The invoices with the custom fields of their customer, contract, and lines' products and commits. */
export async function withCustomFields<T extends InvoiceRecord>(db: Db, invoices: readonly T[]): Promise<(T & { customFields: InvoiceCustomFields })[]> {
  if (invoices.length === 0) return [];
  const ids = (pick: (invoice: T) => (string | null | undefined)[]) => [...new Set(invoices.flatMap(pick).filter((id): id is string => !!id))];
  const select = { id: true, customFields: true } as const;
  const [customers, contracts, products, commits] = await Promise.all([
    db.customer.findMany({ where: { id: { in: ids((i) => [i.customerId]) } }, select }),
    db.contract.findMany({ where: { id: { in: ids((i) => [i.contractId]) } }, select }),
    db.product.findMany({ where: { id: { in: ids((i) => i.lines.map((l) => l.productId)) } }, select }),
    db.commit.findMany({ where: { id: { in: ids((i) => i.lines.map((l) => l.commitId)) } }, select }),
  ]);
  const [customer, contract, product, commit] = [byId(customers), byId(contracts), byId(products), byId(commits)];
  // Each invoice holds the fields of its own lines' entities only, so it reads the same alone or in a page.
  const own = (fields: ReadonlyMap<string, Fields>, ids: (string | undefined)[]) => new Map(ids.filter((id): id is string => !!id).map((id) => [id, fields.get(id) ?? {}]));
  return invoices.map((invoice) => ({
    ...invoice,
    customFields: {
      customer: customer.get(invoice.customerId) ?? {},
      contract: (invoice.contractId && contract.get(invoice.contractId)) || {},
      products: own(product, invoice.lines.map((l) => l.productId)),
      commits: own(commit, invoice.lines.map((l) => l.commitId)),
    },
  }));
}
