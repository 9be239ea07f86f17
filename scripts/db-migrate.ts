// npm run db:migrate: applies pending migrations (the server also does this as it starts).
import { main } from "./run-cli-command";

await main("db:migrate", []);
