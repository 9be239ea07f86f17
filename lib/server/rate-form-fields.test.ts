import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/billing/money";
import { ratePriceField, rateTiersField } from "./rate-form-fields";

const usd = { id: USD_CENTS.id, name: "" };
const gpu = { id: "00000000-0000-4000-8000-0000000000aa", name: "GPU credits" };

describe("ratePriceField", () => {
  it.each([
    ["PERCENTAGE", "0.7", usd, "0.007"],
    ["PERCENTAGE", "12.5%", usd, "0.125"],
    ["FLAT", "0.07", usd, "7"],
    ["FLAT", "$1,250.5", usd, "125050"],
    ["FLAT", "0.07", gpu, "0.07"],
    ["SUBSCRIPTION", "49", usd, "4900"],
    ["FLAT", "", usd, undefined],
    ["PERCENTAGE", "  ", usd, undefined],
    ["FLAT", undefined, usd, undefined],
    ["PERCENTAGE", "ten", usd, "ten"],
  ] as const)("%s %j in %o is %j", (type, text, unit, body) => {
    expect(ratePriceField(type, text, unit)).toBe(body);
  });
});

describe("rateTiersField", () => {
  it("sends each tier's price in the API's unit and drops an empty size", () => {
    expect(rateTiersField(JSON.stringify([{ size: "1000", price: "0.02" }, { size: "", price: "0.015" }]), usd)).toEqual([
      { size: "1000", price: "2" },
      { size: undefined, price: "1.5" },
    ]);
    expect(rateTiersField(JSON.stringify([{ size: null, price: "3" }]), gpu)).toEqual([{ size: undefined, price: "3" }]);
  });

  it("passes on what is not a list, for the schema to name", () => {
    expect(rateTiersField(undefined, usd)).toBeUndefined();
    expect(rateTiersField("", usd)).toBeUndefined();
    expect(rateTiersField("[not json", usd)).toBe("[not json");
  });
});
