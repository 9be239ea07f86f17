import type { Permission } from "@/lib/auth/roles";
import type { Prisma } from "@/lib/db/generated/client";
import { CustomFieldEntity } from "@/lib/db/generated/enums";

// Where each entity's custom field values live: a `custom_fields` jsonb column of the entity's
// own table, read by every response that returns them. Several of Metronome's entities share a
// table (commits, contract credits and credit grants are rows of `commit`), so each is its table
// and the condition that picks its rows. Table names and conditions are constants, never input.

type Tx = Prisma.TransactionClient;
export type CustomFields = Record<string, string>;
export { CustomFieldEntity };

type Store = {
  table: string;
  /** The rows of the table that are this entity's. */
  rows: string;
  /** The column naming the customer an instance belongs to, for its audit entry; null: none. */
  customerColumn: string | null;
  /** The audit entry's object type, as the entity's own changes record it. */
  objectType: string;
  /** How a message names an instance. */
  noun: string;
  /** Who may define its keys and set its values: whoever may change the entity itself. */
  permission: Permission;
  /** A column to stamp with the time of a change (the customer's "last changed"). */
  touched?: string;
};

export const ENTITY_STORES: Record<CustomFieldEntity, Store> = {
  customer: { table: "customer", rows: "TRUE", customerColumn: "id", objectType: "customer", noun: "customer", permission: "customers:write", touched: "updated_at" },
  contract: { table: "contract", rows: "TRUE", customerColumn: "customer_id", objectType: "contract", noun: "contract", permission: "customers:write" },
  contract_product: { table: "product", rows: "TRUE", customerColumn: null, objectType: "product", noun: "product", permission: "pricing:write" },
  rate_card: { table: "rate_card", rows: "TRUE", customerColumn: null, objectType: "rate_card", noun: "rate card", permission: "pricing:write" },
  billable_metric: { table: "billable_metric", rows: "TRUE", customerColumn: null, objectType: "billable_metric", noun: "billable metric", permission: "pricing:write" },
  commit: { table: "commit", rows: `kind = 'COMMIT'`, customerColumn: "customer_id", objectType: "commit", noun: "commit", permission: "customers:write" },
  contract_credit: { table: "commit", rows: `kind = 'CREDIT' AND NOT credit_grant`, customerColumn: "customer_id", objectType: "commit", noun: "credit", permission: "customers:write" },
  credit_grant: { table: "commit", rows: `kind = 'CREDIT' AND credit_grant`, customerColumn: "customer_id", objectType: "commit", noun: "credit grant", permission: "customers:write" },
  scheduled_charge: { table: "scheduled_charge", rows: `kind = 'CHARGE'`, customerColumn: "customer_id", objectType: "scheduled_charge", noun: "scheduled charge", permission: "customers:write" },
  discount: { table: "scheduled_charge", rows: `kind = 'DISCOUNT'`, customerColumn: "customer_id", objectType: "scheduled_charge", noun: "discount", permission: "customers:write" },
};

export const CUSTOM_FIELD_ENTITIES = Object.values(CustomFieldEntity);

/**
 * Every entity @metronome/sdk names (CustomFieldAddKeyParams["entity"]), and why Rateline keeps
 * no custom fields for those it does not (lib/http/wire/custom-fields.ts holds this list to the
 * SDK's at compile time).
 */
export const REFUSED_ENTITIES = {
  alert: "Rateline's alerts take no custom fields",
  charge: "plans-era charges are not Rateline's (use scheduled_charge)",
  customer_plan: "plans are not Rateline's (use contract)",
  plan: "plans are not Rateline's (use contract)",
  product: "`product` is a plans-era product; Rateline's products are `contract_product`",
  invoice: "invoices take no custom fields of their own yet",
  professional_service: "professional services are not supported",
  subscription: "subscriptions take no custom fields yet",
  package_commit: "custom fields on package terms are not supported yet",
  package_credit: "custom fields on package terms are not supported yet",
  package_subscription: "custom fields on package terms are not supported yet",
  package_scheduled_charge: "custom fields on package terms are not supported yet",
} as const;
export type RefusedEntity = keyof typeof REFUSED_ENTITIES;
export const SDK_ENTITIES = [...CUSTOM_FIELD_ENTITIES, ...(Object.keys(REFUSED_ENTITIES) as RefusedEntity[])];

const owner = (s: Store) => (s.customerColumn ? `"${s.customerColumn}"::text` : "NULL::text");

export type EntityInstance = { customFields: CustomFields; customerId: string | null };

/** An instance's custom fields and customer, its row locked until the transaction ends; null: no such instance. */
export async function lockInstance(tx: Tx, entity: CustomFieldEntity, id: string): Promise<EntityInstance | null> {
  const s = ENTITY_STORES[entity];
  const [row] = await tx.$queryRawUnsafe<{ custom_fields: CustomFields; customer_id: string | null }[]>(
    `SELECT "custom_fields", ${owner(s)} AS "customer_id" FROM "${s.table}" WHERE "id" = $1::uuid AND ${s.rows} FOR UPDATE`,
    id,
  );
  return row ? { customFields: row.custom_fields, customerId: row.customer_id } : null;
}

/** Replaces an instance's custom fields. */
export async function writeInstance(tx: Tx, entity: CustomFieldEntity, id: string, fields: CustomFields): Promise<void> {
  const s = ENTITY_STORES[entity];
  await tx.$executeRawUnsafe(`UPDATE "${s.table}" SET "custom_fields" = $2::jsonb${s.touched ? `, "${s.touched}" = now()` : ""} WHERE "id" = $1::uuid`, id, JSON.stringify(fields));
}

/** An instance other than `exceptId` whose `key` holds `value` (through the column's GIN index where it has one); null: none. */
export async function instanceHolding(tx: Tx, entity: CustomFieldEntity, key: string, value: string, exceptId: string | null): Promise<string | null> {
  const s = ENTITY_STORES[entity];
  const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id"::text FROM "${s.table}" WHERE "custom_fields" @> jsonb_build_object($1::text, $2::text) AND ${s.rows} AND ($3::uuid IS NULL OR "id" <> $3::uuid) LIMIT 1`,
    key,
    value,
    exceptId,
  );
  return row?.id ?? null;
}

/** A value of `key` that two or more instances hold; null: every value is held once. */
export async function valueHeldTwice(tx: Tx, entity: CustomFieldEntity, key: string): Promise<string | null> {
  const s = ENTITY_STORES[entity];
  const [row] = await tx.$queryRawUnsafe<{ value: string }[]>(
    `SELECT "custom_fields" ->> $1::text AS "value" FROM "${s.table}" WHERE "custom_fields" ? $1::text AND ${s.rows} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
    key,
  );
  return row?.value ?? null;
}

/** Removes `key` from every instance that holds it; the number of instances changed. */
export async function stripKey(tx: Tx, entity: CustomFieldEntity, key: string): Promise<number> {
  const s = ENTITY_STORES[entity];
  return tx.$executeRawUnsafe(`UPDATE "${s.table}" SET "custom_fields" = "custom_fields" - $1::text WHERE "custom_fields" ? $1::text AND ${s.rows}`, key);
}
