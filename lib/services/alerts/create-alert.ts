import { AppError } from "@/lib/errors";
import { toDb } from "@/lib/db/decimal";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { readAlert, type AlertRecord } from "./alert-record";
import { queueEvaluation } from "./queue-evaluation";
import { ZCreateAlert, type TCreateAlert } from "./schemas";

/**
 * Creates an alert. With evaluate_on_create (the default) every customer it covers is marked
 * `evaluating`, and the evaluation job settles them — notifying those already past the
 * threshold; without it, a customer is first evaluated when its usage or balances next change.
 */
export async function createAlert(ctx: ServiceContext, input: TCreateAlert, now = new Date()): Promise<AlertRecord> {
  authorize(ctx.actor, "customers:write");
  const { evaluateOnCreate, ...data } = parseInput(ZCreateAlert, input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      if (data.customerId) await readCustomer(tx, data.customerId);
      if (data.uniquenessKey && (await tx.alert.findUnique({ where: { uniquenessKey: data.uniquenessKey }, select: { id: true } }))) {
        throw new AppError("conflict", "An alert with this uniqueness_key already exists.", { uniqueness_key: "Already used" });
      }
      if (data.billableMetricId) {
        const metric = await tx.billableMetric.findUnique({ where: { id: data.billableMetricId }, select: { archivedAt: true, groupKeys: true } });
        if (!metric || metric.archivedAt) {
          throw new AppError("not_found", "billable_metric_id: no live billable metric has that id.", { billable_metric_id: "No live billable metric has that id" });
        }
        const groupKeys = new Set((metric.groupKeys as string[][]).flat());
        const stray = Object.keys(data.groupValues ?? {}).filter((key) => !groupKeys.has(key));
        if (stray.length) {
          throw new AppError("bad_request", `group_values: ${stray.join(", ")} is not a group key of the metric.`, { group_values: "Use the metric's group keys" });
        }
      }
      const creditTypeId = data.type === "usage_threshold_reached" ? null : (data.creditTypeId ?? USD_CENTS.id);
      if (creditTypeId && !(await tx.creditType.findUnique({ where: { id: creditTypeId }, select: { id: true } }))) {
        throw new AppError("not_found", "credit_type_id: no credit type has that id.", { credit_type_id: "No credit type has that id" });
      }
      const { id } = await tx.alert.create({
        data: {
          name: data.name,
          type: data.type,
          threshold: toDb(data.threshold),
          creditTypeId,
          billableMetricId: data.billableMetricId,
          customerId: data.customerId,
          groupValues: data.groupValues ?? undefined,
          uniquenessKey: data.uniquenessKey,
        },
        select: { id: true },
      });
      if (evaluateOnCreate) await queueEvaluation(tx, id, data.customerId, now);
      const alert = await readAlert(tx, id);
      await recordAudit(tx, ctx.actor, { action: "alert.create", objectType: "alert", objectId: id, customerId: data.customerId, after: { ...alert, evaluateOnCreate } });
      return alert;
    });
  } catch (error) {
    // Two creates with one uniqueness key at once: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", "An alert with this uniqueness_key already exists.", { uniqueness_key: "Already used" });
    throw error;
  }
}
