import { Decimal } from "@/lib/billing/decimal";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import type { CommitRow } from "./contract-record";
import type { BalanceUpdate } from "./schemas";
import { refuseSpecifiersWithApplicable, specifiersToDb, storedSpecifiers } from "./specifiers";
import { dueItems } from "./write-terms";

// Changes one commit or credit in place: its access segments, its purchase (invoice schedule)
// items and its terms. Used by v2 contracts/edit (update_commits/update_credits), by
// commits/edit and credits/edit, and by customerCommits/customerCredits updateEndDate.
//
// What a finalized invoice drew stays drawn: a segment it drew on keeps at least the amount drawn
// and still covers the part of the invoice's period it covered; a purchase item it billed is
// neither changed nor removed. (Voiding an invoice releases both.) Drafts follow at once.

type Tx = Prisma.TransactionClient;

function own<T extends { id: string }>(items: readonly T[], id: string, field: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new AppError("not_found", `${field}: this ${field.includes("invoice_schedule") ? "invoice schedule" : "access schedule"} has no item with the id ${id}.`, { [field]: "Unknown id" });
  return item;
}

/** What finalized invoices drew on each segment: the total, and each invoice's period. */
async function finalizedDraws(tx: Tx, segmentIds: string[]) {
  const entries = await tx.ledgerEntry.findMany({ where: { segmentId: { in: segmentIds }, invoiceId: { not: null } }, select: { segmentId: true, amount: true, invoiceId: true } });
  const invoices = new Map(
    (await tx.invoice.findMany({ where: { id: { in: [...new Set(entries.map((e) => e.invoiceId!))] }, status: "FINALIZED" }, select: { id: true, startTimestamp: true, endTimestamp: true } })).map((i) => [i.id, i]),
  );
  const draws = new Map<string, { drawn: Decimal; periods: { start: Date; end: Date }[] }>();
  for (const e of entries) {
    const invoice = invoices.get(e.invoiceId!);
    if (!invoice) continue;
    const d = draws.get(e.segmentId) ?? { drawn: new Decimal(0), periods: [] };
    d.drawn = d.drawn.minus(fromDb(e.amount));
    d.periods.push({ start: invoice.startTimestamp, end: invoice.endTimestamp });
    draws.set(e.segmentId, d);
  }
  return draws;
}

const day = (d: Date) => d.toISOString();

/** Applies `p` to `balance` (already read with COMMIT_SELECT); `field` prefixes error paths. */
export async function applyBalanceUpdate(tx: Tx, balance: CommitRow, p: BalanceUpdate, field: string): Promise<void> {
  const access = p.access_schedule;
  const touched = [...(access?.remove_schedule_items ?? []), ...(access?.update_schedule_items ?? [])].map((i) => i.id);
  const draws = touched.length ? await finalizedDraws(tx, touched) : new Map();
  for (const [i, item] of (access?.remove_schedule_items ?? []).entries()) {
    const at = `${field}access_schedule.remove_schedule_items.${i}.id`;
    own(balance.segments, item.id, at);
    if (draws.has(item.id)) {
      throw new AppError("conflict", `${at}: a finalized invoice drew ${draws.get(item.id)!.drawn.toFixed()} from segment ${item.id}, so it cannot be removed; void that invoice first.`);
    }
    await tx.balanceSegment.delete({ where: { id: item.id } });
  }
  for (const [i, item] of (access?.update_schedule_items ?? []).entries()) {
    const at = `${field}access_schedule.update_schedule_items.${i}`;
    const segment = own(balance.segments, item.id, `${at}.id`);
    const start = item.starting_at ?? segment.startingAt;
    const end = item.ending_before ?? segment.endingBefore;
    if (start >= end) throw new AppError("bad_request", `${at}.ending_before: must be after the segment's starting_at (${day(start)}).`, { [`${at}.ending_before`]: "Must be after starting_at" });
    const d = draws.get(item.id);
    if (d && item.amount && item.amount.lt(d.drawn)) {
      throw new AppError("conflict", `${at}.amount: finalized invoices already drew ${d.drawn.toFixed()} from segment ${item.id}; its amount cannot be less. Void them first.`);
    }
    for (const period of d?.periods ?? []) {
      // The part of the invoice's period the segment covered must stay covered.
      const coveredFrom = period.start > segment.startingAt ? period.start : segment.startingAt;
      const coveredTo = period.end < segment.endingBefore ? period.end : segment.endingBefore;
      if (start > coveredFrom || end < coveredTo) {
        throw new AppError("conflict", `${at}: a finalized invoice for ${day(period.start)} – ${day(period.end)} drew on segment ${item.id}; it must still cover ${day(coveredFrom)} – ${day(coveredTo)}. Void that invoice first.`);
      }
    }
    await tx.balanceSegment.update({
      where: { id: item.id },
      data: { ...(item.amount ? { amount: toDb(item.amount) } : {}), ...(item.starting_at ? { startingAt: item.starting_at } : {}), ...(item.ending_before ? { endingBefore: item.ending_before } : {}) },
    });
  }
  for (const item of access?.add_schedule_items ?? []) {
    await tx.balanceSegment.create({ data: { customerId: balance.customerId, commitId: balance.id, amount: toDb(item.amount), startingAt: item.starting_at, endingBefore: item.ending_before } });
  }
  if (p.invoice_schedule) await applyInvoiceScheduleUpdate(tx, balance, p.invoice_schedule, `${field}invoice_schedule`);
  // The scope as the update leaves it: specifiers, or the applicable lists, not both.
  refuseSpecifiersWithApplicable(
    {
      specifiers: p.specifiers !== undefined ? p.specifiers : storedSpecifiers(balance.specifiers),
      applicable_product_ids: p.applicable_product_ids !== undefined ? p.applicable_product_ids : balance.applicableProductIds,
      applicable_product_tags: p.applicable_product_tags !== undefined ? p.applicable_product_tags : balance.applicableProductTags,
    },
    `${field}specifiers`,
  );
  await tx.commit.update({
    where: { id: balance.id },
    data: {
      ...(p.applicable_product_ids !== undefined ? { applicableProductIds: p.applicable_product_ids ?? [] } : {}),
      ...(p.applicable_product_tags !== undefined ? { applicableProductTags: p.applicable_product_tags ?? [] } : {}),
      ...(p.specifiers !== undefined ? { specifiers: specifiersToDb(p.specifiers) } : {}),
      ...(p.priority !== undefined ? { priority: p.priority === null ? null : String(p.priority) } : {}),
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.rollover_fraction !== undefined ? { rolloverFraction: p.rollover_fraction ? toDb(p.rollover_fraction) : null } : {}),
    },
  });
}

