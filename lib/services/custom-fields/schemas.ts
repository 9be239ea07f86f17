import { z } from "zod";
import { ZFlag, ZId } from "@/lib/services/zod-fields";
import { CUSTOM_FIELD_ENTITIES, REFUSED_ENTITIES, SDK_ENTITIES } from "./entities";

// Metronome's custom field bodies (v1/custom-fields.ts in @metronome/sdk). Entities Rateline
// keeps no custom fields for are refused by name, with the reason (lib/http/sdk-fields.ts refuses
// them first in the API).

const ZEntity = z.enum(CUSTOM_FIELD_ENTITIES, {
  error: (issue) => {
    const reason = REFUSED_ENTITIES[issue.input as keyof typeof REFUSED_ENTITIES];
    return reason ? `${JSON.stringify(issue.input)} is not supported: ${reason}` : `Choose one of ${CUSTOM_FIELD_ENTITIES.join(", ")}`;
  },
});

// Metronome's limits: keys of at most 100 characters, values of at most 200.
const ZKey = z.string("Give the key").trim().min(1, "Give the key").max(100, "A custom field key is at most 100 characters");
const ZValue = z.string("Must be text").max(200, "A custom field value is at most 200 characters");

export const ZAddCustomFieldKey = z.object({
  entity: ZEntity,
  key: ZKey,
  enforce_uniqueness: ZFlag,
});
export type TAddCustomFieldKey = z.input<typeof ZAddCustomFieldKey>;

export const ZRemoveCustomFieldKey = z.object({ entity: ZEntity, key: ZKey });
export type TRemoveCustomFieldKey = z.input<typeof ZRemoveCustomFieldKey>;

// Listing asks for nothing to be written, so any entity the SDK names may be asked about: one
// Rateline keeps no custom fields for simply has no keys.
export const ZListCustomFieldKeys = z.object({
  entities: z.array(z.enum(SDK_ENTITIES, `Choose among ${SDK_ENTITIES.join(", ")}`)).max(SDK_ENTITIES.length).optional(),
  next_page: z.string().max(500).optional(),
});
export type TListCustomFieldKeys = z.input<typeof ZListCustomFieldKeys>;

export const ZSetCustomFieldValues = z.object({
  entity: ZEntity,
  entity_id: ZId,
  custom_fields: z
    .record(z.string().min(1, "A custom field needs a key").max(100, "A custom field key is at most 100 characters"), ZValue)
    .refine((fields) => Object.keys(fields).length > 0, "Give at least one key and value")
    .refine((fields) => Object.keys(fields).length <= 100, "At most 100 custom fields"),
});
export type TSetCustomFieldValues = z.input<typeof ZSetCustomFieldValues>;

export const ZDeleteCustomFieldValues = z.object({
  entity: ZEntity,
  entity_id: ZId,
  keys: z.array(z.string().min(1, "Give the key").max(100)).min(1, "Give at least one key").max(100, "At most 100 keys"),
});
export type TDeleteCustomFieldValues = z.input<typeof ZDeleteCustomFieldValues>;
