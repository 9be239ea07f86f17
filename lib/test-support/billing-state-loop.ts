// A child process for crash tests of the billing-state job: runs it against the PostgreSQL
// database in argv[2] as of argv[3], two customers a batch, over and over, until it is killed.
import { openPostgres } from "@/lib/db/connection";
import { committedSeq } from "@/lib/metering/catalog";
import { rollUpNewEvents } from "@/lib/metering/rollup-job";
import { nextRefreshBatch, refreshCustomers } from "@/lib/services/billing-state/refresh-billing-state";
import { trackNewEvents } from "@/lib/services/billing-state/track-events";

const [url, at] = process.argv.slice(2);
const database = await openPostgres(url!);
const now = new Date(at!);
process.stdout.write("ready\n");
for (;;) {
  await rollUpNewEvents(database.prisma);
  await trackNewEvents(database.prisma, now, await committedSeq(database.prisma), 100n);
  const batch = await nextRefreshBatch(database.prisma, 2);
  if (batch.length) await refreshCustomers(database.prisma, batch, now);
  else await new Promise((r) => setTimeout(r, 10));
}
