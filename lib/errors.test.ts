import { describe, expect, it } from "vitest";
import { BillingInputError } from "@/lib/billing/errors";
import { AppError, appErrorOf } from "./errors";

describe("appErrorOf", () => {
  it("is an AppError itself", () => {
    const error = new AppError("unprocessable", "Only a FINALIZED invoice can be voided.");
    expect(appErrorOf(error)).toBe(error);
  });

  it("makes the engine's refusal a 400 with its message and fields", () => {
    const refusal = appErrorOf(new BillingInputError("schedule: the recurring schedule must start before it ends", { schedule: "the recurring schedule must start before it ends" }));
    expect(refusal).toBeInstanceOf(AppError);
    expect([refusal!.status, refusal!.message, refusal!.fields]).toEqual([400, "schedule: the recurring schedule must start before it ends", { schedule: "the recurring schedule must start before it ends" }]);
  });

  it("is undefined for anything else (a bug: logged, never shown)", () => {
    expect(appErrorOf(new TypeError("x is undefined"))).toBeUndefined();
    expect(appErrorOf("a string")).toBeUndefined();
    expect(appErrorOf(undefined)).toBeUndefined();
  });
});
