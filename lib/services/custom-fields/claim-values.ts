import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { ENTITY_STORES, instanceHolding, type CustomFieldEntity, type CustomFields } from "./entities";

type Tx = Prisma.TransactionClient;

/**
 * Serializes every write of `keys` on `entity` (values set or deleted, the key added or removed)
 * until the transaction ends. Locks are taken in key order, so two writers never deadlock.
 */
export async function lockKeys(tx: Tx, entity: CustomFieldEntity, keys: Iterable<string>): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1::text))`, `rateline: custom field ${entity} ${key}`);
  }
}

/** The keys of `entity` that are defined, with whether each enforces uniqueness. */
export async function definedKeys(tx: Tx, entity: CustomFieldEntity, keys: Iterable<string>): Promise<Map<string, boolean>> {
  const rows = await tx.customFieldKey.findMany({ where: { entity, key: { in: [...new Set(keys)] } }, select: { key: true, enforceUniqueness: true } });
  return new Map(rows.map((r) => [r.key, r.enforceUniqueness]));
}

/**
 * Claims the values `fields` gives an instance of `entity` (`id`, or null for one not written
 * yet) for the keys that enforce uniqueness: one another instance already holds is refused with
 * a 409 naming `<field>.<key>`. Call it in the writing transaction, before the write; the keys'
 * locks are held until it ends, so two writers of one value cannot both pass. Keys that are not
 * defined are not checked here (only customFields/setValues requires a defined key).
 */
export async function claimCustomFieldValues(tx: Tx, entity: CustomFieldEntity, id: string | null, fields: CustomFields | undefined, field = "custom_fields"): Promise<void> {
  const keys = Object.keys(fields ?? {});
  if (!keys.length) return;
  const unique = [...(await definedKeys(tx, entity, keys))].filter(([, enforced]) => enforced).map(([key]) => key);
  if (!unique.length) return;
  await lockKeys(tx, entity, unique);
  for (const key of unique) {
    const value = fields![key]!;
    const holder = await instanceHolding(tx, entity, key, value, id);
    if (holder) {
      const message = `Another ${ENTITY_STORES[entity].noun} (${holder}) already has ${JSON.stringify(value)} for ${key}, a key that enforces uniqueness`;
      throw new AppError("conflict", `${field}.${key}: ${message}.`, { [`${field}.${key}`]: message });
    }
  }
}

/** `fields` without the keys that enforce uniqueness: what a copy of an instance may keep. */
export async function withoutUniqueValues(tx: Tx, entity: CustomFieldEntity, fields: CustomFields): Promise<CustomFields> {
  const defined = await definedKeys(tx, entity, Object.keys(fields));
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !defined.get(key)));
}
