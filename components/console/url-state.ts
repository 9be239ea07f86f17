// List pages keep their state (search, filters, sort, page) in the URL, so a view can be
// reloaded, shared and navigated back to. These read it and build links that change it.

export type SearchParams = Record<string, string | string[] | undefined>;
export type ListParams = Record<string, string | undefined>;

/** The named parameters' first values; an empty value counts as absent. */
export function readParams<K extends string>(params: SearchParams, keys: readonly K[]): Record<K, string | undefined> {
  const read = {} as Record<K, string | undefined>;
  for (const key of keys) {
    const value = params[key];
    read[key] = (Array.isArray(value) ? value[0] : value) || undefined;
  }
  return read;
}

/** `value` when it is one of `allowed`, else the fallback: a hand-edited URL never breaks a page. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** A link to the list with some parameters changed. Any change starts again at the first page. */
export function hrefWith(pathname: string, params: ListParams, changes: ListParams = {}): string {
  const merged: ListParams = { ...params, next_page: undefined, ...changes };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${pathname}?${text}` : pathname;
}

/**
 * A sortable list's parameters: `keys` plus a sort among `sorts` (the first by default) and an
 * order (ascending for a name, else descending, unless the URL says), and the page cursor.
 */
export function readSortedParams<K extends string, S extends string>(params: SearchParams, keys: readonly K[], sorts: readonly [S, ...S[]]) {
  const raw = readParams(params, [...keys, "sort", "order", "next_page"] as const);
  const sort = oneOf(raw.sort, sorts, sorts[0]);
  return { ...raw, sort, order: oneOf(raw.order, ["asc", "desc"] as const, sort === "name" ? "asc" : "desc") };
}

/** A `YYYY-MM-DD` filter as the UTC midnight it names, or nothing when it is not a date. */
export function dayParam(text: string | undefined): Date | undefined {
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? new Date(`${text}T00:00:00Z`) : undefined;
}
