import { describe, expect, it } from "vitest";
import { BillingInputError, explainRefusal } from "./errors";

const refuse = (): never => {
  throw new BillingInputError("rate 3: a FLAT rate cannot price a SUBSCRIPTION product");
};
const caught = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};

describe("explainRefusal", () => {
  it("returns what the computation returns, synchronous or not", async () => {
    expect(explainRefusal({ prefix: "x" }, () => 7)).toBe(7);
    await expect(explainRefusal({ prefix: "x" }, async () => 8)).resolves.toBe(8);
  });

  it.each([
    [{ prefix: "Contract 12 cannot be billed" }, "Contract 12 cannot be billed: rate 3: a FLAT rate cannot price a SUBSCRIPTION product", undefined],
    [{ field: "proposed_rate" }, "rate 3: a FLAT rate cannot price a SUBSCRIPTION product", { proposed_rate: "rate 3: a FLAT rate cannot price a SUBSCRIPTION product" }],
    [
      { prefix: "Invalid request: proposed_rate", field: "proposed_rate" },
      "Invalid request: proposed_rate: rate 3: a FLAT rate cannot price a SUBSCRIPTION product",
      { proposed_rate: "rate 3: a FLAT rate cannot price a SUBSCRIPTION product" },
    ],
  ])("%o says what was refused, synchronous and not", async (context, message, fields) => {
    for (const run of [() => explainRefusal(context, refuse), () => explainRefusal(context, async () => refuse())]) {
      const error = await caught(run);
      expect(error).toBeInstanceOf(BillingInputError);
      expect(error).toMatchObject({ message, fields, cause: expect.any(BillingInputError) });
    }
  });

  it("keeps the fields of an inner refusal when it names no field of its own", async () => {
    const inner = () => explainRefusal({ field: "schedule" }, refuse);
    expect(await caught(() => explainRefusal({ prefix: "Contract 1 cannot be billed" }, inner))).toMatchObject({
      message: "Contract 1 cannot be billed: rate 3: a FLAT rate cannot price a SUBSCRIPTION product",
      fields: { schedule: "rate 3: a FLAT rate cannot price a SUBSCRIPTION product" },
    });
  });

  it("lets any other error through unchanged", async () => {
    const bug = new TypeError("undefined is not a function");
    expect(await caught(() => explainRefusal({ prefix: "x" }, () => { throw bug; }))).toBe(bug);
    expect(await caught(() => explainRefusal({ prefix: "x" }, async () => { throw bug; }))).toBe(bug);
  });
});
