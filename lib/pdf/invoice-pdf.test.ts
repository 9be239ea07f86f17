import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { pdfText } from "@/lib/test-support/pdf-text";
import { renderInvoicePdf, type InvoicePdfInput, type InvoicePdfLine } from "./invoice-pdf";

const USD = { id: "2714e483-4ff1-48e4-9e25-ac732e8f24f2", name: "USD (cents)" };
const line = (extra: Partial<InvoicePdfLine>): InvoicePdfLine => ({
  name: "API calls",
  group: null,
  kind: "Usage",
  quantity: "1234567.5",
  unitPrice: "0.5",
  total: "617284",
  adjustment: false,
  startingOn: "2026-11-01T00:00:00.000Z",
  endingBefore: "2026-12-01T00:00:00.000Z",
  ...extra,
});
const invoice: InvoicePdfInput = {
  issuer: "Nimbus AI, Inc.",
  customerName: "Northwind Traders",
  contractName: "Enterprise 2026",
  id: "6a37bb88-8538-48c5-b37b-a41c836328bd",
  status: "FINALIZED",
  creditType: USD,
  startingOn: "2026-11-01T00:00:00.000Z",
  endingBefore: "2026-12-01T00:00:00.000Z",
  issuedAt: "2026-12-01T00:00:00.000Z",
  netPaymentTermsDays: 30,
  subtotal: "627284",
  total: "527284",
  lines: [
    line({}),
    line({ name: "Tokens", group: "region: eu", quantity: "1500", unitPrice: null, total: "10000", startingOn: "2026-11-15T00:00:00.000Z" }),
    line({ name: "Annual commit", kind: "Commit or credit applied", quantity: null, unitPrice: null, total: "-100000", adjustment: true }),
  ],
  generatedAt: new Date("2026-12-02T10:00:00Z"),
};

describe("renderInvoicePdf", () => {
  it("writes a PDF that says who bills whom, for when, each line, and the total, every digit exact", async () => {
    const bytes = await renderInvoicePdf(invoice);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect([doc.getPageCount(), doc.getTitle(), doc.getAuthor(), doc.getCreationDate()]).toEqual([1, "Invoice Nov 1, 2026 – Nov 30, 2026 · Northwind Traders", "Nimbus AI, Inc.", invoice.generatedAt]);
    const [page] = await pdfText(bytes);
    expect(page).toEqual(
      expect.arrayContaining([
        "Nimbus AI, Inc.",
        "INVOICE",
        "Northwind Traders",
        "Enterprise 2026",
        invoice.id,
        "Nov 1, 2026 \u2013 Nov 30, 2026",
        "Dec 1, 2026",
        "Dec 31, 2026 (net 30)",
        "1,234,567.5",
        "$0.005",
        "$6,172.84",
        "$100.00",
        "region: eu \u00b7 Usage \u00b7 Nov 15, 2026 \u2013 Nov 30, 2026",
        "Subtotal",
        "$6,272.84",
        "Annual commit (Commit or credit applied)",
        "-$1,000.00",
        "Total due",
        "$5,272.84",
        "Page 1 of 1",
      ]),
    );
  });

  it("marks a draft and a void invoice, and says when a period has no charges", async () => {
    const [draft] = await pdfText(await renderInvoicePdf({ ...invoice, status: "DRAFT", issuedAt: null, lines: [] }));
    expect(draft).toEqual(expect.arrayContaining(["DRAFT INVOICE", "Draft (live until the period closes)", "Not yet (live draft)", "Net 30 from issue", "No charges in this period yet."]));
    const [voided] = await pdfText(await renderInvoicePdf({ ...invoice, status: "VOID" }));
    expect(voided).toEqual(expect.arrayContaining(["Void (nothing is owed)", "Total (void)"]));
  });

  it("runs onto more pages with the table's header repeated, and prints what its fonts cannot as ?", async () => {
    const many = Array.from({ length: 60 }, (_, i) => line({ name: `Model ${i} ${"with a rather long product name ".repeat(i === 3 ? 6 : 0)}`, total: String(i) }));
    const bytes = await renderInvoicePdf({ ...invoice, customerName: "株式会社 Tōkyō", lines: [...many, ...invoice.lines] });
    const pages = await pdfText(bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toEqual(expect.arrayContaining(["QUANTITY", `Page ${pages.length} of ${pages.length}`, "Total due", "$5,272.84", `Invoice ${invoice.id} · Nov 1, 2026 \u2013 Nov 30, 2026 (continued)`]));
    expect(pages[0]).toContain("???? T?ky?");
    // A name too long for two lines ends its second in an ellipsis.
    const long = pages.flat().findIndex((run) => run.startsWith("Model 3 with"));
    expect(pages.flat()[long + 1]).toMatch(/^rather .*\u2026$/);
  });
});
