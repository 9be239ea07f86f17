import { randomUUID } from "node:crypto";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZCreateCreditType, type TCreateCreditType } from "./schemas";
import { USD_CENTS } from "./usd-cents";

/** Defines a custom pricing unit, worth `fiat_per_unit` of a fiat credit type (USD cents by default). */
export async function createCreditType(ctx: ServiceContext, input: TCreateCreditType) {
  authorize(ctx.actor, "pricing:write");
  const { name, precision, fiat_credit_type_id, fiat_per_unit } = parseInput(ZCreateCreditType, input);
  return ctx.db.$transaction(async (tx) => {
    // Creations take turns, so the name check below holds until this one commits.
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('rateline.credit_type.create'))");
    const fiat = await tx.creditType.findUnique({ where: { id: fiat_credit_type_id ?? USD_CENTS.id }, select: { id: true, isFiat: true } });
    if (!fiat) throw new AppError("not_found", "No credit type has that id.", { fiat_credit_type_id: "No credit type has that id" });
    if (!fiat.isFiat) throw new AppError("bad_request", "Invalid request: fiat_credit_type_id: must be a fiat currency", { fiat_credit_type_id: "Must be a fiat currency" });
    if (await tx.creditType.findUnique({ where: { name }, select: { id: true } })) {
      throw new AppError("conflict", `A pricing unit named “${name}” already exists.`, { name: "A pricing unit has this name already" });
    }
    const row = await tx.creditType.create({
      data: { id: randomUUID(), name, isFiat: false, precision, fiatCreditTypeId: fiat.id, fiatConversionRate: toDb(fiat_per_unit) },
      select: { id: true, name: true, isFiat: true, precision: true, fiatCreditTypeId: true, fiatConversionRate: true },
    });
    const created = { ...row, fiatConversionRate: fromDb(row.fiatConversionRate) };
    await recordAudit(tx, ctx.actor, { action: "credit_type.create", objectType: "credit_type", objectId: row.id, after: created });
    return created;
  });
}
