import { AppError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { claimCustomFieldValues, definedKeys, lockKeys } from "./claim-values";
import { ENTITY_STORES, lockInstance, type CustomFields } from "./entities";
import { writeValues } from "./write-values";
import { ZSetCustomFieldValues, type TSetCustomFieldValues } from "./schemas";

/**
 * POST /v1/customFields/setValues: sets values on one instance, keeping its other keys, all or
 * none. As in Metronome, each key must have been defined for the entity (customFields/addKey),
 * and one that enforces uniqueness takes a value no other instance holds.
 */
export async function setCustomFieldValues(ctx: ServiceContext, input: TSetCustomFieldValues): Promise<CustomFields> {
  const { entity, entity_id: id, custom_fields: fields } = parseInput(ZSetCustomFieldValues, input);
  const store = ENTITY_STORES[entity];
  authorize(ctx.actor, store.permission);
  return ctx.db.$transaction(async (tx) => {
    const keys = Object.keys(fields);
    // Held until the end, so a key removed meanwhile cannot leave its value behind.
    await lockKeys(tx, entity, keys);
    const defined = await definedKeys(tx, entity, keys);
    const undefinedKeys = keys.filter((k) => !defined.has(k));
    if (undefinedKeys.length) {
      const issue = (k: string) => `${JSON.stringify(k)} is not a custom field key of ${entity}; define it with customFields/addKey first`;
      throw new AppError(
        "bad_request",
        `Invalid request: ${undefinedKeys.map((k) => `custom_fields.${k}: ${issue(k)}`).join("; ")}`,
        Object.fromEntries(undefinedKeys.map((k) => [`custom_fields.${k}`, issue(k)])),
      );
    }
    const instance = await lockInstance(tx, entity, id);
    if (!instance) throw new AppError("not_found", `No ${store.noun} has that entity_id.`);
    const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => instance.customFields[k] !== v));
    if (!Object.keys(changed).length) return instance.customFields;
    await claimCustomFieldValues(tx, entity, id, changed);
    const after = { ...instance.customFields, ...changed };
    return writeValues(tx, ctx.actor, "custom_fields.set", entity, id, instance, after);
  });
}
