import { AsyncLocalStorage } from "node:async_hooks";
import type { z } from "zod";

// The REST API never drops a field silently: a key its operation's schema does not know, at any
// depth, is refused by name. Console forms carry inputs of their own (buttons, UI-only fields), so
// strictness holds within an API request only: the API's wrapper runs its handler inside
// `strictInputScope`, and parseInput walks the input against the schema there.

const scope = new AsyncLocalStorage<true>();

/** Runs `fn` with every parseInput inside it refusing keys its schema does not know. */
export function strictInputScope<T>(fn: () => T): T {
  return scope.run(true, fn);
}

export const isStrictInput = () => scope.getStore() === true;

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "readonly", "catch"]);

/** The schema a value is checked against first: through wrappers, a pipe's input side, a lazy's target. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (let s = schema; ; ) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type)) s = def.innerType as z.ZodType;
    else if (def.type === "pipe") s = def.in as z.ZodType;
    else if (def.type === "lazy") s = (def.getter as () => z.ZodType)();
    else return s;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The paths ("commits.0.specifiers") of the keys in `input` that `schema` does not declare. An
 * object with an explicit catchall (`z.looseObject`, a record) takes any key; a union takes a key
 * any of its object options declares, checked against the option that fits best.
 */
export function unknownKeys(schema: z.ZodType, input: unknown, path: string[] = []): string[] {
  if (input === null || input === undefined) return [];
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case "object": {
      if (!isPlainObject(input)) return [];
      const shape = def.shape as Record<string, z.ZodType>;
      const catchall = def.catchall as z.ZodType | undefined;
      const open = catchall !== undefined && defOf(catchall).type !== "never";
      const found: string[] = [];
      for (const [key, value] of Object.entries(input)) {
        const child = shape[key] ?? (open ? catchall : undefined);
        if (child) found.push(...unknownKeys(child, value, [...path, key]));
        else found.push([...path, key].join("."));
      }
      return found;
    }
    case "array":
      return Array.isArray(input) ? input.flatMap((item, i) => unknownKeys(def.element as z.ZodType, item, [...path, String(i)])) : [];
    case "tuple":
      return Array.isArray(input) ? input.flatMap((item, i) => ((def.items as z.ZodType[])[i] ? unknownKeys((def.items as z.ZodType[])[i]!, item, [...path, String(i)]) : [])) : [];
    case "record":
      return isPlainObject(input) ? Object.entries(input).flatMap(([key, value]) => unknownKeys(def.valueType as z.ZodType, value, [...path, key])) : [];
    case "union": {
      let best: string[] | undefined;
      for (const option of def.options as z.ZodType[]) {
        const found = unknownKeys(option, input, path);
        if (!best || found.length < best.length) best = found;
        if (found.length === 0) break;
      }
      return best ?? [];
    }
    case "intersection": {
      const right = new Set(unknownKeys(def.right as z.ZodType, input, path));
      return unknownKeys(def.left as z.ZodType, input, path).filter((p) => right.has(p));
    }
    default:
      return [];
  }
}
