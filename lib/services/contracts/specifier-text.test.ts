import { describe, expect, it } from "vitest";
import { describeSpecifiers } from "./specifier-text";

const names = (id: string) => ({ p1: "LLM" })[id] ?? id;

describe("describeSpecifiers", () => {
  it.each([
    [[{ product_id: "p1" }], "LLM"],
    [[{ product_id: "p1", pricing_group_values: { model: "gpt-4" } }], "LLM, model = gpt-4"],
    [[{ product_tags: ["ai", "text"] }, { presentation_group_values: { region: "eu" } }], "tagged ai and text or region = eu"],
    [[{ product_id: "unknown", pricing_group_values: { model: "a" }, presentation_group_values: { region: "us" } }], "unknown, model = a, region = us"],
  ])("%j → %s", (specifiers, text) => {
    expect(describeSpecifiers(specifiers, names)).toBe(text);
  });
});
