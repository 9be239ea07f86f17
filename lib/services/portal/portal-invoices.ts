import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { toCsv } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { pathId } from "@/lib/services/ids";
import { ZId } from "@/lib/services/zod-fields";
import { INVOICE_SELECT, storedRecords, type InvoiceRecord } from "@/lib/services/invoices/invoice-record";
import { invoicePdf, type InvoicePdf } from "@/lib/services/invoices/invoice-pdf";
import { toPortalLine, type PortalLine } from "./portal-line";

// The portal's Invoices page: the customer's issued invoices (finalized, and voided ones unless
// the link hides them), each readable and downloadable as CSV and PDF. Every read is scoped by the
// customer id of the portal link: an invoice id of another customer is simply not found.

type Db = PrismaClient | Prisma.TransactionClient;

const NOT_FOUND = "No invoice of yours has that id.";

export type PortalInvoiceOptions = { hideVoided: boolean };

/** What the link's options say the portal shows: `hide_voided_invoices` hides voided invoices everywhere (list, page, CSV). */
export function portalInvoiceOptions(linkOptions: Record<string, string>): PortalInvoiceOptions {
  return { hideVoided: linkOptions.hide_voided_invoices === "true" };
}

const shownStatuses = ({ hideVoided }: PortalInvoiceOptions) => (hideVoided ? ["FINALIZED" as const] : ["FINALIZED" as const, "VOID" as const]);
const LIST_LIMIT = 100;

export type PortalInvoiceSummary = {
  id: string;
  status: "FINALIZED" | "VOID";
  startingOn: string;
  endingBefore: string;
  issuedAt: string | null;
  creditType: { id: string; name: string };
  total: string;
};

export type PortalInvoice = PortalInvoiceSummary & {
  subtotal: string;
  lines: PortalLine[];
};

function summary(record: InvoiceRecord): PortalInvoiceSummary {
  return {
    id: record.id,
    status: record.status as "FINALIZED" | "VOID",
    startingOn: record.startTimestamp.toISOString(),
    endingBefore: record.endTimestamp.toISOString(),
    issuedAt: record.issuedAt?.toISOString() ?? null,
    creditType: { id: record.creditType.id, name: record.creditType.name },
    total: record.total.toFixed(),
  };
}

export async function listPortalInvoices(db: Db, customerId: string, options: PortalInvoiceOptions, now: Date): Promise<PortalInvoiceSummary[]> {
  const rows = await db.invoice.findMany({
    where: { customerId, status: { in: shownStatuses(options) } },
    orderBy: [{ endTimestamp: "desc" }, { id: "desc" }],
    take: LIST_LIMIT,
    select: INVOICE_SELECT,
  });
  return (await storedRecords(db, rows, now)).map(summary);
}

/** Whether the link shows that invoice of the customer (finalized, or void unless hidden): the portal's invoice page 404s otherwise. */
export async function portalInvoiceExists(db: Db, customerId: string, invoiceId: string, options: PortalInvoiceOptions): Promise<boolean> {
  if (!ZId.safeParse(invoiceId).success) return false;
  return (await db.invoice.count({ where: { id: invoiceId, customerId, status: { in: shownStatuses(options) } } })) > 0;
}

/** One invoice the link shows (finalized, or void unless hidden), scoped to the link's customer. */
async function portalInvoiceRecord(db: Db, customerId: string, invoiceId: string, options: PortalInvoiceOptions, now: Date): Promise<InvoiceRecord> {
  const row = await db.invoice.findFirst({
    where: { id: pathId(invoiceId, NOT_FOUND), customerId, status: { in: shownStatuses(options) } },
    select: INVOICE_SELECT,
  });
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return (await storedRecords(db, [row], now))[0]!;
}

export async function getPortalInvoice(db: Db, customerId: string, invoiceId: string, options: PortalInvoiceOptions, now: Date): Promise<PortalInvoice> {
  const record = await portalInvoiceRecord(db, customerId, invoiceId, options, now);
  return {
    ...summary(record),
    subtotal: record.subtotal.toFixed(),
    lines: record.lines.map(toPortalLine),
  };
}

/** The invoice's PDF, as the console and the API render it (invoice-pdf.ts). */
export async function getPortalInvoicePdf(db: Db, customerId: string, invoiceId: string, options: PortalInvoiceOptions, now: Date): Promise<InvoicePdf> {
  return invoicePdf(db, await portalInvoiceRecord(db, customerId, invoiceId, options, now), now);
}

/** The invoice as CSV: one row per line, amounts in the credit type's unit, then the total. */
export function portalInvoiceCsv(invoice: PortalInvoice): string {
  const header = ["line", "group", "type", "starting_on", "ending_before", "quantity", "unit_price", "total", "credit_type"];
  const rows = invoice.lines.map((l) => [l.name, l.group, l.type, l.startingOn, l.endingBefore, l.quantity, l.unitPrice, l.total, invoice.creditType.name]);
  rows.push(["Total", null, null, invoice.startingOn, invoice.endingBefore, null, null, invoice.total, invoice.creditType.name]);
  return toCsv([header, ...rows]);
}
