import { SqlParams } from "@/lib/metering/sql-params";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { PRODUCT_SELECT, toProductRecord, type ProductRecord } from "./product-record";
import { ZListProducts, type TListProducts } from "./schemas";

/**
 * Products in cursor pages, by creation (Metronome's order) or by current name, optionally
 * searched by current name. A product's name lives on its versions, so one SQL query finds the
 * page's ids through each product's version in force now; the records are read after.
 */
export async function listProducts(ctx: ServiceContext, params: TListProducts, now = new Date()) {
  const input = parseInput(ZListProducts, params);
  const byName = input.sort === "name";
  const after = decodeKeysetCursor(input.next_page, byName ? "text" : "instant", "uuid");
  const p = new SqlParams();
  const conditions = [
    { ARCHIVED: "p.archived_at IS NOT NULL", NOT_ARCHIVED: "p.archived_at IS NULL", ALL: "TRUE" }[input.archive_filter],
  ];
  if (input.type) conditions.push(`p.type = ${p.add(input.type, "text")}::"ProductType"`);
  if (input.search) conditions.push(`strpos(lower(cur.name), lower(${p.add(input.search, "text")})) > 0`);
  const key = byName ? "cur.name" : "p.created_at";
  const direction = input.order === "asc" ? "ASC" : "DESC";
  if (after) {
    const k = after.key instanceof Date ? p.add(after.key.toISOString(), "timestamptz") : p.add(after.key, "text");
    conditions.push(`(${key}, p.id) ${input.order === "asc" ? ">" : "<"} (${k}, ${p.add(after.id, "uuid")})`);
  }
  const nowParam = p.add(now.toISOString(), "timestamptz");
  const rows = await ctx.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT p.id FROM product p
     CROSS JOIN LATERAL (
       SELECT v.name FROM product_version v WHERE v.product_id = p.id
       ORDER BY (v.starting_at <= ${nowParam}) DESC,
                CASE WHEN v.starting_at <= ${nowParam} THEN v.starting_at END DESC,
                v.starting_at ASC
       LIMIT 1
     ) cur
     WHERE ${conditions.join(" AND ")}
     ORDER BY ${key} ${direction}, p.id ${direction}
     LIMIT ${input.limit + 1}`,
    ...p.values,
  );
  const found = await ctx.db.product.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: PRODUCT_SELECT });
  const byId = new Map(found.map((row) => [row.id, toProductRecord(row, now)]));
  const records = rows.map((r) => byId.get(r.id)!);
  return toPage<ProductRecord>(records, input.limit, (product) =>
    keysetCursor({ key: byName ? product.current.name : product.createdAt, id: product.id }),
  );
}
