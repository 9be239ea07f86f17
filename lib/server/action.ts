import type { z } from "zod";
import { appErrorOf } from "@/lib/errors";
import { getPrisma } from "@/lib/server/database";
import { currentUser } from "@/lib/server/session";
import type { ServiceContext } from "@/lib/services/context";

// Every server action goes through here: authenticate, validate with the operation's schema
// (the same one the REST API uses, inside the service), call the service, and turn an AppError
// into a form state the page can show beside its fields. Unknown errors are logged, not leaked.

export type ActionState<R = unknown> = {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  /** What was submitted, so a form keeps its input after an error. */
  values?: Record<string, string>;
  result?: R;
};

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  formData.forEach((value, key) => {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  });
  return values;
}

export function serverAction<R>(
  run: (ctx: ServiceContext, input: Record<string, string>) => Promise<R>,
  success?: (result: R) => string,
) {
  return async (_previous: ActionState<R>, formData: FormData): Promise<ActionState<R>> => {
    const values = formValues(formData);
    const user = await currentUser();
    if (!user) return { ok: false, message: "Your session has ended; sign in again.", values };
    try {
      const result = await run({ db: await getPrisma(), actor: user }, values);
      return { ok: true, result, message: success?.(result) };
    } catch (error) {
      const refusal = appErrorOf(error);
      if (refusal) return { ok: false, message: refusal.message, fields: refusal.fields, values };
      console.error(error);
      return { ok: false, message: "Something went wrong on our side; nothing was changed.", values };
    }
  };
}

export type SchemaInput<S extends z.ZodType> = z.input<S>;
