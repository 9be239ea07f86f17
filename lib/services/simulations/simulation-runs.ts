import type { Decimal } from "@/lib/billing/decimal";
import type { Window } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { pathId } from "@/lib/services/ids";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import type { RateInput } from "@/lib/services/rate-cards/schemas";
import type { StoredTotal } from "./run-simulation";
import { ZListSimulationImpacts, ZListSimulationRuns, ZSimulatePriceChange, type TListSimulationImpacts, type TListSimulationRuns, type TSimulatePriceChange } from "./schemas";
import { amounts, MOST_AFFECTED, productImpacts, type Amounts } from "./simulate-price-change";

// Reads of stored simulation runs: what the console shows while a run goes and once it is done.
// Every list is a page read in SQL (a run may hold tens of thousands of contracts).

export type CreditUnit = { id: string; name: string };

export type SimulationStatus = "queued" | "running" | "done" | "failed";

export type SimulationRunSummary = {
  id: string;
  status: SimulationStatus;
  error: string | null;
  rateCard: { id: string; name: string };
  proposalName: string;
  kind: "rate" | "rate_card";
  periodAt: Date;
  progress: { done: number; total: number };
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type StoredImpact = {
  customerId: string;
  customerName: string;
  contractId: string;
  contractName: string | null;
  period: Window;
  creditType: CreditUnit;
  charges: Amounts;
  billed: Amounts;
};

export type SimulationRunDetail = SimulationRunSummary & {
  /** The simulation's body as it was run (publishing a proposed rate sends its proposed_rate to addRate). */
  input: TSimulatePriceChange;
  /** The console form's fields, to change the simulation and run it again. */
  query: Record<string, string>;
  proposal: { kind: "rate"; rate: RateInput; productName: string } | { kind: "rate_card"; rateCard: { id: string; name: string } };
  /** Per credit type, so far (complete once done). */
  totals: { creditType: CreditUnit; customers: number; changed: number; charges: Amounts; billed: Amounts }[];
  products: ReturnType<typeof productImpacts>;
  /** The billing periods priced: one, or the first two of several. */
  periods: Window[];
  mostAffectedByPercent: StoredImpact[];
  skipped: { count: number; first: { customerName: string; contractId: string; reason: string }[] };
};

const SUMMARY_SELECT = {
  id: true,
  status: true,
  error: true,
  rateCardId: true,
  rateCardName: true,
  proposalName: true,
  proposedRateCardId: true,
  periodAt: true,
  contractsDone: true,
  contractsTotal: true,
  createdBy: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.SimulationRunSelect;

type SummaryRow = Prisma.SimulationRunGetPayload<{ select: typeof SUMMARY_SELECT }>;

const RUN_NOT_FOUND = "No simulation run has that id.";

function toSummary(row: SummaryRow): SimulationRunSummary {
  return {
    id: row.id,
    status: row.status.toLowerCase() as SimulationStatus,
    error: row.error,
    rateCard: { id: row.rateCardId, name: row.rateCardName },
    proposalName: row.proposalName,
    kind: row.proposedRateCardId ? "rate_card" : "rate",
    periodAt: row.periodAt,
    progress: { done: row.contractsDone, total: Math.max(row.contractsTotal, row.contractsDone) },
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

const IMPACT_SELECT = {
  customerId: true,
  customerName: true,
  contractId: true,
  contractName: true,
  creditTypeId: true,
  creditTypeName: true,
  periodStart: true,
  periodEnd: true,
  chargesBefore: true,
  chargesAfter: true,
  billedBefore: true,
  billedAfter: true,
} as const satisfies Prisma.SimulationImpactSelect;

function toImpact(row: Prisma.SimulationImpactGetPayload<{ select: typeof IMPACT_SELECT }>): StoredImpact {
  return {
    customerId: row.customerId,
    customerName: row.customerName,
    contractId: row.contractId,
    contractName: row.contractName,
    period: { startingAt: row.periodStart!, endingBefore: row.periodEnd! },
    creditType: { id: row.creditTypeId!, name: row.creditTypeName! },
    charges: amounts(fromDb(row.chargesBefore!), fromDb(row.chargesAfter!)),
    billed: amounts(fromDb(row.billedBefore!), fromDb(row.billedAfter!)),
  };
}

/** A run's progress alone: what the console polls while it runs. */
export async function getSimulationRunStatus(ctx: ServiceContext, id: string): Promise<SimulationRunSummary> {
  const row = await ctx.db.simulationRun.findUnique({ where: { id: pathId(id, RUN_NOT_FOUND) }, select: SUMMARY_SELECT });
  if (!row) throw new AppError("not_found", RUN_NOT_FOUND);
  return toSummary(row);
}

/** A run with its inputs and results so far (the list of contracts is paged: listSimulationImpacts). */
export async function getSimulationRun(ctx: ServiceContext, id: string): Promise<SimulationRunDetail> {
  const row = await ctx.db.simulationRun.findUnique({ where: { id: pathId(id, RUN_NOT_FOUND) }, select: { ...SUMMARY_SELECT, input: true, query: true, totals: true } });
  if (!row) throw new AppError("not_found", RUN_NOT_FOUND);
  const input = row.input as TSimulatePriceChange;
  const parsed = parseInput(ZSimulatePriceChange, input);
  const [products, periods, mostAffected, skippedCount, skipped] = await Promise.all([
    ctx.db.simulationProduct.findMany({ where: { runId: row.id } }),
    ctx.db.simulationImpact.findMany({ where: { runId: row.id, skippedReason: null }, distinct: ["periodStart", "periodEnd"], orderBy: [{ periodStart: "asc" }, { periodEnd: "asc" }], take: 2, select: { periodStart: true, periodEnd: true } }),
    // The largest relative changes in charges: |after − before| ÷ before, before above zero.
    ctx.db.$queryRawUnsafe<{ contract_id: string }[]>(
      `SELECT contract_id::text FROM simulation_impact WHERE run_id = $1::uuid AND skipped_reason IS NULL AND charges_before > 0 AND (magnitude > 0 OR billed_after <> billed_before)
       ORDER BY magnitude / charges_before DESC, customer_name, contract_id LIMIT ${MOST_AFFECTED}`,
      row.id,
    ),
    ctx.db.simulationImpact.count({ where: { runId: row.id, skippedReason: { not: null } } }),
    ctx.db.simulationImpact.findMany({ where: { runId: row.id, skippedReason: { not: null } }, orderBy: [{ customerName: "asc" }, { contractId: "asc" }], take: 5, select: { customerName: true, contractId: true, skippedReason: true } }),
  ]);
  const affected = new Map(
    (await ctx.db.simulationImpact.findMany({ where: { runId: row.id, contractId: { in: mostAffected.map((m) => m.contract_id) } }, select: IMPACT_SELECT })).map((r) => [r.contractId, toImpact(r)]),
  );
  const dec = (s: string): Decimal => fromDb(s);
  return {
    ...toSummary(row),
    input,
    query: row.query as Record<string, string>,
    proposal: parsed.proposed_rate
      ? { kind: "rate", rate: parsed.proposed_rate.rate, productName: row.proposalName }
      : { kind: "rate_card", rateCard: { id: row.proposedRateCardId!, name: row.proposalName } },
    totals: ((row.totals ?? []) as StoredTotal[]).map((t) => ({
      creditType: { id: t.credit_type_id, name: t.credit_type_name },
      customers: t.customers,
      changed: t.changed,
      charges: amounts(dec(t.charges_before), dec(t.charges_after)),
      billed: amounts(dec(t.billed_before), dec(t.billed_after)),
    })),
    products: productImpacts(
      products.map((p) => ({ productId: p.productId, productName: p.productName, creditType: { id: p.creditTypeId, name: p.creditTypeName, precision: 0 }, before: fromDb(p.before), after: fromDb(p.after) })),
    ),
    periods: periods.map((p) => ({ startingAt: p.periodStart!, endingBefore: p.periodEnd! })),
    mostAffectedByPercent: mostAffected.map((m) => affected.get(m.contract_id)!),
    skipped: { count: skippedCount, first: skipped.map((s) => ({ customerName: s.customerName, contractId: s.contractId, reason: s.skippedReason! })) },
  };
}

/** Recent runs, newest first. */
export async function listSimulationRuns(ctx: ServiceContext, input: TListSimulationRuns = {}) {
  const { limit, next_page } = parseInput(ZListSimulationRuns, input);
  const after = decodeKeysetCursor(next_page, "instant", "uuid");
  const { where, orderBy } = keysetQuery("createdAt", "id", "desc", after);
  const rows = await ctx.db.simulationRun.findMany({ where: where as Prisma.SimulationRunWhereInput, orderBy: orderBy as Prisma.SimulationRunOrderByWithRelationInput[], take: limit + 1, select: SUMMARY_SELECT });
  return toPage(rows.map(toSummary), limit, (r) => keysetCursor({ key: r.createdAt, id: r.id }));
}

const SORT_COLUMNS = { change: "magnitude", customer: "customerName", before: "chargesBefore" } as const;
const FIRST_ORDER = { change: "desc", customer: "asc", before: "desc" } as const;
const DECIMAL_KEY = /^-?\d+(\.\d+)?$/;

/** A page of a run's priced contracts, sorted in SQL: by the size of the change in charges (largest first), the customer, or revenue before. */
export async function listSimulationImpacts(ctx: ServiceContext, input: TListSimulationImpacts) {
  const parsed = parseInput(ZListSimulationImpacts, input);
  const { run_id, sort, limit, next_page } = parsed;
  const order = parsed.order ?? FIRST_ORDER[sort];
  const after = decodeKeysetCursor(next_page, "text", "uuid");
  if (after && sort !== "customer" && !DECIMAL_KEY.test(after.key as string)) throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  const column = SORT_COLUMNS[sort];
  const { where, orderBy } = keysetQuery(column, "contractId", order, after);
  const rows = await ctx.db.simulationImpact.findMany({
    where: { AND: [{ runId: run_id, skippedReason: null }, where as Prisma.SimulationImpactWhereInput] },
    orderBy: orderBy as Prisma.SimulationImpactOrderByWithRelationInput[],
    take: limit + 1,
    select: { ...IMPACT_SELECT, magnitude: true },
  });
  const keyOf = (r: (typeof rows)[number]) => (sort === "customer" ? r.customerName : fromDb((sort === "change" ? r.magnitude : r.chargesBefore)!).toFixed());
  const page = toPage(rows, limit, (r) => keysetCursor({ key: keyOf(r), id: r.contractId }));
  return { data: page.data.map(toImpact), next_page: page.next_page };
}
