// Runs an operator command against the configured database: directly, or through the running
// server when it holds the embedded data directory (PGlite serves one process at a time).
import { ConfigError, loadConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/connection";
import { DataDirBusyError, readLockHolder } from "@/lib/db/data-dir-lock";
import { isAppError } from "@/lib/errors";
import { runCliCommand } from "@/lib/server/cli-commands";

async function viaServer(port: number, token: string, command: string, args: string[]) {
  const response = await fetch(`http://127.0.0.1:${port}/api/internal/cli`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-rateline-control-token": token },
    body: JSON.stringify({ command, args }),
  });
  const body = (await response.json()) as { output?: string; message?: string };
  if (!response.ok) throw new Error(body.message ?? `The server answered ${response.status}.`);
  return body.output!;
}

export async function main(command: string, args: string[]) {
  try {
    const cfg = loadConfig();
    const holder = cfg.database.mode === "pglite" ? readLockHolder(cfg.dataDir) : undefined;
    if (holder?.role === "server" && holder.port && holder.controlToken) {
      console.log(`(through the running server, pid ${holder.pid})`);
      console.log(await viaServer(holder.port, holder.controlToken, command, args));
      return;
    }
    const database = await openDatabase(cfg, { role: "cli" });
    try {
      console.log(await runCliCommand(database, command, args));
    } finally {
      await database.close();
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirBusyError || isAppError(error)) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
