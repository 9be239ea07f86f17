import type { Contract } from "@/lib/billing/contract-terms";
import { BillingInputError, explainRefusal } from "@/lib/billing/errors";
import { planRollover, type Rollover } from "@/lib/billing/rollover";
import type { CreditType, LedgerEntry } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import type { OpenDraft } from "@/lib/services/invoices/open-draft";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { readContract, readLedger, termCreditTypeIds, toEngineContract, type ContractRow } from "./contract-record";
import { lockCustomerContracts } from "./usage-overlap";
import { copySpecifiers } from "./specifiers";

// A transition's rollover (lib/billing/transitions.ts): once the last period of a contract that
// another took over from is finalized, its own commits and credits with a rollover_fraction carry
// that fraction of what they still hold into the new contract (lib/billing/rollover.ts), from the
// ledger as that invoice left it. It is written in the transaction that stores that invoice, or,
// for a contract taken over after that, in the one that creates the new contract. Both take the
// customer's contract lock first, so whichever commits second sees the other's rows: exactly one
// of them rolls over, once (a regenerated last invoice does not roll over again).

export type TransitionRollover = { customerId: string; fromContractId: string; toContractId: string; rollover: Rollover };

type Tx = Prisma.TransactionClient;

type Successor = { id: string; startingAt: Date; endingBefore: Date | null };

function planInto(customerId: string, row: ContractRow, contract: Contract, ledger: readonly LedgerEntry[], fiat: CreditType, successor: Successor): TransitionRollover | undefined {
  const rollover = explainRefusal({ prefix: `Contract ${row.id} cannot roll over into contract ${successor.id}` }, () => {
    if (!successor.endingBefore) {
      if (rollsOver(contract)) throw new BillingInputError("a rolled-over balance holds until the new contract's end, and it has none; give it an ending_before");
      return undefined;
    }
    return planRollover(contract, ledger, { contractId: successor.id, startingAt: successor.startingAt, endingBefore: successor.endingBefore }, fiat);
  });
  if (!rollover || rollover.ledgerEntries.length === 0) return undefined;
  return { customerId, fromContractId: row.id, toContractId: successor.id, rollover };
}

const rollsOver = (contract: Contract) => [...(contract.commits ?? []), ...(contract.credits ?? [])].some((b) => b.rolloverFraction !== undefined);

/**
 * The period close, before it stores `draft`: refuses (for this customer only) the last period
 * of a contract taken over whose rollover could not be written, rather than fail the run.
 */
export function checkTransitionRollover(draft: OpenDraft): void {
  const { row } = draft.billing;
  const successor = row.transitionTo;
  if (draft.type !== "USAGE" || !successor || successor.archivedAt || successor.endingBefore || draft.invoice.endingBefore.getTime() !== row.endingBefore?.getTime()) return;
  const own = new Set(row.commits.map((c) => c.id));
  const terms = { ...draft.contract, commits: draft.contract.commits?.filter((c) => own.has(c.id)), credits: draft.contract.credits?.filter((c) => own.has(c.id)) };
  if (rollsOver(terms)) throw new BillingInputError(`Contract ${row.id} cannot roll over into contract ${successor.id}: a rolled-over balance holds until the new contract's end, and it has none; give it an ending_before`);
}

/**
 * Rolls a contract's balances over into the contract that took over from it, if its last USAGE
 * period is finalized and that has not happened yet. Its own balances only: customer-level ones
 * stay the customer's.
 */
export async function rollOverClosedContract(tx: Tx, customerId: string, fromContractId: string): Promise<void> {
  await lockCustomerContracts(tx, customerId);
  const successor = await tx.contract.findFirst({ where: { transitionFromId: fromContractId, archivedAt: null }, select: { id: true, startingAt: true, endingBefore: true } });
  if (!successor) return;
  const { row } = await readContract(tx, customerId, fromContractId);
  if (!row.endingBefore || !row.rateCardId) return;
  const last = await tx.invoice.count({ where: { contractId: row.id, type: "USAGE", status: "FINALIZED", endTimestamp: row.endingBefore } });
  if (last === 0) return;
  if ((await tx.ledgerEntry.count({ where: { uniqueKey: { startsWith: `rollover:${successor.id}:` } } })) > 0) return;
  const card = await tx.rateCard.findUniqueOrThrow({ where: { id: row.rateCardId }, select: { fiatCreditTypeId: true } });
  const creditTypes = await readCreditTypes(tx, [card.fiatCreditTypeId, ...termCreditTypeIds(row, [])]);
  const ledger = await readLedger(tx, row.commits.map((c) => c.id));
  const planned = planInto(customerId, row, toEngineContract(row, [], creditTypes), ledger, creditTypes.get(card.fiatCreditTypeId)!, successor);
  if (planned) await writeTransitionRollover(tx, planned);
}

/** Writes a planned rollover: the ROLLOVER draws on the old contract's segments, one new balance per source on the new one. */
export async function writeTransitionRollover(tx: Tx, { customerId, toContractId, rollover }: TransitionRollover): Promise<void> {
  const sources = await tx.commit.findMany({
    where: { id: { in: rollover.ledgerEntries.map((e) => e.commitId) } },
    select: { id: true, kind: true, name: true, description: true, productId: true, creditTypeId: true, applicableProductIds: true, applicableProductTags: true, specifiers: true, priority: true },
  });
  const byId = new Map(sources.map((s) => [s.id, s]));
  await tx.ledgerEntry.createMany({
    data: rollover.ledgerEntries.map((e) => ({
      customerId,
      commitId: e.commitId,
      segmentId: e.segmentId,
      type: "ROLLOVER" as const,
      amount: toDb(e.amount),
      timestamp: e.timestamp,
      reason: e.reason ?? null,
      uniqueKey: `rollover:${toContractId}:${e.segmentId}`,
    })),
  });
  // planRollover names each new balance `<source id>/rollover/<new contract id>`.
  for (const balance of [...rollover.commits, ...rollover.credits]) {
    const source = byId.get(balance.id.slice(0, balance.id.indexOf("/rollover/")))!;
    const item = balance.accessSchedule.scheduleItems[0]!;
    await tx.commit.create({
      data: {
        customerId,
        contractId: toContractId,
        kind: source.kind,
        type: source.kind === "COMMIT" ? "PREPAID" : null,
        name: source.name,
        description: source.description,
        productId: source.productId,
        creditTypeId: source.creditTypeId,
        applicableProductIds: source.applicableProductIds,
        applicableProductTags: source.applicableProductTags,
        specifiers: copySpecifiers(source.specifiers),
        priority: source.priority,
        rolledOverFromId: source.id,
        createdAt: item.startingAt,
        segments: { create: [{ customerId, amount: toDb(item.amount), startingAt: item.startingAt, endingBefore: item.endingBefore }] },
      },
    });
  }
}
