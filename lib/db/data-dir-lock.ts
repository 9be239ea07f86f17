import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// PGlite is one process's database: two processes opening the same folder corrupt it. Whoever
// opens it holds this lock file; a command that finds the running server holding it talks to
// the server instead (its port and a control token are in the file, readable by the owner only).

export type LockHolder = { pid: number; role: "server" | "cli"; port?: number; controlToken?: string };

export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      holder.role === "server"
        ? `The Rateline server (pid ${holder.pid}) holds the data directory ${dataDir}; stop it first or run this against the server.`
        : `Another Rateline command (pid ${holder.pid}) is using the data directory ${dataDir}; wait for it to finish.`,
    );
  }
}

const lockPath = (dataDir: string) => path.join(dataDir, "rateline.lock");

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Who holds the data directory, if a live process does. */
export function readLockHolder(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockHolder;
    return holder.pid !== process.pid && isAlive(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(
  dataDir: string,
  role: LockHolder["role"],
  port?: number,
): { holder: LockHolder; release: () => void } {
  const holder: LockHolder = { pid: process.pid, role, port };
  if (role === "server") holder.controlToken = randomBytes(24).toString("base64url");
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockPath(dataDir), JSON.stringify(holder), { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const current = readLockHolder(dataDir);
      if (current) throw new DataDirBusyError(dataDir, current);
      rmSync(lockPath(dataDir), { force: true }); // left by a process that died
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    rmSync(lockPath(dataDir), { force: true });
  };
  process.on("exit", release);
  return { holder, release };
}
