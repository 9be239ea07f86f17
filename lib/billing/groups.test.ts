import { describe, expect, it } from "vitest";
import { groupKey, includesGroupValues, pickGroupValues } from "./groups";

describe("group values", () => {
  it("keys tuples unambiguously, keeping a missing value apart from the string 'null'", () => {
    expect(groupKey({ a: null }, ["a"])).not.toBe(groupKey({ a: "null" }, ["a"]));
    expect(groupKey({}, ["a"])).toBe(groupKey({ a: null }, ["a"]));
    expect(groupKey({ a: "x;1:y", b: "z" }, ["a", "b"])).not.toBe(groupKey({ a: "x", b: "y;1:z" }, ["a", "b"]));
    expect(groupKey({ a: "1", b: "2" }, ["b", "a"])).not.toBe(groupKey({ a: "1", b: "2" }, ["a", "b"]));
  });

  it("picks the values of some keys, missing ones as null", () => {
    expect(pickGroupValues({ model: "gpt", region: "eu" }, ["model", "tier"])).toEqual({ model: "gpt", tier: null });
  });

  it("matches required pricing group values", () => {
    expect(includesGroupValues({ model: "gpt", region: "eu" }, { model: "gpt" })).toBe(true);
    expect(includesGroupValues({ model: "gpt" }, { model: "claude" })).toBe(false);
    expect(includesGroupValues({ model: null }, { model: "null" })).toBe(false);
    expect(includesGroupValues({ model: "gpt" }, undefined)).toBe(true);
  });
});
