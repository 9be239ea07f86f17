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
