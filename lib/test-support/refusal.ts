import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** The AppError a service call is refused with (failing the test when it succeeds or throws anything else). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
