import type { ServiceContext } from "@/lib/services/context";
import { keysetCursor, toPage } from "@/lib/services/pagination";
import type { InvoiceRecord } from "./invoice-record";
import { listInvoices } from "./list-invoices";

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

export type InvoiceSummary = InvoiceRecord & { customerName: string };

/**
 * Invoices across customers (or of one), newest period first, in cursor pages: each customer's
 * page comes from listInvoices (stored invoices and live drafts alike) from the same cursor, and
 * the pages are merged in the same (period end, id) order, so the next page starts where this
 * one stopped. Drafts are priced live, so a page costs one draft computation per customer.
 */
export async function findInvoices(ctx: ServiceContext, params: FindInvoicesParams, now = new Date()) {
  const limit = Math.min(Math.max(params.limit ?? 25, 1), 50);
  const customers = await ctx.db.customer.findMany({
    where: params.customerId ? { id: params.customerId } : { archivedAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const pages = await Promise.all(
    customers.map(async (customer) => {
      const page = await listInvoices(
        ctx,
        {
          customer_id: customer.id,
          status: params.status,
          starting_on: params.startingOn?.toISOString(),
          ending_before: params.endingBefore?.toISOString(),
          next_page: params.next_page,
          sort: "date_desc",
          limit: limit + 1,
        },
        now,
      );
      return page.data.map((invoice): InvoiceSummary => ({ ...invoice, customerName: customer.name }));
    }),
  );
  const merged = pages.flat().sort((a, b) => b.endTimestamp.getTime() - a.endTimestamp.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return toPage(merged.slice(0, limit + 1), limit, (i) => keysetCursor({ key: i.endTimestamp, id: i.id }));
}
