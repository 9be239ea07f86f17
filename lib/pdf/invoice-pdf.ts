import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { formatDate, formatPeriodInWords, formatQuantity } from "@/lib/format";
import { formatAmount, inDollars, type CreditUnit } from "@/lib/format-money";

// An invoice laid out on US Letter pages as the console's invoice document lays it out: who and
// when at the top, the charges with quantity, unit price and amount, the subtotal, what commits,
// credits and discounts take off, and the total due. Every figure is given as a decimal string
// and written exactly (lib/format-money.ts); nothing is added up here.

/** A line as the pages show it (lib/services/invoices/line-row.ts), with its kind named. */
export type InvoicePdfLine = {
  name: string;
  /** What tells the line apart (group values), if anything. */
  group: string | null;
  /** "Usage", "Commit or credit applied", … */
  kind: string;
  quantity: string | null;
  unitPrice: string | null;
  total: string;
  /** Discounts and applied commits or credits: shown between the subtotal and the total. */
  adjustment: boolean;
  startingOn: string;
  endingBefore: string;
};

export type InvoicePdfInput = {
  issuer: string;
  customerName: string;
  contractName: string | null;
  id: string;
  status: "DRAFT" | "FINALIZED" | "VOID";
  creditType: CreditUnit;
  startingOn: string;
  endingBefore: string;
  issuedAt: string | null;
  netPaymentTermsDays: number;
  subtotal: string;
  total: string;
  lines: InvoicePdfLine[];
  /** When the document is made: its PDF creation date. */
  generatedAt: Date;
};

const PAGE = { width: 612, height: 792 };
const MARGIN = 48;
const RIGHT = PAGE.width - MARGIN;
const BOTTOM = 72;
/** The right edges of the quantity, unit price and amount columns; the description runs up to the first. */
const COLUMNS = { description: MARGIN, quantity: 384, unitPrice: 474, amount: RIGHT };
const DESCRIPTION_WIDTH = 250;

const INK = rgb(0.059, 0.09, 0.165); // slate-900
const MUTED = rgb(0.392, 0.455, 0.545); // slate-500
const RULE = rgb(0.886, 0.91, 0.941); // slate-200
const BRAND = rgb(0.231, 0.329, 0.839); // brand-600
const GREEN = rgb(0.016, 0.471, 0.341); // emerald-700
const STATUS_TEXT = { DRAFT: "Draft (live until the period closes)", FINALIZED: "Finalized", VOID: "Void (nothing is owed)" } as const;

type Fonts = { regular: PDFFont; bold: PDFFont };

/** The standard fonts write WinAnsi only: any other character is shown as "?" rather than refused. */
function printable(font: PDFFont, text: string): string {
  const known = charsets.get(font) ?? new Set(font.getCharacterSet());
  charsets.set(font, known);
  return [...text.replace(/[\r\n\t]+/g, " ")].map((c) => (known.has(c.codePointAt(0)!) ? c : "?")).join("");
}
const charsets = new WeakMap<PDFFont, Set<number>>();

/** Cut to fit `width`, with an ellipsis. */
function fit(font: PDFFont, size: number, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Words on at most `lines` lines of `width`; the last one cut to fit. */
function wrap(font: PDFFont, size: number, text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !current) current = next;
    else {
      out.push(current);
      current = word;
    }
  }
  if (current) out.push(current);
  if (out.length <= lines) return out.map((l) => fit(font, size, l, width));
  return [...out.slice(0, lines - 1), fit(font, size, out.slice(lines - 1).join(" "), width)];
}

