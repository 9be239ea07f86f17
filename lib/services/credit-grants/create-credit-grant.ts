import { HOUR_MS } from "@/lib/billing/calendar";
import { AppError } from "@/lib/errors";
import { writeCustomerBalance } from "@/lib/services/balances/write-customer-balance";
import { ZCreateCustomerCredit } from "@/lib/services/balances/schemas";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { parseInput } from "@/lib/services/parse-input";
import { grantProduct } from "./grant-product";
import { ZCreateCreditGrant, type TCreateCreditGrant } from "./schemas";

/**
 * POST /v1/credits/createGrant: a customer-level credit with one access segment, written as
 * customerCredits/create writes one. With no effective_at the grant applies from the start of the
 * current hour (balances begin on the hour).
 */
export async function createCreditGrant(ctx: ServiceContext, input: TCreateCreditGrant, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const grant = parseInput(ZCreateCreditGrant, input);
  const startingAt = grant.effective_at ?? new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  if (grant.expires_at <= startingAt) throw new AppError("bad_request", "expires_at: Must be after effective_at.", { expires_at: "Must be after effective_at" });
  const paidCreditTypeId = grant.paid_amount.credit_type_id ?? USD_CENTS.id;
  return ctx.db.$transaction(async (tx) => {
    const paidUnit = await tx.creditType.findUnique({ where: { id: paidCreditTypeId }, select: { archivedAt: true } });
    if (!paidUnit || paidUnit.archivedAt) throw new AppError("not_found", "paid_amount.credit_type_id: No live credit type has that id.", { "paid_amount.credit_type_id": "No live credit type has that id" });
    const credit = parseInput(ZCreateCustomerCredit, {
      customer_id: grant.customer_id,
      product_id: await grantProduct(tx, ctx.actor),
      name: grant.name,
      description: grant.reason,
      priority: grant.priority,
      applicable_product_ids: grant.product_ids,
      custom_fields: grant.custom_fields,
      access_schedule: {
        credit_type_id: grant.grant_amount.credit_type_id,
        schedule_items: [{ amount: grant.grant_amount.amount.toString(), starting_at: startingAt.toISOString(), ending_before: grant.expires_at.toISOString() }],
      },
    });
    return writeCustomerBalance(tx, ctx.actor, credit, { creditGrantType: grant.credit_grant_type ?? null, paidCreditTypeId });
  }).catch((error: unknown) => {
    throw inGrantTerms(error);
  });
}

/** A credit's field names, as the grant's request spells them. */
const GRANT_FIELDS: [RegExp, string][] = [
  [/\baccess_schedule\.schedule_items\.0\.amount\b/g, "grant_amount.amount"],
  [/\baccess_schedule\.credit_type_id\b/g, "grant_amount.credit_type_id"],
  [/\bapplicable_product_ids\b/g, "product_ids"],
];
const rename = (text: string) => GRANT_FIELDS.reduce((t, [from, to]) => t.replace(from, to), text);

/** A refusal of the credit the grant is written as, naming the grant's own fields. */
function inGrantTerms(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const fields = error.fields && Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [rename(k), v]));
  return new AppError(error.code, rename(error.message), fields);
}
