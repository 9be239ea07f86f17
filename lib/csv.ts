// The one CSV writer every export uses (console invoice lines, finance reports, portal invoices).
//
// RFC 4180: fields separated by commas, records by CRLF; a field holding a comma, a double quote,
// CR or LF is wrapped in double quotes, with each double quote inside doubled.
//
// Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in
// some, one starting with a tab or CR) as a formula, so a customer name like `=HYPERLINK(…)`
// would run on the finance team's machine. Such a cell gets a leading `'`, which spreadsheets
// read as "this is text". The one exception is deliberate: a plain decimal number (`-12.50`,
// `-250`) is what our amount columns hold and what a spreadsheet must read as a number; it cannot
// be a formula, so it is written as it is. Anything else starting with `-` (`-2+3`, `-A1`) is
// neutralised.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** The cell as it is safe to hand a spreadsheet: text that would start a formula gets a leading `'`. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_DECIMAL.test(value) ? `'${value}` : value;
}

function field(value: string | null): string {
  const safe = neutraliseFormula(value ?? "");
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The rows (the first one usually the header) as one CSV document, ending with CRLF; null is an empty cell. */
export function toCsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((row) => row.map(field).join(",") + "\r\n").join("");
}
