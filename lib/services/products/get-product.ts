import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readProduct, type ProductRecord } from "./product-record";
import { ZGetProduct, type TGetProduct } from "./schemas";

export async function getProduct(ctx: ServiceContext, input: TGetProduct, now = new Date()): Promise<ProductRecord> {
  const { id } = parseInput(ZGetProduct, input);
  return readProduct(ctx.db, id, now);
}
