"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { jsonField, nameList, optional, utcInstant } from "@/lib/server/form-fields";
import { archiveProduct } from "@/lib/services/products/archive-product";
import { createProduct } from "@/lib/services/products/create-product";
import type { TCreateProduct, TUpdateProduct } from "@/lib/services/products/schemas";
import { updateProduct } from "@/lib/services/products/update-product";

const refresh = <T,>(productId: string, result: T) => {
  revalidatePath("/products");
  revalidatePath(`/products/${productId}`);
  revalidatePath("/rate-cards", "layout");
  return result;
};

/** A whole number typed in a form, or the text itself for the schema to refuse. */
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : text);

/**
 * The product form's fields as Metronome's body. The form renders the fields of the product's
 * type only; "none" in a conversion or rounding choice clears it (null), as the API allows.
 */
function definitionBody(input: Record<string, string>) {
  const body: Record<string, unknown> = { name: input.name ?? "", tags: nameList(input.tags) };
  if ("billable_metric_id" in input) {
    body.billable_metric_id = optional(input.billable_metric_id);
    body.pricing_group_key = jsonField(input.pricing_group_key) ?? [];
    body.presentation_group_key = jsonField(input.presentation_group_key) ?? [];
    body.quantity_conversion = input.conversion_operation
      ? { operation: input.conversion_operation, conversion_factor: input.conversion_factor ?? "" }
      : null;
    body.quantity_rounding = input.rounding_method ? { rounding_method: input.rounding_method, decimal_places: whole(input.rounding_places ?? "") } : null;
  }
  if ("composite_product_ids" in input) {
    body.composite_product_ids = jsonField(input.composite_product_ids) ?? [];
    body.composite_tags = nameList(input.composite_tags);
    body.exclude_free_usage = input.exclude_free_usage === "true";
  }
  return body;
}

export const createProductAction = serverAction(
  async (ctx, input) => {
    const product = await createProduct(ctx, { ...definitionBody(input), type: input.type ?? "" } as TCreateProduct);
    return refresh(product.id, { id: product.id, name: product.current.name });
  },
  (product) => `Created “${product.name}”.`,
);

export const updateProductAction = serverAction(
  async (ctx, input) => {
    const product = await updateProduct(ctx, {
      ...definitionBody(input),
      product_id: input.product_id ?? "",
      starting_at: utcInstant(input.starting_at) ?? "",
    } as TUpdateProduct);
    return refresh(product.id, { id: product.id, name: product.current.name });
  },
  () => "Change scheduled.",
);

export const archiveProductAction = serverAction(
  async (ctx, input) => {
    const product = await archiveProduct(ctx, { product_id: input.product_id ?? "" });
    return refresh(product.id, { id: product.id });
  },
  () => "Archived.",
);
