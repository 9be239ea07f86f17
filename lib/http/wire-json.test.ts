import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/billing/decimal";
import { stringifyWire } from "./wire-json";

describe("wire JSON", () => {
  it("writes Decimals as exact number literals", () => {
    const body = { value: new Decimal("123456789012345678901234567890.000000000001"), nested: [{ v: new Decimal("-0.5") }], n: 3 };
    expect(stringifyWire(body)).toBe('{"value":123456789012345678901234567890.000000000001,"nested":[{"v":-0.5}],"n":3}');
    expect(JSON.parse(stringifyWire({ v: new Decimal("0.1") }))).toEqual({ v: 0.1 });
  });

  it("leaves strings that look like the marker alone", () => {
    const text = "0123456789abcdef:1";
    expect(JSON.parse(stringifyWire({ text }))).toEqual({ text });
  });
});
