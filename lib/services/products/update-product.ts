import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { checkProductReferences } from "./check-product-references";
import { definitionOf, definitionToDb, readProduct, versionAt, type ProductRecord } from "./product-record";
import { ZUpdateProduct, type TUpdateProduct } from "./schemas";

/**
 * Changes a product from `starting_at` on (past or future, on the hour) and keeps its history:
 * the change is a new version, in force until the next one. Fields the update leaves out keep
 * their values from the version in force at `starting_at`. The type never changes (Metronome:
 * create a new product and archive this one instead).
 */
export async function updateProduct(ctx: ServiceContext, input: TUpdateProduct, now = new Date()): Promise<ProductRecord> {
  authorize(ctx.actor, "pricing:write");
  const update = parseInput(ZUpdateProduct, input);
  if (update.changed.length === 0) {
    throw new AppError("bad_request", "Invalid request: give at least one field to change (name, tags, …).", { name: "Give at least one field to change" });
  }
  return ctx.db.$transaction(async (tx) => {
    // One update of a product at a time, so two for the same hour cannot both pass the check below.
    await tx.$queryRawUnsafe("SELECT id FROM product WHERE id = $1::uuid FOR UPDATE", update.productId);
    const product = await readProduct(tx, update.productId, now);
    if (product.archivedAt) throw new AppError("conflict", "This product is archived; archived products cannot be changed.");
    const at = update.startingAt;
    if (at < product.initial.startingAt) {
      throw new AppError("bad_request", `Invalid request: starting_at: must not be before the product was created (${product.initial.startingAt.toISOString()})`, {
        starting_at: `Must not be before the product was created (${product.initial.startingAt.toISOString()})`,
      });
    }
    if (product.versions.some((v) => v.startingAt.getTime() === at.getTime())) {
      throw new AppError("conflict", `A version of this product already starts at ${at.toISOString()}; choose another hour.`, {
        starting_at: "A version already starts at this hour",
      });
    }
    const base = versionAt(product.versions, at);
    const definition = update.apply(base);
    await checkProductReferences(tx, product.type, definition, { id: product.id, definition: base });
    await tx.productVersion.create({
      data: { ...definitionToDb(definition), productId: product.id, startingAt: at, createdBy: ctx.actor.name },
    });
    await recordAudit(tx, ctx.actor, {
      action: "product.update",
      objectType: "product",
      objectId: product.id,
      before: definitionOf(base),
      after: { ...definition, startingAt: at },
    });
    return readProduct(tx, product.id, now);
  });
}
