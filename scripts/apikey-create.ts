// npm run apikey:create -- <name> [--scope full|read|ingest]: creates an API key and prints it once.
import { main } from "./run-cli-command";

await main("apikey:create", process.argv.slice(2));
