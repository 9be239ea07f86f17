import { AppError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { lockKeys } from "./claim-values";
import { ENTITY_STORES, lockInstance, type CustomFields } from "./entities";
import { writeValues } from "./write-values";
import { ZDeleteCustomFieldValues, type TDeleteCustomFieldValues } from "./schemas";

/**
 * POST /v1/customFields/deleteValues: removes keys from one instance, keeping the others. A key
 * need not be defined (values given at creation need no defined key, and can be cleaned up this
 * way); one the instance does not hold is already gone.
 */
export async function deleteCustomFieldValues(ctx: ServiceContext, input: TDeleteCustomFieldValues): Promise<CustomFields> {
  const { entity, entity_id: id, keys } = parseInput(ZDeleteCustomFieldValues, input);
  const store = ENTITY_STORES[entity];
  authorize(ctx.actor, store.permission);
  return ctx.db.$transaction(async (tx) => {
    await lockKeys(tx, entity, keys);
    const instance = await lockInstance(tx, entity, id);
    if (!instance) throw new AppError("not_found", `No ${store.noun} has that entity_id.`);
    const gone = keys.filter((k) => k in instance.customFields);
    if (!gone.length) return instance.customFields;
    const after = Object.fromEntries(Object.entries(instance.customFields).filter(([k]) => !gone.includes(k)));
    return writeValues(tx, ctx.actor, "custom_fields.delete", entity, id, instance, after);
  });
}
