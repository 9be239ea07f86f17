import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Database } from "@/lib/db/connection";
import { bootstrap } from "@/lib/services/bootstrap";
import { CLOSE_AT, CLOSED_INVOICES, closeScenario } from "@/lib/test-support/close-scenario";
import { freshPostgresUrl } from "@/lib/test-support/databases";
import { closePeriods } from "./close-periods";

// A close killed at random points (SIGKILL: no cleanup, a transaction may be cut mid-way), run
// again and again, then finished: every invoice and ledger entry exists exactly once, and the
// result is the same as a close that was never interrupted. PostgreSQL only — the killed process
// and this one share the database, which PGlite (one process's) cannot.

const GRACE = 24;
const KILLS = 6;

async function migrated(): Promise<{ database: Database; url: string; drop: () => Promise<void> }> {
  const { url, drop } = await freshPostgresUrl();
  const database = await openPostgres(url);
  await bootstrap(database.prisma, {});
  await closeScenario(database.prisma);
  return { database, url, drop };
}

/** Everything a close writes, by name rather than id, so two databases compare. */
async function snapshot(db: Database["prisma"]) {
  const invoices = await db.invoice.findMany({
    select: {
      status: true,
      startTimestamp: true,
      subtotal: true,
      total: true,
      customer: { select: { name: true } },
      lineItems: { orderBy: { position: "asc" }, select: { type: true, name: true, quantity: true, total: true } },
    },
  });
  const byInvoice = new Map((await db.invoice.findMany({ select: { id: true, startTimestamp: true } })).map((i) => [i.id, i.startTimestamp.toISOString()]));
  const ledger = await db.ledgerEntry.findMany({ select: { type: true, amount: true, timestamp: true, invoiceId: true, commit: { select: { name: true, customer: { select: { name: true } } } } } });
  const billed = await db.scheduleItem.findMany({ select: { invoiceId: true, commit: { select: { customer: { select: { name: true } } } } } });
  const contracts = await db.contract.findMany({ select: { name: true, nextPeriodStart: true } });
  return {
    invoices: invoices
      .map((i) => [i.customer.name, i.startTimestamp.toISOString(), i.status, i.subtotal.toString(), i.total.toString(), i.lineItems.map((l) => [l.type, l.name, l.quantity?.toString() ?? null, l.total.toString()])] as const)
      .sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)),
    ledger: ledger
      .map((e) => [e.commit.customer.name, e.commit.name, e.type, e.amount.toString(), e.timestamp.toISOString(), byInvoice.get(e.invoiceId!) ?? null].join(" "))
      .sort(),
    billedItems: billed.map((b) => [b.commit!.customer.name, b.invoiceId ? byInvoice.get(b.invoiceId) : null].join(" ")).sort(),
    contracts: contracts.map((c) => [c.name, c.nextPeriodStart?.toISOString()].join(" ")).sort(),
    audit: await db.auditLogEntry.count({ where: { action: "invoice.finalize" } }),
    outbox: await db.outboxEvent.count({ where: { type: "invoice.finalized" } }),
  };
}

/** Runs the close loop in a child process and SIGKILLs it after `afterStored` invoices plus a random moment. */
function killedClose(url: string, afterStored: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["lib/test-support/close-loop.ts", url, CLOSE_AT.toISOString(), String(GRACE)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stored = 0;
    let errors = "";
    let killing = false;
    const kill = () => {
      if (killing) return;
      killing = true;
      setTimeout(() => child.kill("SIGKILL"), Math.floor(Math.random() * 40));
    };
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stored += text.split("stored").length - 1;
      if (stored >= afterStored || (text.includes("ready") && afterStored === 0)) kill();
    });
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    // Work may run out before the count is reached: kill it anyway after a while.
    const fallback = setTimeout(kill, 20_000);
    child.on("exit", (code, signal) => {
      clearTimeout(fallback);
      if (signal === "SIGKILL") resolve(stored);
      else reject(new Error(`The close loop exited (${code}): ${errors}`));
    });
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("period close killed at random points [postgresql]", () => {
  let clean: Awaited<ReturnType<typeof migrated>>;
  let crashed: Awaited<ReturnType<typeof migrated>>;

  beforeAll(async () => {
    clean = await migrated();
    crashed = await migrated();
  });
  afterAll(async () => {
    for (const d of [clean, crashed]) {
      await d?.database.close();
      await d?.drop();
    }
  });

  it("leaves every invoice and ledger entry exactly once, equal to a clean close", { timeout: 400_000 }, async () => {
    const total = CLOSED_INVOICES;
    expect(await closePeriods(clean.database.prisma, CLOSE_AT, GRACE)).toEqual({ finalized: total, failures: [] });
    const expected = await snapshot(clean.database.prisma);
    expect(expected.invoices).toHaveLength(total);

    const progress: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      await killedClose(crashed.url, 1 + Math.floor(Math.random() * 6));
      progress.push(await crashed.database.prisma.invoice.count());
    }
    // The kills landed part-way through the work.
    expect(progress.some((n) => n > 0 && n < total)).toBe(true);
    const result = await closePeriods(crashed.database.prisma, CLOSE_AT, GRACE);
    expect(result.failures).toEqual([]);
    expect(result.finalized).toBe(total - progress.at(-1)!);
    expect(await snapshot(crashed.database.prisma)).toEqual(expected);
    // And once more changes nothing.
    expect(await closePeriods(crashed.database.prisma, CLOSE_AT, GRACE)).toEqual({ finalized: 0, failures: [] });
    expect(await snapshot(crashed.database.prisma)).toEqual(expected);
  });
});
