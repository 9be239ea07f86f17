import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { ALERT_SELECT, STATE_SELECT, toAlertRecord, toCustomerAlertRecord, withCreditTypeNames, type CustomerAlertRecord } from "./alert-record";
import { ZListCustomerAlerts, type TListCustomerAlerts } from "./schemas";

// Metronome's page size for this list is fixed (its params have no limit).
const PAGE_SIZE = 100;

/** POST /v1/customer-alerts/list: the alerts that cover the customer, each with its status for it. */
export async function listCustomerAlerts(ctx: ServiceContext, input: TListCustomerAlerts): Promise<{ data: CustomerAlertRecord[]; next_page: string | null }> {
  const q = parseInput(ZListCustomerAlerts, input);
  await readCustomer(ctx.db, q.customer_id);
  const statuses = new Set(q.alert_statuses ?? ["ENABLED"]);
  // Rateline's alerts are enabled until archived; none is ever disabled.
  const archived: Prisma.AlertWhereInput[] = [
    ...(statuses.has("ENABLED") ? [{ archivedAt: null }] : []),
    ...(statuses.has("ARCHIVED") ? [{ archivedAt: { not: null } }] : []),
  ];
  if (archived.length === 0) return { data: [], next_page: null };
  const keyset = keysetQuery("createdAt", "id", "asc", decodeKeysetCursor(q.next_page, "instant", "uuid"));
  const rows = await ctx.db.alert.findMany({
    where: { AND: [{ OR: [{ customerId: q.customer_id }, { customerId: null }] }, { OR: archived }, keyset.where as Prisma.AlertWhereInput] },
    orderBy: keyset.orderBy as Prisma.AlertOrderByWithRelationInput[],
    take: PAGE_SIZE + 1,
    select: { ...ALERT_SELECT, states: { where: { customerId: q.customer_id }, select: STATE_SELECT } },
  });
  const page = toPage(rows, PAGE_SIZE, (row) => keysetCursor({ key: row.createdAt, id: row.id }));
  const data = page.data.map((row) => toCustomerAlertRecord(toAlertRecord(row), row.states[0]));
  return { data: await withCreditTypeNames(ctx.db, data), next_page: page.next_page };
}
