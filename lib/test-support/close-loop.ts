// A child process for crash tests of period close: closes periods against the PostgreSQL
// database in argv[2] as of argv[3] (grace argv[4] hours), over and over, printing "stored" after
// each invoice it finalizes, until it is killed.
import { openPostgres } from "@/lib/db/connection";
import { closePeriods } from "@/lib/services/invoices/close-periods";

const [url, at, grace] = process.argv.slice(2);
const database = await openPostgres(url!);
process.stdout.write("ready\n");
for (;;) {
  await closePeriods(database.prisma, new Date(at!), Number(grace), { afterInvoice: async () => void process.stdout.write("stored\n") });
  await new Promise((r) => setTimeout(r, 10));
}
