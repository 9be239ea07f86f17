import { z } from "zod";
import { AppError } from "@/lib/errors";

// Cursor pages, as in Metronome: `limit` and `next_page` in, `{data, next_page}` out. A cursor
// is the sort key of the last item returned, opaque to clients.

export const ZPageParams = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  next_page: z.string().max(500).optional(),
});
export type TPageParams = z.input<typeof ZPageParams>;

export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<K extends string>(cursor: string | undefined, keys: readonly K[]): Record<K, string> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;
    if (keys.every((k) => typeof value[k] === "string")) return value as Record<K, string>;
  } catch {
    // fall through to the refusal below
  }
  throw new AppError("bad_request", "next_page is not a cursor this API returned.");
}

/** Takes one more row than the page holds to learn whether another page follows. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Record<string, string>) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_page: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
