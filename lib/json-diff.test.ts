import { describe, expect, it } from "vitest";
import { diffJson } from "./json-diff";

describe("diffJson", () => {
  it("finds nothing between equal values", () => {
    expect(diffJson({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toEqual([]);
  });

  it("names changed, added and removed keys by path", () => {
    expect(diffJson({ name: "Old", tags: ["a"], priority: 1 }, { name: "New", tags: ["a", "b"], multiplier: "0.9" })).toEqual([
      { path: "name", kind: "changed", before: "Old", after: "New" },
      { path: "tags.1", kind: "added", after: "b" },
      { path: "multiplier", kind: "added", after: "0.9" },
      { path: "priority", kind: "removed", before: 1 },
    ]);
  });

  it("treats a missing before as everything added (a creation)", () => {
    expect(diffJson(null, { customer_id: "c1", commits: [{ amount: "100" }] })).toEqual([
      { path: "customer_id", kind: "added", after: "c1" },
      { path: "commits.0.amount", kind: "added", after: "100" },
    ]);
  });

  it("goes into nested objects and keeps empty ones as values", () => {
    expect(diffJson({ a: { b: { c: 1 } }, d: {} }, { a: { b: { c: 2 } }, d: [] })).toEqual([
      { path: "a.b.c", kind: "changed", before: 1, after: 2 },
      { path: "d", kind: "changed", before: {}, after: [] },
    ]);
  });

  it("compares scalars at the top level", () => {
    expect(diffJson("x", "y")).toEqual([{ path: "", kind: "changed", before: "x", after: "y" }]);
  });
});
