import { changeCatalog, lockCatalogExclusive } from "@/lib/metering/catalog";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readCustomer, type CustomerRecord } from "./customer-record";
import { ZArchiveCustomer, type TArchiveCustomer } from "./schemas";

/**
 * Archives a customer for good. Its aliases are freed (the audit entry keeps them), so events
 * sent under them from now on wait, unmatched, for a customer that claims them; the events it
 * already has stay its own. Archiving twice changes nothing.
 */
export async function archiveCustomer(ctx: ServiceContext, input: TArchiveCustomer): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const { id } = parseInput(ZArchiveCustomer, input);
  return ctx.db.$transaction(async (tx) => {
    await lockCatalogExclusive(tx);
    const before = await readCustomer(tx, id);
    if (before.archivedAt) return before;
    await tx.customerAlias.deleteMany({ where: { customerId: id } });
    // Freeing the aliases changes what ingest resolves, so it is a catalog change.
    if (before.ingestAliases.length) await changeCatalog(tx);
    await tx.customer.update({ where: { id }, data: { archivedAt: new Date(), externalId: null } });
    const after = await readCustomer(tx, id);
    await recordAudit(tx, ctx.actor, {
      action: "customer.archive",
      objectType: "customer",
      objectId: id,
      customerId: id,
      before: { archivedAt: null, externalId: before.externalId, ingestAliases: before.ingestAliases },
      after: { archivedAt: after.archivedAt, externalId: null, ingestAliases: [] },
    });
    return after;
  });
}
