import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { lockKeys } from "./claim-values";
import { ENTITY_STORES, valueHeldTwice } from "./entities";
import { customFieldKeyId, type CustomFieldKeyRecord } from "./custom-field-key-record";
import { ZAddCustomFieldKey, type TAddCustomFieldKey } from "./schemas";

/**
 * POST /v1/customFields/addKey: lets customFields/setValues set `key` on `entity`. Adding a key
 * again as it is defined changes nothing (a retry is safe); defining it again differently is a
 * 409 (remove it first). A key that enforces uniqueness is refused while two instances already
 * hold one value for it (values given at creation need no defined key).
 */
export async function addCustomFieldKey(ctx: ServiceContext, input: TAddCustomFieldKey): Promise<CustomFieldKeyRecord> {
  const { entity, key, enforce_uniqueness: enforceUniqueness } = parseInput(ZAddCustomFieldKey, input);
  authorize(ctx.actor, ENTITY_STORES[entity].permission);
  return ctx.db.$transaction(async (tx) => {
    await lockKeys(tx, entity, [key]);
    const existing = await tx.customFieldKey.findUnique({ where: { entity_key: { entity, key } }, select: { enforceUniqueness: true } });
    const record = { entity, key, enforceUniqueness };
    if (existing) {
      if (existing.enforceUniqueness === enforceUniqueness) return record;
      const how = existing.enforceUniqueness ? "enforcing uniqueness" : "not enforcing uniqueness";
      throw new AppError("conflict", `The ${entity} key ${JSON.stringify(key)} is already defined, ${how}; remove it first to define it again.`);
    }
    if (enforceUniqueness) {
      const twice = await valueHeldTwice(tx, entity, key);
      if (twice !== null) {
        throw new AppError("conflict", `Two or more ${ENTITY_STORES[entity].noun}s already have ${JSON.stringify(twice)} for ${JSON.stringify(key)}, so it cannot enforce uniqueness; change or delete those values first.`);
      }
    }
    await tx.customFieldKey.create({ data: { entity, key, enforceUniqueness, createdBy: ctx.actor.name } });
    await recordAudit(tx, ctx.actor, { action: "custom_field_key.add", objectType: "custom_field_key", objectId: customFieldKeyId(entity, key), after: { entity, key, enforce_uniqueness: enforceUniqueness } });
    return record;
  });
}
