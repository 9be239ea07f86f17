import type { CustomFieldEntity } from "./entities";

export type CustomFieldKeyRecord = { entity: CustomFieldEntity; key: string; enforceUniqueness: boolean };

/** How the audit log names a key: its entity and its name are all it is. */
export const customFieldKeyId = (entity: CustomFieldEntity, key: string) => `${entity}/${key}`;