async function applyInvoiceScheduleUpdate(tx: Tx, balance: CommitRow, s: NonNullable<BalanceUpdate["invoice_schedule"]>, field: string) {
  if (balance.kind !== "COMMIT") throw new AppError("bad_request", `${field}: a credit has no invoice schedule.`, { [field]: "Not a commit" });
  const creditType = (await readCreditTypes(tx, [balance.creditTypeId])).get(balance.creditTypeId)!;
  const billed = (id: string, at: string, verb: string) => {
    const item = own(balance.invoiceSchedule, id, at);
    if (item.invoiceId) throw new AppError("conflict", `${at}: invoice schedule item ${id} was billed on invoice ${item.invoiceId}, which is finalized; it cannot be ${verb}. Void that invoice first.`);
    return item;
  };
  for (const [i, ref] of (s.remove_schedule_items ?? []).entries()) {
    billed(ref.id, `${field}.remove_schedule_items.${i}.id`, "removed");
    await tx.scheduleItem.delete({ where: { id: ref.id } });
  }
  for (const [i, u] of (s.update_schedule_items ?? []).entries()) {
    const at = `${field}.update_schedule_items.${i}`;
    const item = billed(u.id, `${at}.id`, "changed");
    // An amount alone sets the item's total; a quantity or unit price reprices it from the other.
    const priced = u.amount !== undefined && u.quantity === undefined && u.unit_price === undefined;
    const [due] = dueItems(
      {
        schedule_items: [
          priced
            ? { timestamp: u.timestamp ?? item.timestamp, amount: u.amount }
            : { timestamp: u.timestamp ?? item.timestamp, quantity: u.quantity ?? fromDb(item.quantity), unit_price: u.unit_price ?? fromDb(item.unitPrice), amount: u.amount },
        ],
      },
      creditType,
      at,
    );
    if (new Decimal(due!.amount.toString()).lt(0)) throw new AppError("bad_request", `${at}.amount: must not be negative.`, { [`${at}.amount`]: "Must not be negative" });
    await tx.scheduleItem.update({ where: { id: item.id }, data: due! });
  }
  const added = s.add_schedule_items?.length ? dueItems({ schedule_items: s.add_schedule_items }, creditType, `${field}.add_schedule_items`) : [];
  added.forEach((due, i) => {
    const at = `${field}.add_schedule_items.${i}.amount`;
    if (new Decimal(due.amount.toString()).lt(0)) throw new AppError("bad_request", `${at}: must not be negative.`, { [at]: "Must not be negative" });
  });
  for (const due of added) await tx.scheduleItem.create({ data: { customerId: balance.customerId, commitId: balance.id, ...due } });
}
