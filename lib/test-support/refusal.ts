import { expect } from "vitest";
import { AppError, appErrorOf } from "@/lib/errors";

/**
 * The refusal a service call ends in, as the transports translate it (appErrorOf: an AppError,
 * or the engine's BillingInputError), failing the test when it succeeds or throws anything else.
 */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  const refused = appErrorOf(error);
  expect(refused, `expected a refusal, got ${String(error)}`).toBeInstanceOf(AppError);
  return refused!;
}
