import { firstSharedUsage, type SharedUsage, type UsageFilter } from "@/lib/billing/usage-filters";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { loadPricingContext } from "@/lib/services/billing/pricing-context";

// A customer's usage is billed by every live contract whose rate card prices it, so two live
// contracts of one customer that overlap in time and price the same usage product would bill the
// same events twice — unless their usage filters keep them apart: filters on the same group key
// with no value in common, in force on both throughout the overlap (lib/billing/usage-filters.ts).
// Anything else is refused, naming the contract, the dates, the products and why the filters do
// not separate them.

type Tx = Prisma.TransactionClient;

type ContractSpan = { id: string; customerId: string; rateCardId: string | null; startingAt: Date; endingBefore: Date | null };

const day = (d: Date) => d.toISOString().slice(0, 10);
const instant = (d: Date) => (d.getUTCHours() === 0 ? day(d) : d.toISOString());

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

async function filtersOf(tx: Tx, contractIds: string[]): Promise<Map<string, UsageFilter[]>> {
  const rows = await tx.contractUsageFilter.findMany({ where: { contractId: { in: contractIds } }, orderBy: { startingAt: "asc" }, select: { contractId: true, groupKey: true, groupValues: true, startingAt: true } });
  const byContract = new Map<string, UsageFilter[]>(contractIds.map((id) => [id, []]));
  for (const row of rows) byContract.get(row.contractId)!.push({ groupKey: row.groupKey, groupValues: row.groupValues, startingAt: row.startingAt });
  return byContract;
}

/** Why the filters do not keep the two apart, as a sentence's end ("this" is the contract being written). */
function because(shared: SharedUsage): string {
  const from = `from ${instant(shared.startingAt)}`;
  switch (shared.reason) {
    case "UNFILTERED":
      return shared.unfiltered === "both"
        ? `neither has a usage filter ${from}`
        : `${shared.unfiltered === "first" ? "this contract" : "that contract"} has no usage filter ${from}, so it takes all of the customer's usage`;
    case "OTHER_KEYS":
      return `${from} this contract filters by ${shared.groupKeys[0]} and that one by ${shared.groupKeys[1]}: one event can carry both`;
    case "SHARED_VALUES":
      return `${from} both filters take ${shared.groupKey} = ${shared.groupValues.join(", ")}`;
  }
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
 * Refuses `contract` (written in `tx`, not committed, with its usage filters) when another live
 * contract of its customer overlaps it in time, prices a usage product it prices too, and is not
 * kept apart from it by their usage filters. `field` names what the refusal is about. Takes the
 * customer's row lock first, so two such contracts (or filters) written at once cannot both pass.
 */
export async function refuseDoubleBilledUsage(tx: Tx, contract: ContractSpan, field = "starting_at"): Promise<void> {
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
  const filters = await filtersOf(tx, [contract.id, ...others.map((o) => o.id)]);
  for (const other of others) {
    const theirs = await usageProducts(tx, other.rateCardId!, other.startingAt);
    const shared = [...mine.keys()].filter((id) => theirs.has(id)).map((id) => mine.get(id)!);
    if (shared.length === 0) continue;
    const ends = [contract.endingBefore, other.endingBefore].filter((d): d is Date => d !== null);
    const overlap = {
      startingAt: contract.startingAt > other.startingAt ? contract.startingAt : other.startingAt,
      ...(ends.length ? { endingBefore: new Date(Math.min(...ends.map((d) => d.getTime()))) } : {}),
    };
    const apart = firstSharedUsage(filters.get(contract.id), filters.get(other.id), overlap);
    if (!apart) continue;
    const span = `from ${day(other.startingAt)} ${other.endingBefore ? `to ${day(other.endingBefore)}` : "with no end"}`;
    const named = shared.length > 3 ? `${shared.slice(0, 3).join(", ")} and ${shared.length - 3} more` : shared.join(", ");
    throw new AppError(
      "conflict",
      `The customer already has contract ${other.name ? `${other.name} (${other.id})` : other.id} ${span}, which prices the same usage (${named}), and ${because(apart)}: both would bill those events. ` +
        "Give both contracts usage filters on one group key with no value in common (usage_filter, or setUsageFilter), end or archive that contract first, or start this one when it ends.",
      { [field]: "Would bill usage a live contract of the customer bills too" },
    );
  }
}
