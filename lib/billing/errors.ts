/**
 * Input the engine refuses to bill from: a malformed rate, a negative event value, usage that
 * does not fit the plan. It is never a bug in the engine. The transports translate it, once, into
 * a 400 (lib/errors.ts appErrorOf); services only add what it was about (`explainRefusal`).
 */
export class BillingInputError extends Error {
  override readonly name = "BillingInputError";
  constructor(
    message: string,
    /** Field-level messages, keyed by the input's field path, when the caller knows the field. */
    readonly fields?: Record<string, string>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type RefusalContext = {
  /** Says what was refused, before the engine's reason: "Contract 12 cannot be billed". */
  prefix?: string;
  /** The input field the refusal is about; the engine's reason becomes that field's message. */
  field?: string;
};

function explained(error: unknown, { prefix, field }: RefusalContext): unknown {
  if (!(error instanceof BillingInputError)) return error;
  return new BillingInputError(prefix ? `${prefix}: ${error.message}` : error.message, field ? { [field]: error.message } : error.fields, { cause: error });
}

/**
 * Runs `compute` (synchronous or not); a BillingInputError it throws is thrown again saying what
 * was refused. Other errors pass through unchanged.
 */
export function explainRefusal<T>(context: RefusalContext, compute: () => T): T {
  let result: T;
  try {
    result = compute();
  } catch (error) {
    throw explained(error, context);
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      throw explained(error, context);
    }) as T;
  }
  return result;
}
