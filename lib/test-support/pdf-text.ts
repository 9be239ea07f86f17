import { inflateSync } from "node:zlib";
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFObject } from "pdf-lib";

// WinAnsi (the standard fonts' encoding) is Latin-1 but for 0x80–0x9F.
const WIN_ANSI: Record<number, string> = {
  0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030",
  0x8a: "\u0160", 0x8b: "\u2039", 0x8c: "\u0152", 0x8e: "\u017d", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022",
  0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122", 0x9a: "\u0161", 0x9b: "\u203a", 0x9c: "\u0153", 0x9e: "\u017e", 0x9f: "\u0178",
};
const decodeWinAnsi = (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join("");

/**
 * The text a PDF written by pdf-lib shows, page by page, one string per drawn run: read back from
 * its (Flate-compressed) content streams, where the standard fonts write each run as a hex
 * string. Enough to check what an invoice PDF says, not a general text extractor.
 */
export async function pdfText(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = doc.context.lookup(page.node.get(PDFName.of("Contents")));
    const streams: (PDFObject | undefined)[] = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    const runs: string[] = [];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const raw = stream.dict.get(PDFName.of("Filter")) ? inflateSync(stream.contents) : Buffer.from(stream.contents);
      for (const match of raw.toString("latin1").matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) runs.push(decodeWinAnsi(Buffer.from(match[1]!, "hex")));
    }
    return runs;
  });
}
