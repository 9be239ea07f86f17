import { HOUR_MS } from "@/lib/billing/calendar";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { parseInput } from "@/lib/services/parse-input";
import { checkProductReferences } from "./check-product-references";
import { definitionOf, definitionToDb, readProduct, type ProductRecord } from "./product-record";
import { ZCreateProduct, type TCreateProduct } from "./schemas";

/**
 * Creates a product. Its first version starts at the hour it was created in: updates take
 * effect on hour boundaries, and one for the current hour would otherwise start before it.
 */
export async function createProduct(ctx: ServiceContext, input: TCreateProduct, now = new Date()): Promise<ProductRecord> {
  authorize(ctx.actor, "pricing:write");
  const { type, definition, customFields } = parseInput(ZCreateProduct, input);
  return ctx.db.$transaction(async (tx) => {
    await checkProductReferences(tx, type, definition);
    await claimCustomFieldValues(tx, "contract_product", null, customFields);
    const { id } = await tx.product.create({
      data: {
        type,
        customFields,
        createdBy: ctx.actor.name,
        versions: {
          create: {
            ...definitionToDb(definition),
            startingAt: new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS),
            createdBy: ctx.actor.name,
          },
        },
      },
      select: { id: true },
    });
    const product = await readProduct(tx, id, now);
    await recordAudit(tx, ctx.actor, {
      action: "product.create",
      objectType: "product",
      objectId: id,
      after: { type, ...definitionOf(product.initial), custom_fields: customFields },
    });
    return product;
  });
}
