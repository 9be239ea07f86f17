import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { lockKeys } from "./claim-values";
import { customFieldKeyId } from "./custom-field-key-record";
import { ENTITY_STORES, stripKey } from "./entities";
import { ZRemoveCustomFieldKey, type TRemoveCustomFieldKey } from "./schemas";

/**
 * POST /v1/customFields/removeKey: takes `key` off `entity`'s allow list and, as Metronome says,
 * its values off every instance ("no longer accessible once the key is removed"), in one
 * transaction. The audit entry records how many instances lost a value.
 */
export async function removeCustomFieldKey(ctx: ServiceContext, input: TRemoveCustomFieldKey): Promise<void> {
  const { entity, key } = parseInput(ZRemoveCustomFieldKey, input);
  authorize(ctx.actor, ENTITY_STORES[entity].permission);
  await ctx.db.$transaction(async (tx) => {
    await lockKeys(tx, entity, [key]);
    const existing = await tx.customFieldKey.findUnique({ where: { entity_key: { entity, key } }, select: { id: true, enforceUniqueness: true } });
    if (!existing) throw new AppError("not_found", `No ${entity} key ${JSON.stringify(key)} is defined.`);
    await tx.customFieldKey.delete({ where: { id: existing.id } });
    const cleared = await stripKey(tx, entity, key);
    await recordAudit(tx, ctx.actor, {
      action: "custom_field_key.remove",
      objectType: "custom_field_key",
      objectId: customFieldKeyId(entity, key),
      before: { entity, key, enforce_uniqueness: existing.enforceUniqueness },
      after: { values_removed: cleared },
    });
  });
}
