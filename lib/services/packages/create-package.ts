import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { checkProducts } from "@/lib/services/contracts/create-contract";
import { ZCreateContract } from "@/lib/services/contracts/schemas";
import { parseInput } from "@/lib/services/parse-input";
import { strictInputScope } from "@/lib/services/strict-input";
import { packageContractInput, toStoredTerms } from "./package-record";
import { ZCreatePackage, type TCreatePackage } from "./schemas";

// Any hour does: the check below is of the terms' shape, which does not depend on the start.
const SAMPLE_START = new Date("2000-01-01T00:00:00Z");
const SAMPLE_CUSTOMER = "00000000-0000-4000-8000-000000000000";

/**
 * POST /v1/packages/create. A package is never edited once created (as in Metronome): its terms
 * are checked now as a contract starting at any hour would take them, and again, against the
 * rate card and the customer, when a contract is created from it.
 */
export async function createPackage(ctx: ServiceContext, input: TCreatePackage): Promise<{ id: string }> {
  authorize(ctx.actor, "pricing:write");
  const data = parseInput(ZCreatePackage, input);
  const terms = toStoredTerms(data);
  // The package's terms resolved are a contract's: refuse now what a contract would refuse.
  const sample = strictInputScope(() => parseInput(ZCreateContract, packageContractInput(terms, { customer_id: SAMPLE_CUSTOMER, starting_at: SAMPLE_START })));
  return ctx.db.$transaction(async (tx) => {
    if (data.uniqueness_key && (await tx.package.findUnique({ where: { uniquenessKey: data.uniqueness_key }, select: { id: true } }))) {
      throw new AppError("conflict", "A package with this uniqueness_key already exists.", { uniqueness_key: "Already used" });
    }
    if (data.rate_card_id) {
      const card = await tx.rateCard.findUnique({ where: { id: data.rate_card_id }, select: { archivedAt: true } });
      if (!card || card.archivedAt) throw new AppError("not_found", "No live rate card has that rate_card_id.", { rate_card_id: "Unknown rate card" });
    }
    await checkProducts(tx, sample);
    const row = await tx.package.create({
      data: { name: data.name, aliases: terms.aliases ?? [], terms, uniquenessKey: data.uniqueness_key ?? null, createdBy: ctx.actor.name },
      select: { id: true },
    });
    await recordAudit(tx, ctx.actor, { action: "package.create", objectType: "package", objectId: row.id, after: terms });
    return { id: row.id };
  });
}
