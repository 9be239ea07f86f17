"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { addCustomFieldKey } from "@/lib/services/custom-fields/add-custom-field-key";
import { deleteCustomFieldValues } from "@/lib/services/custom-fields/delete-custom-field-values";
import type { CustomFieldEntity } from "@/lib/services/custom-fields/entities";
import { setCustomFieldValues } from "@/lib/services/custom-fields/set-custom-field-values";

// The console's custom fields panel: the same services as /v1/customFields/*, one value at a time.

/** The console page that shows an entity's panel. */
const PAGES: Partial<Record<CustomFieldEntity, string>> = {
  customer: "/customers",
  contract: "/contracts",
  contract_product: "/products",
  rate_card: "/rate-cards",
};

const refresh = <T,>(entity: string | undefined, id: string | undefined, result: T) => {
  const page = PAGES[entity as CustomFieldEntity];
  if (page && id) revalidatePath(`${page}/${id}`);
  return result;
};

// The form's text is passed on as it is: the service's schema names whatever is wrong with it.
export const setCustomFieldValueAction = serverAction(
  async (ctx, input) => {
    const key = input.key ?? "";
    await setCustomFieldValues(ctx, { entity: input.entity as CustomFieldEntity, entity_id: input.entity_id ?? "", custom_fields: { [key]: input.value ?? "" } });
    return refresh(input.entity, input.entity_id, { key });
  },
  ({ key }) => `Saved ${key}.`,
);

export const deleteCustomFieldValueAction = serverAction(
  async (ctx, input) => {
    const key = input.key ?? "";
    await deleteCustomFieldValues(ctx, { entity: input.entity as CustomFieldEntity, entity_id: input.entity_id ?? "", keys: [key] });
    return refresh(input.entity, input.entity_id, { key });
  },
  ({ key }) => `Deleted ${key}.`,
);

export const addCustomFieldKeyAction = serverAction(
  async (ctx, input) => {
    const key = await addCustomFieldKey(ctx, { entity: input.entity as CustomFieldEntity, key: input.key ?? "", enforce_uniqueness: input.enforce_uniqueness === "on" });
    return refresh(input.entity, input.entity_id, { key: key.key });
  },
  ({ key }) => `Defined the key ${key}; give it a value below.`,
);
