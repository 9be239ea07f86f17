import { explainRefusal } from "@/lib/billing/errors";
import { validateChild } from "@/lib/billing/hierarchy";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { ContractRow } from "./contract-record";
import type { CreateContractInput } from "./schemas";

// Account hierarchies as stored (prisma/schema.prisma, Contract): which contract a child's parent
// is, and who pays. The engine rule is lib/billing/hierarchy.ts; drafts gather a parent's
// children in lib/services/invoices/draft-invoice.ts.

type Tx = Prisma.TransactionClient;

/** Metronome's hierarchies hold up to 10 contracts: a parent and nine children (this also bounds what pricing a parent's draft reads). */
export const MAX_CHILDREN = 9;

export type HierarchyColumns = {
  parentContractId: string | null;
  parentCustomerId: string | null;
  hierarchyPayer: string | null;
  usageStatementBehavior: string | null;
  invoiceConsolidationType: string | null;
};

const FIELD = "hierarchy_configuration.parent";

/**
 * The hierarchy columns of a contract being created for `customerId`. A child's parent must be
 * another customer's live contract, priced by a rate card, not itself a child (hierarchies are
 * one level deep, so no cycle can form), with room for another child; the child must lie within
 * its dates and share its billing periods (validateChild). The parent's row is locked, so two
 * children created at once are counted exactly.
 */
export async function resolveHierarchy(tx: Tx, customerId: string, data: CreateContractInput): Promise<HierarchyColumns> {
  const h = data.hierarchy_configuration;
  const none = { parentContractId: null, parentCustomerId: null, hierarchyPayer: null, usageStatementBehavior: null };
  if (!h?.parent) return { ...none, invoiceConsolidationType: h?.parent_behavior?.invoice_consolidation_type ?? null };
  const { contract_id, customer_id } = h.parent;
  if (customer_id === customerId) {
    throw new AppError("bad_request", `${FIELD}.customer_id: a contract's parent is another customer's contract.`, { [`${FIELD}.customer_id`]: "The child's own customer" });
  }
  await tx.$queryRawUnsafe(`SELECT 1 FROM contract WHERE id = $1::uuid AND customer_id = $2::uuid FOR NO KEY UPDATE`, contract_id, customer_id);
  const parent = await tx.contract.findFirst({
    where: { id: contract_id, customerId: customer_id },
    select: { id: true, customerId: true, rateCardId: true, archivedAt: true, parentContractId: true, startingAt: true, endingBefore: true, usageStatementFrequency: true, usageStatementDay: true, billingAnchorDate: true },
  });
  if (!parent) throw new AppError("not_found", `${FIELD}: customer ${customer_id} has no contract ${contract_id}.`, { [`${FIELD}.contract_id`]: "Unknown contract" });
  if (parent.archivedAt) throw new AppError("conflict", `${FIELD}: that contract is archived.`, { [`${FIELD}.contract_id`]: "Archived" });
  if (parent.parentContractId) {
    throw new AppError("bad_request", `${FIELD}: that contract is itself a child of contract ${parent.parentContractId}; hierarchies are one level deep.`, { [`${FIELD}.contract_id`]: "A child contract" });
  }
  if (!parent.rateCardId) throw new AppError("bad_request", `${FIELD}: that contract has no rate card, so it has no invoices to consolidate onto.`, { [`${FIELD}.contract_id`]: "No rate card" });
  const children = await tx.contract.count({ where: { parentContractId: parent.id, archivedAt: null } });
  if (children >= MAX_CHILDREN) {
    throw new AppError("conflict", `${FIELD}: that contract has ${MAX_CHILDREN} children already, the most a hierarchy has.`, { [`${FIELD}.contract_id`]: `Has ${MAX_CHILDREN} children` });
  }
  // The parent consolidates from its first child on (the only behaviour built: CONCATENATE), and
  // only a contract that says so is asked for its children when its drafts are priced.
  await tx.contract.updateMany({ where: { id: parent.id, invoiceConsolidationType: null }, data: { invoiceConsolidationType: "CONCATENATE" } });
  const schedule = data.usage_statement_schedule;
  explainRefusal({ prefix: "hierarchy_configuration" }, () =>
    validateChild(cycleOf(parent), {
      startingAt: data.starting_at,
      ...(data.ending_before ? { endingBefore: data.ending_before } : {}),
      usageStatementSchedule: { frequency: schedule?.frequency ?? "MONTHLY", day: schedule?.day ?? "CONTRACT_START", ...(schedule?.billing_anchor_date ? { billingAnchorDate: schedule.billing_anchor_date } : {}) },
    }),
  );
  return {
    parentContractId: parent.id,
    parentCustomerId: parent.customerId,
    hierarchyPayer: h.payer ?? "PARENT",
    usageStatementBehavior: h.usage_statement_behavior ?? "CONSOLIDATE",
    invoiceConsolidationType: null,
  };
}

type CycleColumns = Pick<ContractRow, "startingAt" | "endingBefore" | "usageStatementFrequency" | "usageStatementDay" | "billingAnchorDate">;

/** A stored contract's billing cycle as the engine reads it. */
function cycleOf(c: CycleColumns) {
  return {
    startingAt: c.startingAt,
    ...(c.endingBefore ? { endingBefore: c.endingBefore } : {}),
    usageStatementSchedule: { frequency: c.usageStatementFrequency, day: c.usageStatementDay, ...(c.billingAnchorDate ? { billingAnchorDate: c.billingAnchorDate } : {}) },
  };
}

const CYCLE_SELECT = { id: true, startingAt: true, endingBefore: true, usageStatementFrequency: true, usageStatementDay: true, billingAnchorDate: true } as const;

/**
 * After a change to a contract's dates (updateEndDate, an edit's end date, a transition moving it):
 * a child must still lie within its parent and share its periods, and so must a parent's children.
 */
export async function refuseBrokenHierarchy(tx: Tx, row: ContractRow): Promise<void> {
  if (row.parentContractId) {
    const parent = await tx.contract.findUnique({ where: { id: row.parentContractId }, select: CYCLE_SELECT });
    if (parent) explainRefusal({ prefix: `Contract ${row.id} is a child of contract ${parent.id}` }, () => validateChild(cycleOf(parent), cycleOf(row)));
  }
  if (row.invoiceConsolidationType) {
    const children = await tx.contract.findMany({ where: { parentContractId: row.id, archivedAt: null }, select: CYCLE_SELECT });
    for (const child of children) explainRefusal({ prefix: `Contract ${row.id} is the parent of contract ${child.id}` }, () => validateChild(cycleOf(row), cycleOf(child)));
  }
}

export type ChildRef = { id: string; customerId: string; parentContractId: string };

/** The live children of these contracts whose parent pays, oldest first. */
export async function readChildren(db: Tx, parentContractIds: readonly string[]): Promise<ChildRef[]> {
  if (parentContractIds.length === 0) return [];
  const rows = await db.contract.findMany({
    where: { parentContractId: { in: [...parentContractIds] }, archivedAt: null, hierarchyPayer: "PARENT" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, customerId: true, parentContractId: true },
  });
  return rows.map((r) => ({ id: r.id, customerId: r.customerId, parentContractId: r.parentContractId! }));
}
