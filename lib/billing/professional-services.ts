import { ONE, ZERO, type Decimal } from "./decimal";
import { BillingInputError } from "./errors";
import { roundLineTotal } from "./money";
import type { CreditType, LineItem } from "./types";

// Professional services (a contract's `professional_services` terms) bill nothing by themselves:
// scheduleProServicesInvoice names the terms to invoice, each line with an `amount`, or a
// `quantity` at the term's `unit_price` (or a `unit_price` given with the line). A term's lines,
// on every invoice that stands (voided ones no longer count), never add up past its `max_amount`.

export interface ProfessionalServiceTerm {
  id: string;
  productId: string;
  /** What the line is called: the product's name. */
  name: string;
  maxAmount: Decimal;
  unitPrice: Decimal;
}

export interface ProfessionalServiceCharge {
  professionalServiceId: string;
  amount?: Decimal;
  quantity?: Decimal;
  unitPrice?: Decimal;
  metadata?: string;
}

/**
 * The invoice lines of `charges`, in order, at `issuedAt`; `invoiced` is what each term's lines
 * on standing invoices already total. Refuses (naming `line_items.<i>.<field>`) a charge of a term
 * the contract does not have, one that is neither an amount nor a quantity, and one that would
 * take its term past `max_amount`.
 */
export function professionalServiceLines(
  terms: readonly ProfessionalServiceTerm[],
  charges: readonly ProfessionalServiceCharge[],
  invoiced: ReadonlyMap<string, Decimal>,
  creditType: CreditType,
  issuedAt: Date,
): LineItem[] {
  const byId = new Map(terms.map((t) => [t.id, t]));
  const running = new Map(invoiced);
  return charges.map((charge, i) => {
    const at = (field: string) => `line_items.${i}.${field}`;
    const refuse = (field: string, message: string): never => {
      throw new BillingInputError(`${at(field)}: ${message}`, { [at(field)]: message });
    };
    const term = byId.get(charge.professionalServiceId) ?? refuse("professional_service_id", "the contract has no professional service with this id");
    let quantity: Decimal;
    let unitPrice: Decimal;
    if (charge.amount !== undefined) {
      if (charge.quantity !== undefined || charge.unitPrice !== undefined) refuse("amount", "give an amount, or a quantity (with an optional unit_price), not both");
      [quantity, unitPrice] = [ONE, charge.amount];
    } else if (charge.quantity !== undefined) {
      [quantity, unitPrice] = [charge.quantity, charge.unitPrice ?? term.unitPrice];
    } else {
      return refuse(charge.unitPrice !== undefined ? "quantity" : "amount", charge.unitPrice !== undefined ? "a unit_price needs a quantity" : "give an amount, or a quantity");
    }
    const total = roundLineTotal(quantity.times(unitPrice), creditType);
    const after = (running.get(term.id) ?? ZERO).plus(total);
    if (after.gt(term.maxAmount)) {
      const before = running.get(term.id) ?? ZERO;
      refuse(
        charge.amount !== undefined ? "amount" : "quantity",
        `${total.toFixed()} would bring professional service ${term.id} to ${after.toFixed()}, past its max_amount of ${term.maxAmount.toFixed()} (${before.toFixed()} invoiced already)`,
      );
    }
    running.set(term.id, after);
    return {
      type: "PROFESSIONAL_SERVICE",
      name: term.name,
      productId: term.productId,
      professionalServiceId: term.id,
      ...(charge.metadata !== undefined ? { metadata: charge.metadata } : {}),
      startingAt: issuedAt,
      endingBefore: issuedAt,
      quantity,
      unitPrice,
      creditType,
      total,
    } satisfies LineItem;
  });
}

