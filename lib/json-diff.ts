// What changed between two JSON values (an audit entry's before and after), as flat key paths
// ("commits.0.priority"), so a reader sees the changed keys rather than two documents.

export type JsonChange = { path: string; kind: "added" | "removed" | "changed"; before?: unknown; after?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isObject(value)) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    // An empty object or list is a value of its own: it shows where a key holds nothing.
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix || value !== undefined) {
    out.set(prefix, value);
  }
}

/** Every key path whose value differs, in the order the after (then the before) lists them. */
export function diffJson(before: unknown, after: unknown): JsonChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before !== null && before !== undefined) flatten(before, "", a);
  if (after !== null && after !== undefined) flatten(after, "", b);
  const changes: JsonChange[] = [];
  for (const [path, value] of b) {
    if (!a.has(path)) changes.push({ path, kind: "added", after: value });
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(value)) changes.push({ path, kind: "changed", before: a.get(path), after: value });
  }
  for (const [path, value] of a) if (!b.has(path)) changes.push({ path, kind: "removed", before: value });
  return changes;
}