class Writer {
  private page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly onNewPage: (writer: Writer) => void,
  ) {}

  newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.page.drawRectangle({ x: 0, y: PAGE.height - 6, width: PAGE.width, height: 6, color: BRAND });
    this.y = PAGE.height - MARGIN;
    this.onNewPage(this);
  }

  /** Room for `height` more points on this page, or a new page. */
  need(height: number) {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(text: string, x: number, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; align?: "left" | "right"; y?: number } = {}) {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? 10;
    const value = printable(font, text);
    const width = font.widthOfTextAtSize(value, size);
    this.page.drawText(value, { x: options.align === "right" ? x - width : x, y: options.y ?? this.y, size, font, color: options.color ?? INK });
  }

  rule(from = MARGIN, to = RIGHT, thickness = 0.75, color = RULE) {
    this.page.drawLine({ start: { x: from, y: this.y }, end: { x: to, y: this.y }, thickness, color });
  }
}

function tableHeader(w: Writer) {
  const head = { size: 8, bold: true, color: MUTED } as const;
  w.text("DESCRIPTION", COLUMNS.description, head);
  w.text("QUANTITY", COLUMNS.quantity, { ...head, align: "right" });
  w.text("UNIT PRICE", COLUMNS.unitPrice, { ...head, align: "right" });
  w.text("AMOUNT", COLUMNS.amount, { ...head, align: "right" });
  w.y -= 8;
  w.rule(MARGIN, RIGHT, 1);
  w.y -= 16;
}

const dueDate = (issuedAt: string, days: number) => new Date(Date.parse(issuedAt) + days * 86_400_000);

