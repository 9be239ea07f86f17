import type { NextRequest } from "next/server";

/**
 * A request's query string as a plain object for a service's schema. Metronome's SDK sends an
 * array as one comma-separated value (`customer_ids=a,b`); repeated keys are taken too.
 */
export function queryParams(request: NextRequest, arrays: readonly string[] = []): Record<string, string | string[]> {
  const search = request.nextUrl.searchParams;
  const params: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    params[key] = arrays.includes(key) ? search.getAll(key).flatMap((v) => v.split(",")).filter((v) => v !== "") : search.get(key)!;
  }
  return params;
}
