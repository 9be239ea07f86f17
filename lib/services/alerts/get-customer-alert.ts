import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { readAlert, STATE_SELECT, toCustomerAlertRecord, type AlertRecord, type CustomerAlertRecord } from "./alert-record";
import { ZCustomerAlertId, type TCustomerAlertId } from "./schemas";

/** The alert, if it covers the customer; a 404 otherwise (as for an unknown one). */
export async function readCoveringAlert(db: Prisma.TransactionClient, alertId: string, customerId: string): Promise<AlertRecord> {
  await readCustomer(db, customerId);
  const alert = await readAlert(db, alertId);
  if (alert.customerId && alert.customerId !== customerId) {
    throw new AppError("not_found", "That alert is for another customer.", { alert_id: "The alert does not cover this customer" });
  }
  return alert;
}

/** POST /v1/customer-alerts/get. */
export async function getCustomerAlert(ctx: ServiceContext, input: TCustomerAlertId): Promise<CustomerAlertRecord> {
  const { alert_id, customer_id } = parseInput(ZCustomerAlertId, input);
  const alert = await readCoveringAlert(ctx.db, alert_id, customer_id);
  const state = await ctx.db.customerAlertState.findUnique({ where: { customerId_alertId: { customerId: customer_id, alertId: alert_id } }, select: STATE_SELECT });
  return toCustomerAlertRecord(alert, state);
}
