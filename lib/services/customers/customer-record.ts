import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { pathId } from "@/lib/services/ids";

export type CustomerRecord = {
  id: string;
  name: string;
  /** The alias given as Metronome's deprecated `external_id`, while it is still an alias. */
  externalId: string | null;
  ingestAliases: string[];
  customFields: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  salesforceAccountId: string | null;
};

export const CUSTOMER_SELECT = {
  id: true,
  name: true,
  externalId: true,
  customFields: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  salesforceAccountId: true,
  aliases: { select: { alias: true }, orderBy: { alias: "asc" } },
} as const satisfies Prisma.CustomerSelect;

type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof CUSTOMER_SELECT }>;

export function toCustomerRecord(row: CustomerRow): CustomerRecord {
  const { aliases, customFields, ...rest } = row;
  return { ...rest, ingestAliases: aliases.map((a) => a.alias), customFields: customFields as Record<string, string> };
}

export const CUSTOMER_NOT_FOUND = "No customer has that id.";

/** The customer as it is now, or a 404; `customerId` may come straight from a URL. */
export async function readCustomer(db: Prisma.TransactionClient, customerId: string): Promise<CustomerRecord> {
  const row = await db.customer.findUnique({ where: { id: pathId(customerId, CUSTOMER_NOT_FOUND) }, select: CUSTOMER_SELECT });
  if (!row) throw new AppError("not_found", CUSTOMER_NOT_FOUND);
  return toCustomerRecord(row);
}
