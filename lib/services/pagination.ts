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

/** A cursor's values by key; those named in `uuids` go into uuid columns, so a forged one that is not a UUID is refused here. */
export function decodeCursor<K extends string>(cursor: string | undefined, keys: readonly K[], uuids: readonly K[] = []): Record<K, string> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;
    if (keys.every((k) => typeof value[k] === "string") && uuids.every((k) => UUID.test(value[k] as string))) return value as Record<K, string>;
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

export const ZSortOrder = z.enum(["asc", "desc"]);
export type SortOrder = z.infer<typeof ZSortOrder>;

/** A position in a list sorted by one column then a unique tie-breaker (the row's id). */
export type KeysetPosition = { key: string | Date; id: string };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function keysetCursor(position: KeysetPosition): Record<string, string> {
  return { k: position.key instanceof Date ? position.key.toISOString() : position.key, id: position.id };
}

// Text PostgreSQL cannot take (a NUL, a lone surrogate): only a forged cursor holds it.
const UNSTORABLE = /\u0000|\p{Cs}/u;

/**
 * Reads a cursor made by keysetCursor. Its values go into typed columns (timestamps, uuids) or
 * text ones, so a forged one is refused here rather than by the database.
 */
export function decodeKeysetCursor(cursor: string | undefined, key: "text" | "instant", id: "uuid" | "text"): KeysetPosition | undefined {
  const value = decodeCursor(cursor, ["k", "id"] as const);
  if (!value) return undefined;
  if ((key === "instant" && !ISO_INSTANT.test(value.k)) || (id === "uuid" && !UUID.test(value.id)) || UNSTORABLE.test(value.k) || UNSTORABLE.test(value.id)) {
    throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  }
  return { key: key === "instant" ? new Date(value.k) : value.k, id: value.id };
}

/**
 * The Prisma WHERE and ORDER BY for the rows after `after` in (column, id) order. Callers cast
 * them to their model's input types: the column names are only known as strings here.
 */
export function keysetQuery(column: string, idColumn: string, order: SortOrder, after: KeysetPosition | undefined) {
  const op = order === "asc" ? "gt" : "lt";
  return {
    where: after ? { OR: [{ [column]: { [op]: after.key } }, { [column]: after.key, [idColumn]: { [op]: after.id } }] } : {},
    orderBy: [{ [column]: order }, { [idColumn]: order }],
  };
}

/**
 * The keyset of a list sorted by name or by creation time, then id: its WHERE, ORDER BY and
 * TAKE (one row more than the page, see toPage), and the cursor of a returned row.
 */
export function nameOrCreatedKeyset<W, O>(input: { sort?: "name" | "created_at"; order: SortOrder; next_page?: string; limit: number }) {
  const byName = input.sort === "name";
  const keyset = keysetQuery(byName ? "name" : "createdAt", "id", input.order, decodeKeysetCursor(input.next_page, byName ? "text" : "instant", "uuid"));
  return {
    where: keyset.where as W,
    query: { orderBy: keyset.orderBy as O[], take: input.limit + 1 },
    cursorOf: (row: { name: string; createdAt: Date; id: string }) => keysetCursor({ key: byName ? row.name : row.createdAt, id: row.id }),
  };
}

/** Live rows only unless archived ones are asked for. */
export const archivedFilter = (includeArchived: boolean | undefined) => (includeArchived ? {} : { archivedAt: null });
