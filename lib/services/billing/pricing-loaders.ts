import DataLoader from "dataloader";
import type { LedgerEntry } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { queryUsageBatch, type UsageBucket, type UsageRequest } from "@/lib/metering/usage-query";
import { COMMIT_SELECT, liveCommitsOf, toLedgerEntry, type CommitRow } from "@/lib/services/contracts/contract-record";
import { readCreditTypes, type CreditTypeRecord } from "@/lib/services/rate-cards/rate-card-record";
import { catalogVersion } from "./catalog-cache";

// Reads shared by many customers priced together (the billing-state refresh prices hundreds at
// once). Each customer's pricing runs the same code as a single live read; where it would make a
// query of its own, it asks a loader instead, and the loader makes one query for every customer
// waiting at that step (DataLoader batches what is asked for in the same tick). Results are kept
// for the loaders' lifetime: make a new set for each batch, so nothing outlives the snapshot of
// the inputs it was read under.

type Db = PrismaClient | Prisma.TransactionClient;

/** A ledger entry with its place in the ledger's order (timestamp, then creation), so entries loaded per commit merge back in order. */
type PlacedEntry = { entry: LedgerEntry; timestamp: number; createdAt: number };

export type PricingLoaders = {
  version(): Promise<bigint>;
  /** The ledger of these commits and credits, in the order readLedger returns it. */
  ledger(commitIds: readonly string[]): Promise<LedgerEntry[]>;
  commits: DataLoader<string, CommitRow[]>;
  usage: DataLoader<UsageRequest, UsageBucket[]>;
  creditTypes: DataLoader<string, CreditTypeRecord | undefined>;
};

/** Every key's value, or the first failure. */
export async function loadAll<K, V>(loader: DataLoader<K, V>, keys: readonly K[]): Promise<V[]> {
  return (await loader.loadMany(keys)).map((value) => {
    if (value instanceof Error) throw value;
    return value;
  });
}

/**
 * Usage requests per query. Requests that differ only in their customer share one branch of the
 * UNION, so a batch of customers on a few rate cards is one or two queries; the bound keeps a
 * batch whose periods all differ within PostgreSQL's bind parameters.
 */
const USAGE_PER_QUERY = 1000;

export function pricingLoaders(db: Db): PricingLoaders {
  let version: Promise<bigint> | undefined;
  const ledger = new DataLoader<string, PlacedEntry[]>(async (ids) => {
    const rows = await db.ledgerEntry.findMany({ where: { commitId: { in: [...ids] } }, orderBy: [{ timestamp: "asc" }, { createdAt: "asc" }] });
    const byCommit = new Map<string, PlacedEntry[]>(ids.map((id) => [id, []]));
    for (const row of rows) byCommit.get(row.commitId)!.push({ entry: toLedgerEntry(row), timestamp: row.timestamp.getTime(), createdAt: row.createdAt.getTime() });
    return ids.map((id) => byCommit.get(id)!);
  });
  return {
    version: () => (version ??= catalogVersion(db)),
    async ledger(commitIds) {
      if (commitIds.length === 0) return [];
      const placed = (await loadAll(ledger, [...new Set(commitIds)])).flat();
      return placed.sort((a, b) => a.timestamp - b.timestamp || a.createdAt - b.createdAt).map((p) => p.entry);
    },
    commits: new DataLoader(async (customerIds) => {
      const rows = await db.commit.findMany({
        where: liveCommitsOf({ in: [...customerIds] }),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: COMMIT_SELECT,
      });
      const byCustomer = new Map<string, CommitRow[]>(customerIds.map((id) => [id, []]));
      for (const row of rows) byCustomer.get(row.customerId)!.push(row);
      return customerIds.map((id) => byCustomer.get(id)!);
    }),
    usage: new DataLoader((requests) => queryUsageBatch(db, requests), { cache: false, maxBatchSize: USAGE_PER_QUERY }),
    creditTypes: new DataLoader(async (ids) => {
      const found = await readCreditTypes(db, ids);
      return ids.map((id) => found.get(id));
    }),
  };
}
