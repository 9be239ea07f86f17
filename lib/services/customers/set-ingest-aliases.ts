import { AppError } from "@/lib/errors";
import { lockCatalogExclusive } from "@/lib/metering/catalog";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { claimAliases } from "./claim-aliases";
import { readCustomer, type CustomerRecord } from "./customer-record";
import { ZSetIngestAliases, type TSetIngestAliases } from "./schemas";

/**
 * Replaces a customer's ingest aliases (idempotent, as in Metronome). A new alias brings the
 * events sent under it while no customer had it; a removed alias keeps the events it already
 * brought, and later events under it wait, unmatched, for whichever customer claims it next.
 */
export async function setIngestAliases(ctx: ServiceContext, customerId: string, input: TSetIngestAliases): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const { ingest_aliases: wanted } = parseInput(ZSetIngestAliases, input);
  return ctx.db.$transaction(async (tx) => {
    await lockCatalogExclusive(tx);
    const before = await readCustomer(tx, customerId);
    if (before.archivedAt) throw new AppError("conflict", "This customer is archived; an archived customer cannot be given ingest aliases.");
    const added = wanted.filter((alias) => !before.ingestAliases.includes(alias));
    const removed = before.ingestAliases.filter((alias) => !wanted.includes(alias));
    if (added.length === 0 && removed.length === 0) return before;
    await tx.customerAlias.deleteMany({ where: { customerId: before.id, alias: { in: removed } } });
    const attributedEvents = await claimAliases(tx, before.id, added);
    // The update also moves updated_at: the aliases are part of the customer.
    const externalId = before.externalId && removed.includes(before.externalId) ? null : before.externalId;
    await tx.customer.update({ where: { id: before.id }, data: { externalId } });
    const after = await readCustomer(tx, before.id);
    await recordAudit(tx, ctx.actor, {
      action: "customer.set_ingest_aliases",
      objectType: "customer",
      objectId: before.id,
      customerId: before.id,
      before: { ingestAliases: before.ingestAliases },
      after: { ingestAliases: after.ingestAliases, attributedEvents },
    });
    return after;
  });
}
