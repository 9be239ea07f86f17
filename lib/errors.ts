import { BillingInputError } from "@/lib/billing/errors";

// The one error type services throw. Transports translate it: REST into `{"message"}` with the
// status below, server actions into a form error. Anything else is a bug: logged, never leaked.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field-level messages, keyed by the input's field path ("tiers.0.price"). */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/**
 * The refusal an error stands for, or undefined for a bug: an AppError itself, or the engine's
 * BillingInputError as a 400 — translated here once, for the REST API (errorResponse), server
 * actions (serverAction) and every reader that reports a refusal instead of failing. 400, not
 * 422: the engine refuses *input* — a rate, a schedule, contract terms or events it cannot bill —
 * and the error table's `unprocessable` is kept for a well-formed request that the state of what it
 * names forbids (an invoice not finalized, a balance that would go below zero, a period still open).
 */
export function appErrorOf(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof BillingInputError) return new AppError("bad_request", error.message, error.fields);
  return undefined;
}
