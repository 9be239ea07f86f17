import type { CustomFieldAddKeyParams, CustomFieldListKeysResponse } from "@metronome/sdk/resources/v1/custom-fields";
import type { CustomFieldKeyRecord } from "@/lib/services/custom-fields/custom-field-key-record";
import type { CustomFieldEntity, RefusedEntity } from "@/lib/services/custom-fields/entities";

// Custom field keys on Metronome's wire (v1/custom-fields.ts in @metronome/sdk).

type SdkEntity = CustomFieldAddKeyParams["entity"];
// The entities Rateline keeps and those it refuses are, together, exactly the SDK's: an entity
// the SDK adds fails to compile here until it is kept or refused with a reason.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const ENTITIES_MATCH_SDK: Exact<CustomFieldEntity | RefusedEntity, SdkEntity> = true;

export function customFieldKeyToWire(k: CustomFieldKeyRecord) {
  return { entity: k.entity, key: k.key, enforce_uniqueness: k.enforceUniqueness } satisfies CustomFieldListKeysResponse;
}
