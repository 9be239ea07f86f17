import { describe, expect, it } from "vitest";
import { portalInvoiceCsv, type PortalInvoice } from "./portal-invoices";

const invoice: PortalInvoice = {
  id: "3b7e9c2a-0000-4000-8000-000000000001",
  status: "FINALIZED",
  startingOn: "2026-10-01T00:00:00.000Z",
  endingBefore: "2026-11-01T00:00:00.000Z",
  issuedAt: "2026-11-02T00:00:00.000Z",
  creditType: { id: "usd", name: "USD (cents)" },
  subtotal: "1250",
  total: "1000",
  lines: [
    { name: 'Tokens, "large"', group: "=cmd()", type: "USAGE", quantity: "1250000", unitPrice: "0.001", total: "1250", startingOn: "2026-10-01T00:00:00.000Z", endingBefore: "2026-11-01T00:00:00.000Z" },
    { name: "-2+3+cmd|' /C calc'!A0", group: "@SUM(A1)", type: "USAGE", quantity: "1", unitPrice: "-12.50", total: "-12.50", startingOn: "2026-10-01T00:00:00.000Z", endingBefore: "2026-11-01T00:00:00.000Z" },
    { name: "Credit", group: null, type: "APPLIED_COMMIT_OR_CREDIT", quantity: null, unitPrice: null, total: "-250", startingOn: "2026-10-01T00:00:00.000Z", endingBefore: "2026-11-01T00:00:00.000Z" },
  ],
};

describe("portal invoice CSV", () => {
  it("has a row per line and a total, quoted where needed and safe to open in a spreadsheet (negative amounts stay numbers)", () => {
    expect(portalInvoiceCsv(invoice).split("\r\n")).toEqual([
      "line,group,type,starting_on,ending_before,quantity,unit_price,total,credit_type",
      '"Tokens, ""large""",\'=cmd(),USAGE,2026-10-01T00:00:00.000Z,2026-11-01T00:00:00.000Z,1250000,0.001,1250,USD (cents)',
      "'-2+3+cmd|' /C calc'!A0,'@SUM(A1),USAGE,2026-10-01T00:00:00.000Z,2026-11-01T00:00:00.000Z,1,-12.50,-12.50,USD (cents)",
      "Credit,,APPLIED_COMMIT_OR_CREDIT,2026-10-01T00:00:00.000Z,2026-11-01T00:00:00.000Z,,,-250,USD (cents)",
      "Total,,,2026-10-01T00:00:00.000Z,2026-11-01T00:00:00.000Z,,,1000,USD (cents)",
      "",
    ]);
  });
});
