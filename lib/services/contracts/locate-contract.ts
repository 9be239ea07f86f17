import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { pathId } from "@/lib/services/ids";
import { CONTRACT_NOT_FOUND } from "./contract-record";

/** The customer a contract belongs to, for pages addressed by the contract's id alone. */
export async function locateContract(ctx: ServiceContext, contractId: string): Promise<{ customerId: string; customerName: string }> {
  const row = await ctx.db.contract.findUnique({ where: { id: pathId(contractId, CONTRACT_NOT_FOUND) }, select: { customerId: true, customer: { select: { name: true } } } });
  if (!row) throw new AppError("not_found", CONTRACT_NOT_FOUND);
  return { customerId: row.customerId, customerName: row.customer.name };
}
