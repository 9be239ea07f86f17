import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readProduct, type ProductRecord } from "./product-record";
import { ZArchiveProduct, type TArchiveProduct } from "./schemas";

/**
 * Archives a product, as in Metronome: rates already on rate cards keep pricing it, but it takes
 * no new rates and cannot be unarchived. Archiving twice changes nothing.
 */
export async function archiveProduct(ctx: ServiceContext, input: TArchiveProduct, now = new Date()): Promise<ProductRecord> {
  authorize(ctx.actor, "pricing:write");
  const { product_id } = parseInput(ZArchiveProduct, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readProduct(tx, product_id, now);
    if (before.archivedAt) return before;
    await tx.product.update({ where: { id: product_id }, data: { archivedAt: now } });
    await recordAudit(tx, ctx.actor, {
      action: "product.archive",
      objectType: "product",
      objectId: product_id,
      before: { archivedAt: null },
      after: { archivedAt: now },
    });
    return { ...before, archivedAt: now };
  });
}