export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const period = formatPeriodInWords(input.startingOn, input.endingBefore);
  doc.setTitle(`Invoice ${period} · ${input.customerName}`);
  doc.setAuthor(input.issuer);
  doc.setSubject(`Invoice ${input.id}`);
  doc.setCreator("Rateline");
  doc.setProducer("Rateline (pdf-lib)");
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);
  const fonts: Fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const unit = input.creditType;
  // USD cents are written as dollars, as the console writes them.
  const currency = inDollars(unit) ? "USD" : unit.name;

  let inTable = false;
  const w = new Writer(doc, fonts, (writer) => {
    if (writer.pages.length === 1) return;
    // A continuation page: who and which invoice, then the table's header again.
    writer.text(input.issuer, MARGIN, { bold: true, size: 11 });
    writer.text(`Invoice ${input.id} · ${period} (continued)`, RIGHT, { size: 9, color: MUTED, align: "right" });
    writer.y -= 28;
    if (inTable) tableHeader(writer);
  });
  w.newPage();

  // ─── Header: issuer and title, bill-to and the invoice's facts ───
  w.text(fit(fonts.bold, 18, printable(fonts.bold, input.issuer), 320), MARGIN, { bold: true, size: 18 });
  w.text(input.status === "DRAFT" ? "DRAFT INVOICE" : "INVOICE", RIGHT, { bold: true, size: 20, color: BRAND, align: "right" });
  w.y -= 40;
  const top = w.y;
  w.text("BILL TO", MARGIN, { size: 8, bold: true, color: MUTED });
  w.y -= 16;
  for (const line of wrap(fonts.bold, 13, printable(fonts.bold, input.customerName), 260, 2)) {
    w.text(line, MARGIN, { bold: true, size: 13 });
    w.y -= 16;
  }
  if (input.contractName) w.text(fit(fonts.regular, 10, printable(fonts.regular, input.contractName), 260), MARGIN, { color: MUTED });
  const bottomLeft = w.y;

  const facts: [string, string][] = [
    ["Invoice", input.id],
    ["Status", STATUS_TEXT[input.status]],
    ["Billing period", period],
    ["Issued", input.issuedAt ? formatDate(input.issuedAt) : "Not yet (live draft)"],
    ["Due", input.issuedAt ? `${formatDate(dueDate(input.issuedAt, input.netPaymentTermsDays))} (net ${input.netPaymentTermsDays})` : `Net ${input.netPaymentTermsDays} from issue`],
    ["Amounts in", currency],
  ];
  w.y = top;
  for (const [label, value] of facts) {
    w.text(label, 300, { size: 9, color: MUTED });
    w.text(fit(fonts.regular, 9, printable(fonts.regular, value), RIGHT - 380), RIGHT, { size: 9, align: "right" });
    w.y -= 14;
  }
  w.y = Math.min(w.y, bottomLeft) - 28;

  // ─── Lines ───
  inTable = true;
  tableHeader(w);
  const charges = input.lines.filter((l) => !l.adjustment);
  const adjustments = input.lines.filter((l) => l.adjustment);
  if (charges.length === 0) {
    w.text("No charges in this period yet.", MARGIN, { color: MUTED });
    w.y -= 20;
  }
  const samePeriod = (l: InvoicePdfLine) => l.startingOn === input.startingOn && l.endingBefore === input.endingBefore;
  for (const line of charges) {
    const name = wrap(fonts.bold, 10, printable(fonts.bold, line.name), DESCRIPTION_WIDTH, 2);
    const about = [line.group, line.kind, samePeriod(line) ? null : formatPeriodInWords(line.startingOn, line.endingBefore)].filter(Boolean).join(" · ");
    const height = name.length * 13 + 12 + 10;
    w.need(height);
    const first = w.y;
    w.text(line.quantity !== null ? formatQuantity(line.quantity) : "—", COLUMNS.quantity, { align: "right", color: line.quantity !== null ? INK : MUTED });
    w.text(line.unitPrice !== null ? formatAmount(line.unitPrice, unit) : "—", COLUMNS.unitPrice, { align: "right", color: line.unitPrice !== null ? INK : MUTED });
    w.text(formatAmount(line.total, unit), COLUMNS.amount, { align: "right" });
    for (const part of name) {
      w.text(part, COLUMNS.description, { bold: true });
      w.y -= 13;
    }
    w.text(fit(fonts.regular, 8, printable(fonts.regular, about), DESCRIPTION_WIDTH), COLUMNS.description, { size: 8, color: MUTED });
    w.y = first - height + 10;
    w.rule();
    w.y -= 16;
  }
  inTable = false;

  // ─── Totals: subtotal, what commits, credits and discounts take off, total due ───
  const labelX = COLUMNS.unitPrice;
  w.need(24 + adjustments.length * 16 + 40);
  w.y -= 4;
  w.text("Subtotal", labelX, { align: "right", color: MUTED });
  w.text(formatAmount(input.subtotal, unit), COLUMNS.amount, { align: "right", bold: true });
  w.y -= 18;
  for (const line of adjustments) {
    w.need(16 + 40);
    w.text(fit(fonts.regular, 9, printable(fonts.regular, `${line.name} (${line.kind})`), labelX - MARGIN - 120), labelX, { size: 9, align: "right", color: MUTED });
    w.text(formatAmount(line.total, unit), COLUMNS.amount, { size: 9, align: "right", color: GREEN });
    w.y -= 16;
  }
  w.y += 4;
  w.rule(COLUMNS.quantity, RIGHT, 1.25, INK);
  w.y -= 20;
  w.text(input.status === "VOID" ? "Total (void)" : "Total due", labelX, { align: "right", bold: true, size: 12 });
  w.text(formatAmount(input.total, unit), COLUMNS.amount, { align: "right", bold: true, size: 12 });

  // ─── Footer on every page ───
  w.pages.forEach((page, i) => {
    const footer = printable(fonts.regular, `${input.issuer} · Invoice ${input.id} · Amounts in ${currency}`);
    page.drawLine({ start: { x: MARGIN, y: 48 }, end: { x: RIGHT, y: 48 }, thickness: 0.5, color: RULE });
    page.drawText(fit(fonts.regular, 8, footer, 420), { x: MARGIN, y: 36, size: 8, font: fonts.regular, color: MUTED });
    const number = `Page ${i + 1} of ${w.pages.length}`;
    page.drawText(number, { x: RIGHT - fonts.regular.widthOfTextAtSize(number, 8), y: 36, size: 8, font: fonts.regular, color: MUTED });
  });
  return doc.save();
}
