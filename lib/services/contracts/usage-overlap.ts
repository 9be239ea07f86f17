import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { loadPricingContext } from "@/lib/services/billing/pricing-context";

// A customer's usage is billed by every live contract whose rate card prices it, so two live
// contracts of one customer that overlap in time and price the same usage product would bill the
// same events twice. Metronome splits usage between such contracts with a usage filter (or keeps
// them apart with a uniqueness key per contract); Rateline does not split usage yet, so it refuses
// the overlap, naming the contract, the dates and the products.

type Tx = Prisma.TransactionClient;

type ContractSpan = { id: string; customerId: string; rateCardId: string | null; startingAt: Date; endingBefore: Date | null };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The usage products (those measured by a billable metric) a rate card prices, at any time. */
async function usageProducts(tx: Tx, rateCardId: string, at: Date): Promise<Map<string, string>> {
  const pricing = await loadPricingContext(tx, rateCardId, [], at);
  const found = new Map<string, string>();
  for (const productId of pricing.index.ratesByProduct.keys()) {
    const product = pricing.products.get(productId);
    if (product?.billableMetricId) found.set(productId, product.name);
  }
  return found;
}

/**
 * The lock that makes one customer's contracts change one at a time. FOR NO KEY UPDATE, not FOR
 * UPDATE: it does not wait for the key-share locks that rows referencing the customer take (the
 * close job's invoices hold one while their contract update queues the customer's billing
 * refresh, which waits for ours: FOR UPDATE here made that a deadlock).
 */
export async function lockCustomerContracts(tx: Tx, customerId: string): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT 1 FROM customer WHERE id = $1::uuid FOR NO KEY UPDATE`, customerId);
}

/**
 * Refuses `contract` (written in `tx`, not committed) when another live contract of its customer
 * overlaps it in time and prices a usage product it prices too. Takes the customer's contract
 * lock first, so two such contracts created at once cannot both pass.
 */
export async function refuseDoubleBilledUsage(tx: Tx, contract: ContractSpan): Promise<void> {
  if (!contract.rateCardId) return;
  await lockCustomerContracts(tx, contract.customerId);
  const others = await tx.contract.findMany({
    where: {
      customerId: contract.customerId,
      id: { not: contract.id },
      archivedAt: null,
      rateCardId: { not: null },
      ...(contract.endingBefore ? { startingAt: { lt: contract.endingBefore } } : {}),
      OR: [{ endingBefore: null }, { endingBefore: { gt: contract.startingAt } }],
    },
    orderBy: [{ startingAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, rateCardId: true, startingAt: true, endingBefore: true },
  });
  if (others.length === 0) return;
  const mine = await usageProducts(tx, contract.rateCardId, contract.startingAt);
  for (const other of others) {
    const theirs = await usageProducts(tx, other.rateCardId!, other.startingAt);
    const shared = [...mine.keys()].filter((id) => theirs.has(id)).map((id) => mine.get(id)!);
    if (shared.length === 0) continue;
    const span = `from ${day(other.startingAt)} ${other.endingBefore ? `to ${day(other.endingBefore)}` : "with no end"}`;
    const named = shared.length > 3 ? `${shared.slice(0, 3).join(", ")} and ${shared.length - 3} more` : shared.join(", ");
    throw new AppError(
      "conflict",
      `The customer already has contract ${other.name ? `${other.name} (${other.id})` : other.id} ${span}, which prices the same usage (${named}): both would bill those events. ` +
        "End or archive that contract first, or start this one when it ends; splitting a customer's usage between contracts with a usage_filter is not supported yet.",
      { starting_at: "Overlaps a live contract that bills the same usage" },
    );
  }
}
