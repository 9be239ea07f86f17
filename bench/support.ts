import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { buildIfNeeded } from "@/scripts/build-if-needed";

/** Benchmarks drive the production server, built from the current sources. */
export function ensureBuilt(): void {
  if (!buildIfNeeded()) throw new Error("next build failed");
}

// Benchmarks run against a PostgreSQL server: TEST_DATABASE_URL when set, otherwise a throwaway
// one on loopback started by .ci/postgres.sh (needs root, as on CI and these machines).
export function ensurePostgres(): string {
  if (!process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_URL = execFileSync("bash", [".ci/postgres.sh"], { encoding: "utf8" }).trim();
  }
  return process.env.TEST_DATABASE_URL;
}

/** Peak resident memory (VmHWM) of a process and its descendants, in MB. */
export function peakRssMb(pid: number): number {
  const pids = [pid, ...descendants(pid)];
  return Math.max(
    ...pids.map((p) => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
        return match ? Number(match[1]) / 1024 : 0;
      } catch {
        return 0;
      }
    }),
  );
}

function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return children.flatMap((c) => [c, ...descendants(c)]);
  } catch {
    return [];
  }
}

// /proc counts CPU time in clock ticks, 100 a second on Linux.
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) used so far by the processes whose command line matches. */
export function cpuSeconds(matches: (pid: number, commandLine: string) => boolean): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!matches(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8"))) continue;
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
