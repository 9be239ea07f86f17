import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it.each([
    // RFC 4180 quoting
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ["  spaced  ", "  spaced  "],
    // Formulas are neutralised with a leading '
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://x.example","click")', `"'=HYPERLINK(""http://x.example"",""click"")"`],
    ["+1+1", "'+1+1"],
    ["+5", "'+5"],
    ["-1+1", "'-1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["-A1", "'-A1"],
    ["-", "'-"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", `"'\r=1+1"`],
    ["=a,b", `"'=a,b"`],
    // A plain decimal number stays a number, negative or not
    ["-1234.50", "-1234.50"],
    ["-250", "-250"],
    ["0.001", "0.001"],
    ["1250000", "1250000"],
    ["-0.5", "-0.5"],
    // Not plain decimals: neutralised
    ["-1e5", "'-1e5"],
    ["-12.", "'-12."],
    ["-.5", "'-.5"],
    // A formula character later in the cell is harmless
    ["a=b", "a=b"],
    ["user@example.com", "user@example.com"],
  ])("writes the field %j as %j", (input, output) => {
    expect(toCsv([[input]])).toBe(`${output}\r\n`);
  });

  it("writes null as an empty cell", () => {
    expect(toCsv([["a", null, "b"]])).toBe("a,,b\r\n");
  });

  it("separates fields with commas and ends every record with CRLF", () => {
    expect(toCsv([["name", "amount"], ["Tokens, aurora", "12.50"]])).toBe('name,amount\r\n"Tokens, aurora",12.50\r\n');
  });

  it("writes nothing for no rows", () => {
    expect(toCsv([])).toBe("");
  });
});
