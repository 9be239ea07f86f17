import type { Prisma } from "@/lib/db/generated/client";

// Rows that price contracts — rate cards, products, metrics, contract terms — are read on every
// draft invoice, balance and usage page, and change rarely. They are cached in the process under
// the billing catalog version (schema.prisma BillingCatalogVersion), which every change to them
// moves on in its own transaction: reading the version first and the rows after means a cached
// copy is never older than the version it is filed under, so a read never sees stale terms.

type Db = Prisma.TransactionClient;

/** The current catalog version (one indexed row). */
export async function catalogVersion(db: Db): Promise<bigint> {
  const [row] = await db.$queryRaw<{ version: bigint }[]>`SELECT version FROM billing_catalog_version WHERE id = 1`;
  return BigInt(row?.version ?? 0);
}

/** A bounded map, least recently used out first, of loads in flight or done (failures are forgotten). */
export class CatalogCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  /** Files rows read in bulk (for a batch about to be priced). */
  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, Promise.resolve(value));
    this.evict();
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Move to the most recent end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const loaded = load();
    this.entries.set(key, loaded);
    loaded.catch(() => {
      if (this.entries.get(key) === loaded) this.entries.delete(key);
    });
    this.evict();
    return loaded;
  }

  private evict() {
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
