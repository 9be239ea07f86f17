import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { compareText } from "@/lib/billing/ordering";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";
import { pathId } from "@/lib/services/ids";
import { RATE_CARD_NOT_FOUND } from "./rate-card-record";

// A rate card's product order: the order of its products' charges on invoices (the engine reads
// the stored list: lib/billing/ordering.ts). The order as shown and as moved is every product the
// card prices (has a rate for): those stored first, in their stored order, then the rest by id,
// as the engine lists unordered charges.

type Tx = Prisma.TransactionClient;

/** Every product the card prices, in its invoice order. */
export function effectiveOrder(stored: readonly string[], priced: readonly string[]): string[] {
  const onCard = new Set(priced);
  const listed = stored.filter((id) => onCard.has(id));
  const seen = new Set(listed);
  return [...listed, ...[...onCard].filter((id) => !seen.has(id)).sort(compareText)];
}

/** The products with a rate on the card. */
export async function pricedProducts(tx: Tx, rateCardId: string): Promise<string[]> {
  const rows = await tx.rate.findMany({ where: { rateCardId }, select: { productId: true }, distinct: ["productId"] });
  return rows.map((r) => r.productId);
}

/**
 * The card's order as it stands, its row locked until the transaction ends so two changes of
 * one card's order apply one after the other; a 404 for no such card, a 409 for an archived one.
 */
export async function lockProductOrder(tx: Tx, rateCardId: string): Promise<{ id: string; order: string[] }> {
  const id = pathId(rateCardId, RATE_CARD_NOT_FOUND);
  const [row] = await tx.$queryRaw<{ product_order: string[]; archived: boolean }[]>`
    SELECT product_order, archived_at IS NOT NULL AS archived FROM rate_card WHERE id = ${id}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found", RATE_CARD_NOT_FOUND, { rate_card_id: RATE_CARD_NOT_FOUND });
  if (row.archived) throw new AppError("conflict", "This rate card is archived; archived rate cards cannot be changed.");
  return { id, order: effectiveOrder(row.product_order, await pricedProducts(tx, id)) };
}

/** Refuses, naming each, product ids the card does not price. */
export function refuseUnpriced(order: readonly string[], asked: readonly { id: string; field: string }[]): void {
  const onCard = new Set(order);
  const missing = asked.filter((a) => !onCard.has(a.id));
  if (missing.length) {
    const why = "This rate card has no rate for this product";
    throw new AppError("bad_request", `Invalid request: ${missing.map((m) => `${m.field}: ${why}`).join("; ")}`, Object.fromEntries(missing.map((m) => [m.field, why])));
  }
}

/** Stores the new order and audits it (the card's update queues its customers' drafts for a refresh). */
export async function writeProductOrder(tx: Tx, actor: Actor, rateCardId: string, action: string, before: readonly string[], after: readonly string[]): Promise<void> {
  await tx.rateCard.update({ where: { id: rateCardId }, data: { productOrder: [...after] } });
  await recordAudit(tx, actor, { action, objectType: "rate_card", objectId: rateCardId, before: { product_order: before }, after: { product_order: after } });
}
