import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { USD_CENTS } from "./money";
import { professionalServiceLines, type ProfessionalServiceTerm } from "./professional-services";

const d = (v: number | string) => new Decimal(v);
const AT = new Date("2024-03-10T00:00:00Z");
// 20 onboarding days at 15,000¢, up to 400,000¢; training hours at 2,000.5¢, up to 30,000¢.
const terms: ProfessionalServiceTerm[] = [
  { id: "onboarding", productId: "svc", name: "Onboarding", maxAmount: d(400000), unitPrice: d(15000) },
  { id: "training", productId: "svc", name: "Training", maxAmount: d(30000), unitPrice: d("2000.5") },
];
const lines = (charges: Parameters<typeof professionalServiceLines>[1], invoiced = new Map<string, Decimal>()) =>
  professionalServiceLines(terms, charges, invoiced, USD_CENTS, AT).map((l) => [l.name, l.quantity!.toFixed(), l.unitPrice!.toFixed(), l.total.toFixed()]);

describe("professional service lines", () => {
  it.each([
    ["a quantity at the term's price", { professionalServiceId: "onboarding", quantity: d(5) }, ["Onboarding", "5", "15000", "75000"]],
    ["a quantity at the term's half-cent price, rounded half-up", { professionalServiceId: "training", quantity: d(3) }, ["Training", "3", "2000.5", "6002"]],
    ["a quantity at a given price", { professionalServiceId: "training", quantity: d("1.5"), unitPrice: d(1999) }, ["Training", "1.5", "1999", "2999"]],
    ["an amount, as one unit", { professionalServiceId: "onboarding", amount: d(25000) }, ["Onboarding", "1", "25000", "25000"]],
    ["a half-cent amount, rounded half-up", { professionalServiceId: "onboarding", amount: d("10.5") }, ["Onboarding", "1", "10.5", "11"]],
  ])("%s", (_, charge, line) => {
    expect(lines([charge])).toEqual([line]);
  });

  it("counts what is invoiced already and earlier lines of the same request toward max_amount", () => {
    const invoiced = new Map([["onboarding", d(300000)]]);
    expect(lines([{ professionalServiceId: "onboarding", amount: d(100000) }], invoiced)).toEqual([["Onboarding", "1", "100000", "100000"]]);
    expect(() => lines([{ professionalServiceId: "onboarding", amount: d(100001) }], invoiced)).toThrow(
      "line_items.0.amount: 100001 would bring professional service onboarding to 400001, past its max_amount of 400000 (300000 invoiced already)",
    );
    expect(() => lines([{ professionalServiceId: "onboarding", quantity: d(4) }, { professionalServiceId: "onboarding", quantity: d(3) }], invoiced)).toThrow("line_items.1.quantity: 45000 would bring");
    // The rounded total is what counts: 14.9962 hours × 2,000.5¢ = 29,999.8981¢ → 30,000¢, exactly the maximum.
    expect(lines([{ professionalServiceId: "training", quantity: d("14.9962") }])).toEqual([["Training", "14.9962", "2000.5", "30000"]]);
  });

  it("refuses a term the contract does not have, and a line that is neither an amount nor a quantity", () => {
    expect(() => lines([{ professionalServiceId: "other", amount: d(1) }])).toThrow("line_items.0.professional_service_id: the contract has no professional service with this id");
    expect(() => lines([{ professionalServiceId: "onboarding" }])).toThrow("line_items.0.amount: give an amount, or a quantity");
    expect(() => lines([{ professionalServiceId: "onboarding", unitPrice: d(1) }])).toThrow("line_items.0.quantity: a unit_price needs a quantity");
    expect(() => lines([{ professionalServiceId: "onboarding", amount: d(1), quantity: d(1) }])).toThrow("not both");
  });
});
