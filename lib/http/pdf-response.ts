import type { InvoicePdf } from "@/lib/services/invoices/invoice-pdf";

/** An invoice PDF as a download: the same answer from the API, the console and the portal. */
export function pdfResponse({ filename, bytes }: InvoicePdf): Response {
  return new Response(new Uint8Array(bytes), {
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"`, "content-length": String(bytes.byteLength) },
  });
}
