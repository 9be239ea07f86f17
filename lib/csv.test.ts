import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ["-1234.50", "-1234.50"],
    ["  spaced  ", "  spaced  "],
  ])("writes the field %j as %j", (input, output) => {
    expect(toCsv([[input]])).toBe(`${output}\r\n`);
  });

  it("separates fields with commas and ends every record with CRLF", () => {
    expect(toCsv([["name", "amount"], ["Tokens, aurora", "12.50"]])).toBe('name,amount\r\n"Tokens, aurora",12.50\r\n');
  });

  it("writes nothing for no rows", () => {
    expect(toCsv([])).toBe("");
  });
});
