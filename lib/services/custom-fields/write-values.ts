import type { Prisma } from "@/lib/db/generated/client";
import type { CustomFieldEntity } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";
import { ENTITY_STORES, writeInstance, type CustomFields, type EntityInstance } from "./entities";

/** Replaces a locked instance's custom fields with `after` and audits the change as `action`; returns `after`. */
export async function writeValues(
  tx: Prisma.TransactionClient,
  actor: Actor,
  action: "custom_fields.set" | "custom_fields.delete",
  entity: CustomFieldEntity,
  id: string,
  instance: EntityInstance,
  after: CustomFields,
): Promise<CustomFields> {
  await writeInstance(tx, entity, id, after);
  await recordAudit(tx, actor, {
    action,
    objectType: ENTITY_STORES[entity].objectType,
    objectId: id,
    customerId: instance.customerId,
    before: { custom_fields: instance.customFields },
    after: { custom_fields: after },
  });
  return after;
}
