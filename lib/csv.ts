// CSV as RFC 4180 writes it: fields separated by commas, records by CRLF; a field holding a comma,
// a double quote, CR or LF is wrapped in double quotes, with each double quote inside doubled.

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The rows (the first one usually the header) as one CSV document, ending with CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(field).join(",") + "\r\n").join("");
}
