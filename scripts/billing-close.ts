// npm run billing:close -- [--at <ISO instant>]: finalizes every period that ended at least
// RATELINE_GRACE_HOURS before the instant and prints how many invoices it finalized.
import { main } from "./run-cli-command";

await main("billing:close", process.argv.slice(2));
