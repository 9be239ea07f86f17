import { Prisma } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, toPage } from "@/lib/services/pagination";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import type { InvoiceRecord } from "./invoice-record";

// Invoices across customers (or of one), newest period first, in cursor pages: the stored ones
// (finalized, void) and the drafts the billing-state job stores (stored_draft), filtered, merged
// and paged in one SQL statement. Both halves read an index on (period end, id) from the cursor
// on, so a page costs the same however many customers and invoices there are. A draft whose
// period has just been closed is left out once its finalized invoice exists (a closed period
// keeps its draft's id), even before the job has refreshed the customer. One customer's own
// list, exact to the moment, is listInvoices.

export const FIND_INVOICES_MAX = 100;

export type FindInvoicesParams = {
  customerId?: string;
  status?: "DRAFT" | "FINALIZED" | "VOID";
  /** Periods that start at or after this instant. */
  startingOn?: Date;
  /** Periods that end by this instant. */
  endingBefore?: Date;
  next_page?: string;
  limit?: number;
};

/** An invoice as the list shows it: the record's heading fields, whose customer, and how many lines. */
export type InvoiceSummary = Pick<InvoiceRecord, "id" | "customerId" | "contractId" | "type" | "status" | "creditType" | "startTimestamp" | "endTimestamp" | "total"> & {
  customerName: string;
  lineCount: number;
};

type Row = {
  id: string;
  customer_id: string;
  customer_name: string;
  contract_id: string | null;
  type: "USAGE" | "SCHEDULED" | "THRESHOLD";
  status: "DRAFT" | "FINALIZED" | "VOID";
  credit_type_id: string;
  start_timestamp: Date;
  end_timestamp: Date;
  total: string;
  line_count: number;
};

export async function findInvoices(ctx: ServiceContext, params: FindInvoicesParams) {
  const limit = Math.min(Math.max(params.limit ?? 25, 1), FIND_INVOICES_MAX);
  const after = decodeKeysetCursor(params.next_page, "instant", "uuid");
  const conditions = (alias: string) => {
    const t = Prisma.raw(alias);
    const list: Prisma.Sql[] = [Prisma.sql`TRUE`];
    if (params.customerId) list.push(Prisma.sql`${t}.customer_id = ${params.customerId}::uuid`);
    if (params.startingOn) list.push(Prisma.sql`${t}.start_timestamp >= ${params.startingOn}`);
    if (params.endingBefore) list.push(Prisma.sql`${t}.end_timestamp <= ${params.endingBefore}`);
    if (after) list.push(Prisma.sql`(${t}.end_timestamp, ${t}.id) < (${after.key}::timestamptz, ${after.id}::uuid)`);
    return Prisma.join(list, " AND ");
  };
  const wantStored = params.status !== "DRAFT";
  const wantDrafts = params.status === undefined || params.status === "DRAFT";
  const stored = Prisma.sql`
    SELECT i.id::text, i.customer_id::text, i.contract_id::text, i.type::text AS type, i.status::text AS status, i.credit_type_id::text, i.start_timestamp, i.end_timestamp,
      i.total::text AS total, (SELECT count(*)::int FROM invoice_line_item l WHERE l.invoice_id = i.id) AS line_count
    FROM invoice i
    WHERE ${conditions("i")} AND i.status::text IN (${Prisma.join(params.status ? [params.status] : ["FINALIZED", "VOID"])})
    ORDER BY i.end_timestamp DESC, i.id DESC LIMIT ${limit + 1}`;
  const drafts = Prisma.sql`
    SELECT d.id::text, d.customer_id::text, d.contract_id::text, d.type::text AS type, 'DRAFT' AS status, d.credit_type_id::text, d.start_timestamp, d.end_timestamp,
      d.total::text AS total, d.line_count
    FROM stored_draft d
    WHERE ${conditions("d")} AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.id = d.id)
    ORDER BY d.end_timestamp DESC, d.id DESC LIMIT ${limit + 1}`;
  const halves = [wantStored ? stored : null, wantDrafts ? drafts : null].filter((h): h is Prisma.Sql => h !== null);
  const rows = await ctx.db.$queryRaw<Row[]>`
    SELECT u.*, c.name AS customer_name
    FROM (${Prisma.join(halves.map((h) => Prisma.sql`(${h})`), " UNION ALL ")}) u JOIN customer c ON c.id = u.customer_id::uuid
    ORDER BY u.end_timestamp DESC, u.id DESC LIMIT ${limit + 1}`;
  const creditTypes = await readCreditTypes(ctx.db, rows.map((r) => r.credit_type_id));
  const invoices = rows.map(
    (r): InvoiceSummary => ({
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      contractId: r.contract_id,
      type: r.type,
      status: r.status,
      creditType: creditTypes.get(r.credit_type_id)!,
      startTimestamp: r.start_timestamp,
      endTimestamp: r.end_timestamp,
      total: fromDb(r.total),
      lineCount: r.line_count,
    }),
  );
  return toPage(invoices, limit, (i) => keysetCursor({ key: i.endTimestamp, id: i.id }));
}
