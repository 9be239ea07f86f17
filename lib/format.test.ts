import { describe, expect, it } from "vitest";
import { formatQuantity, formatTimestamp } from "./format";

describe("formatQuantity", () => {
  it.each([
    ["0", "0"],
    ["999", "999"],
    ["1000", "1,000"],
    ["1234567.25", "1,234,567.25"],
    ["-1234.5", "-1,234.5"],
    ["0.000000000000000001", "0.000000000000000001"],
    ["123456789012345678901234567890", "123,456,789,012,345,678,901,234,567,890"],
  ])("writes %s as %s, every digit kept", (input, output) => {
    expect(formatQuantity(input)).toBe(output);
  });
});

it("formats a timestamp to the second in UTC", () => {
  expect(formatTimestamp(new Date("2026-01-10T12:01:05.999Z"))).toBe("2026-01-10 12:01:05 UTC");
});
