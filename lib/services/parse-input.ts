import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { isStrictInput, unknownKeys } from "./strict-input";

export const NOT_A_FIELD = "is not a field of this request";

/**
 * Validates a service's input with its schema; a failure is a 400 naming every bad field. Within
 * an API request (strictInputScope) a key the schema does not declare is refused by name first.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  if (isStrictInput()) {
    const unknown = unknownKeys(schema, input);
    if (unknown.length) {
      throw new AppError("bad_request", `Invalid request: ${unknown.map((p) => `\`${p}\` ${NOT_A_FIELD}`).join("; ")}`, Object.fromEntries(unknown.map((p) => [p, NOT_A_FIELD])));
    }
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "(body)";
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  throw new AppError("bad_request", `Invalid request: ${summary}`, fields);
}
