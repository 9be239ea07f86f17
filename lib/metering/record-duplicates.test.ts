import { describe, expect, it } from "vitest";
import { duplicatesOf } from "./record-duplicates";

const copy = (id: string, n: number) => ({ transaction_id: id, customer_alias: "acme", event_type: "call", timestamp: "2026-01-01T00:00:00Z", properties: { n } });

describe("duplicatesOf", () => {
  it("finds nothing when every event was new and sent once", () => {
    expect(duplicatesOf([copy("a", 1), copy("b", 2)], new Set())).toEqual([]);
  });

  it("counts repeats within the request after the first copy, keeping the last", () => {
    expect(duplicatesOf([copy("a", 1), copy("b", 2), copy("a", 3), copy("a", 4)], new Set())).toEqual([{ ...copy("a", 4), copies: 2 }]);
  });

  it("counts every copy of an id already stored, the first one too, one row per id sorted by id", () => {
    expect(duplicatesOf([copy("c", 1), copy("b", 2), copy("c", 3), copy("a", 4)], new Set(["c", "b"]))).toEqual([
      { ...copy("b", 2), copies: 1 },
      { ...copy("c", 3), copies: 2 },
    ]);
  });
});
