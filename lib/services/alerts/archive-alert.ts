import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readAlert, type AlertRecord } from "./alert-record";
import { ZArchiveAlert, type TArchiveAlert } from "./schemas";

/**
 * Archives an alert: the evaluation job stops at once (it reads live alerts only); the customers'
 * last states stay as its history. Archiving twice changes nothing, except that the second call
 * may still release the uniqueness key.
 */
export async function archiveAlert(ctx: ServiceContext, input: TArchiveAlert, now = new Date()): Promise<AlertRecord> {
  authorize(ctx.actor, "customers:write");
  const { id, release_uniqueness_key } = parseInput(ZArchiveAlert, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readAlert(tx, id);
    const release = release_uniqueness_key === true && before.uniquenessKey !== null;
    if (before.archivedAt && !release) return before;
    await tx.alert.update({ where: { id }, data: { archivedAt: before.archivedAt ?? now, ...(release ? { uniquenessKey: null } : {}) } });
    const after = await readAlert(tx, id);
    await recordAudit(tx, ctx.actor, {
      action: "alert.archive",
      objectType: "alert",
      objectId: id,
      customerId: before.customerId,
      before: { archivedAt: before.archivedAt, uniquenessKey: before.uniquenessKey },
      after: { archivedAt: after.archivedAt, uniquenessKey: after.uniquenessKey },
    });
    return after;
  });
}
