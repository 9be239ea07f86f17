/**
 * Input the engine refuses to bill from: a malformed rate, a negative event value, usage that
 * does not fit the plan. Services translate it into a 4xx; it is never a bug in the engine.
 */
export class BillingInputError extends Error {
  override readonly name = "BillingInputError";
}
