import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import type { NamedScheduleEntity } from "@/lib/db/generated/enums";
import type { Permission } from "@/lib/auth/roles";
import { CONTRACT_NOT_FOUND } from "@/lib/services/contracts/contract-record";
import { CUSTOMER_NOT_FOUND } from "@/lib/services/customers/customer-record";
import { RATE_CARD_NOT_FOUND } from "@/lib/services/rate-cards/rate-card-record";
import {
  ZGetContractNamedSchedule,
  ZGetCustomerNamedSchedule,
  ZGetRateCardNamedSchedule,
  ZUpdateContractNamedSchedule,
  ZUpdateCustomerNamedSchedule,
  ZUpdateRateCardNamedSchedule,
} from "./schemas";

// The three entities a named schedule belongs to, each named by its own ids in the request.

type Tx = Prisma.TransactionClient;
export type { NamedScheduleEntity };

/** What the request's ids name: the entity, and the customer it belongs to (for its audit entry). */
export type ScheduleOwner = { entityType: NamedScheduleEntity; entityId: string; customerId: string | null; archived: boolean };

type Ids = { customer_id?: string; contract_id?: string; rate_card_id?: string };

export const SCHEDULE_OWNERS = {
  customer: { retrieve: ZGetCustomerNamedSchedule, update: ZUpdateCustomerNamedSchedule, permission: "customers:write", noun: "customer" },
  contract: { retrieve: ZGetContractNamedSchedule, update: ZUpdateContractNamedSchedule, permission: "customers:write", noun: "contract" },
  rate_card: { retrieve: ZGetRateCardNamedSchedule, update: ZUpdateRateCardNamedSchedule, permission: "pricing:write", noun: "rate card" },
} as const satisfies Record<NamedScheduleEntity, { permission: Permission; noun: string; retrieve: unknown; update: unknown }>;

/** The entity the ids name, or a 404 naming the id that matched nothing. */
export async function findScheduleOwner(tx: Tx, entityType: NamedScheduleEntity, ids: Ids): Promise<ScheduleOwner> {
  switch (entityType) {
    case "customer": {
      const row = await tx.customer.findUnique({ where: { id: ids.customer_id! }, select: { id: true, archivedAt: true } });
      if (!row) throw new AppError("not_found", CUSTOMER_NOT_FOUND, { customer_id: CUSTOMER_NOT_FOUND });
      return { entityType, entityId: row.id, customerId: row.id, archived: row.archivedAt !== null };
    }
    case "contract": {
      const row = await tx.contract.findFirst({ where: { id: ids.contract_id!, customerId: ids.customer_id! }, select: { id: true, customerId: true, archivedAt: true } });
      if (!row) throw new AppError("not_found", CONTRACT_NOT_FOUND, { contract_id: CONTRACT_NOT_FOUND });
      return { entityType, entityId: row.id, customerId: row.customerId, archived: row.archivedAt !== null };
    }
    case "rate_card": {
      const row = await tx.rateCard.findUnique({ where: { id: ids.rate_card_id! }, select: { id: true, archivedAt: true } });
      if (!row) throw new AppError("not_found", RATE_CARD_NOT_FOUND, { rate_card_id: RATE_CARD_NOT_FOUND });
      return { entityType, entityId: row.id, customerId: null, archived: row.archivedAt !== null };
    }
  }
}
