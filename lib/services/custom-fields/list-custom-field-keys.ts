import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { decodeCursor, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import type { CustomFieldKeyRecord } from "./custom-field-key-record";
import { CUSTOM_FIELD_ENTITIES, type CustomFieldEntity } from "./entities";
import { ZListCustomFieldKeys, type TListCustomFieldKeys } from "./schemas";

// Metronome's listKeys takes no limit; a page holds this many keys.
const KEYS_PER_PAGE = 100;

const isEntity = (e: string): e is CustomFieldEntity => (CUSTOM_FIELD_ENTITIES as string[]).includes(e);
const rank = (e: string) => (CUSTOM_FIELD_ENTITIES as string[]).indexOf(e);

/** POST /v1/customFields/listKeys: the defined keys, by entity then key, in cursor pages. */
export async function listCustomFieldKeys(ctx: ServiceContext, input: TListCustomFieldKeys): Promise<{ data: CustomFieldKeyRecord[]; next_page: string | null }> {
  const q = parseInput(ZListCustomFieldKeys, input);
  const after = decodeCursor(q.next_page, ["entity", "key"] as const);
  // Its values go into an enum and a text column: only a forged cursor holds others.
  if (after && (!isEntity(after.entity) || /\u0000|\p{Cs}/u.test(after.key))) throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  // No list (or an empty one) asks for every entity; those Rateline keeps no custom fields for have no keys.
  const entities = (q.entities?.length ? q.entities : CUSTOM_FIELD_ENTITIES).filter(isEntity);
  const rows = await ctx.db.customFieldKey.findMany({
    where: {
      entity: { in: entities },
      // PostgreSQL orders an enum as it was declared, which is the order of CUSTOM_FIELD_ENTITIES.
      ...(after ? { OR: [{ entity: { in: entities.filter((e) => rank(e) > rank(after.entity)) } }, { entity: after.entity as CustomFieldEntity, key: { gt: after.key } }] } : {}),
    },
    orderBy: [{ entity: "asc" }, { key: "asc" }],
    take: KEYS_PER_PAGE + 1,
    select: { entity: true, key: true, enforceUniqueness: true },
  });
  return toPage(rows, KEYS_PER_PAGE, (r) => ({ entity: r.entity, key: r.key }));
}
