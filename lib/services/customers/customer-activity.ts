import type { ServiceContext } from "@/lib/services/context";
import { countOf } from "@/lib/db/count";

export type CustomerActivity = {
  id: string;
  name: string;
  aliases: string[];
  eventsLastDay: number;
  eventsLastHour: number;
  lastEventAt: Date | null;
};

/** Live customers with how many events they sent recently, busiest first. */
export async function listCustomerActivity(ctx: ServiceContext, now: Date): Promise<CustomerActivity[]> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const hourAgo = new Date(now.getTime() - 3600_000);
  const [customers, counts] = await Promise.all([
    ctx.db.customer.findMany({
      where: { archivedAt: null },
      orderBy: { name: "asc" },
      select: { id: true, name: true, aliases: { select: { alias: true }, orderBy: { alias: "asc" } } },
    }),
    ctx.db.$queryRaw<{ customer_id: string; last_day: bigint; last_hour: bigint; last_at: Date | null }[]>`
      SELECT customer_id,
             count(*) AS last_day,
             count(*) FILTER (WHERE "timestamp" >= ${hourAgo}) AS last_hour,
             max("timestamp") AS last_at
      FROM usage_event
      WHERE customer_id IS NOT NULL AND "timestamp" >= ${dayAgo} AND "timestamp" < ${now}
      GROUP BY customer_id`,
  ]);
  const byCustomer = new Map(counts.map((c) => [c.customer_id, c]));
  return customers
    .map((c) => {
      const count = byCustomer.get(c.id);
      return {
        id: c.id,
        name: c.name,
        aliases: c.aliases.map((a) => a.alias),
        eventsLastDay: countOf(count?.last_day),
        eventsLastHour: countOf(count?.last_hour),
        lastEventAt: count?.last_at ?? null,
      };
    })
    .sort((a, b) => b.eventsLastDay - a.eventsLastDay || a.name.localeCompare(b.name));
}
