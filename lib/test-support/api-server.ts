import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import Metronome from "@metronome/sdk";
import { serverCommand } from "@/lib/server/server-command";
import { freshPostgresUrl, type DatabaseKind } from "@/lib/test-support/databases";

// The real Next.js production server on a free port, with its own empty database, and the
// official @metronome/sdk pointed at it. For PGlite the test reads the database through the
// server only (PGlite is one process's); a PostgreSQL-backed one can also be read directly.

export type ApiServer = {
  kind: DatabaseKind;
  url: string;
  pid: number;
  /** PostgreSQL-backed servers: the database, for direct assertions. */
  databaseUrl?: string;
  dataDir: string;
  token: string;
  client: Metronome;
  /** Raw HTTP with the API key, for what the SDK cannot send (bad bodies, wrong methods). */
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  output(): string;
  stop(): Promise<void>;
  /**
   * Stops the server process and starts a new one on the same database, data directory,
   * bootstrap token and RATELINE_SECRET (on another port). This server object is done with; the
   * returned one is stopped instead.
   */
  restart(): Promise<ApiServer>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** What a server runs on, kept across a restart. */
type ServerState = { kind: DatabaseKind; env: Record<string, string>; dataDir: string; token: string; secret: string; database?: { url: string; drop: () => Promise<void> } };

export async function startApiServer(kind: DatabaseKind, env: Record<string, string> = {}): Promise<ApiServer> {
  const database = kind === "postgresql" ? await freshPostgresUrl() : undefined;
  const state: ServerState = {
    kind,
    env,
    dataDir: mkdtempSync(path.join(os.tmpdir(), "rateline-api-")),
    token: `rl_test_${randomBytes(16).toString("hex")}`,
    secret: randomBytes(32).toString("hex"),
    database,
  };
  return launch(state);
}

async function launch(state: ServerState): Promise<ApiServer> {
  const { kind, dataDir, token, database } = state;
  const port = await freePort();
  let output = "";
  const { command, args } = serverCommand(port);
  const child: ChildProcess = spawn(command, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      RATELINE_DATA_DIR: dataDir,
      RATELINE_SEED: "none",
      RATELINE_BOOTSTRAP_TOKEN: token,
      RATELINE_SECRET: state.secret,
      DATABASE_URL: database?.url ?? "",
      ...state.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const halt = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 600) {
      await stop();
      throw new Error(`The server did not start:\n${output}`);
    }
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kind,
    url,
    pid: child.pid!,
    databaseUrl: database?.url,
    dataDir,
    token,
    client: new Metronome({ bearerToken: token, baseURL: url, maxRetries: 0 }),
    fetch: (p, init = {}) => {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
      if (json !== undefined) headers.set("content-type", "application/json");
      return fetch(url + p, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    output: () => output,
    stop,
    restart: async () => {
      await halt();
      return launch(state);
    },
  };
}
