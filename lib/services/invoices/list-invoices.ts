import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { withCustomFields } from "./invoice-custom-fields";
import { draftRecord, INVOICE_SELECT, storedRecords, withoutZeroQuantityLines, type InvoiceRecord } from "./invoice-record";
import { computeOpenDrafts } from "./open-drafts";
import { ZListInvoices, type TListInvoices } from "./schemas";

/**
 * A customer's invoices in cursor pages: the stored ones (finalized, void) and the live drafts
 * of its open periods, ordered by the end of the period they bill (the day a period's invoice
 * is issued; drafts have no issue date yet), then by id.
 *
 * Filters follow Metronome: `starting_on` keeps periods that start at or after it and
 * `ending_before` periods that end by it — a period's end is exclusive, so January's invoice
 * (ending Feb 1 00:00) is found with ending_before=Feb 1.
 */
export async function listInvoices(ctx: ServiceContext, params: TListInvoices, now = new Date()) {
  await readCustomer(ctx.db, params.customer_id);
  const q = parseInput(ZListInvoices, params);
  // An "instant" cursor's key is a Date.
  const after = decodeKeysetCursor(q.next_page, "instant", "uuid") as Position | undefined;
  const order = q.sort === "date_desc" ? "desc" : "asc";
  const sign = order === "asc" ? 1 : -1;
  const types: ("USAGE" | "SCHEDULED" | "THRESHOLD")[] = q.type === undefined ? ["USAGE", "SCHEDULED", "THRESHOLD"] : q.type === "USAGE_CONSOLIDATED" ? [] : [q.type];

  const keyset = keysetQuery("endTimestamp", "id", order, after);
  const storedRows =
    q.status === "DRAFT"
      ? []
      : await ctx.db.invoice.findMany({
          where: {
            AND: [
              { customerId: q.customer_id, type: { in: types }, status: q.status ?? { in: ["FINALIZED", "VOID"] } },
              q.contract_id ? { contractId: q.contract_id } : {},
              q.credit_type_id ? { creditTypeId: q.credit_type_id } : {},
              q.starting_on ? { startTimestamp: { gte: q.starting_on } } : {},
              q.ending_before ? { endTimestamp: { lte: q.ending_before } } : {},
              keyset.where as Prisma.InvoiceWhereInput,
            ],
          },
          orderBy: keyset.orderBy as Prisma.InvoiceOrderByWithRelationInput[],
          take: q.limit + 1,
          select: INVOICE_SELECT,
        });
  const stored = await storedRecords(ctx.db, storedRows, now);

  const draftsWanted = (q.status === undefined || q.status === "DRAFT") && types.length > 0;
  const drafts = draftsWanted
    ? (await computeOpenDrafts(ctx.db, q.customer_id, now, { scheduled: types.includes("SCHEDULED") ? "current period" : undefined }))
        .filter((draft) => types.includes(draft.type))
        .map(draftRecord)
        .filter(
        (d) =>
          (!q.contract_id || d.contractId === q.contract_id) &&
          (!q.credit_type_id || d.creditType.id === q.credit_type_id) &&
          (!q.starting_on || d.startTimestamp >= q.starting_on) &&
          (!q.ending_before || d.endTimestamp <= q.ending_before) &&
          (!after || compare(position(d), after) * sign > 0),
      )
    : [];

  const merged = [...stored, ...drafts].sort((a, b) => compare(position(a), position(b)) * sign).slice(0, q.limit + 1);
  const page = toPage(merged, q.limit, (invoice) => keysetCursor(position(invoice)));
  return { ...page, data: await withCustomFields(ctx.db, q.skip_zero_qty_line_items ? page.data.map(withoutZeroQuantityLines) : page.data) };
}

type Position = { key: Date; id: string };

function position(invoice: InvoiceRecord): Position {
  return { key: invoice.endTimestamp, id: invoice.id };
}

/** The database's order: uuids compare as their lowercase hex text does. */
function compare(a: Position, b: Position): number {
  return a.key.getTime() - b.key.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
