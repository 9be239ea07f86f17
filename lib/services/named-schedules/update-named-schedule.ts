import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { findScheduleOwner, SCHEDULE_OWNERS, type NamedScheduleEntity } from "./schedule-owners";
import { setScheduleValue, type ScheduleSegment } from "./schedule-segments";
import { MAX_SCHEDULE_CHARS, MAX_SEGMENTS, type TUpdateContractNamedSchedule, type TUpdateCustomerNamedSchedule, type TUpdateRateCardNamedSchedule } from "./schemas";
import { readSchedule, segmentsToDb } from "./stored-schedule";

type Input = { customer: TUpdateCustomerNamedSchedule; contract: TUpdateContractNamedSchedule; rate_card: TUpdateRateCardNamedSchedule };

/**
 * updateNamedSchedule (customers, contracts, rate cards): sets `value` over [starting_at,
 * ending_before) — open-ended without ending_before —, keeping what the schedule holds outside
 * that range (schedule-segments.ts). One schedule's updates are serialized on its row; each is
 * audited on its entity with the schedule before and after.
 */
export async function updateNamedSchedule<E extends NamedScheduleEntity>(ctx: ServiceContext, entityType: E, input: Input[E]): Promise<ScheduleSegment[]> {
  const spec = SCHEDULE_OWNERS[entityType];
  authorize(ctx.actor, spec.permission);
  const u = parseInput(spec.update, input);
  return ctx.db.$transaction(async (tx) => {
    const owner = await findScheduleOwner(tx, entityType, u);
    if (owner.archived) throw new AppError("conflict", `This ${spec.noun} is archived; its named schedules cannot be changed.`);
    const before = await readSchedule(tx, owner, u.schedule_name, { lock: true });
    const after = setScheduleValue(before, { startingAt: u.starting_at, endingBefore: u.ending_before ?? null, value: u.value });
    const stored = segmentsToDb(after);
    if (after.length > MAX_SEGMENTS) {
      throw new AppError("bad_request", `Invalid request: the schedule would hold ${after.length} segments; a named schedule holds at most ${MAX_SEGMENTS}.`, { starting_at: `At most ${MAX_SEGMENTS} segments per schedule` });
    }
    if (JSON.stringify(stored).length > MAX_SCHEDULE_CHARS) {
      throw new AppError("bad_request", `Invalid request: value: the schedule would hold over ${MAX_SCHEDULE_CHARS / 1024 / 1024} MB of JSON, a named schedule's limit.`, { value: "The schedule would be too large" });
    }
    await tx.namedSchedule.update({
      where: { entityType_entityId_name: { entityType, entityId: owner.entityId, name: u.schedule_name } },
      data: { segments: stored as Prisma.InputJsonValue, updatedAt: new Date() },
    });
    await recordAudit(tx, ctx.actor, {
      action: "named_schedule.update",
      objectType: entityType,
      objectId: owner.entityId,
      customerId: owner.customerId,
      before: { schedule_name: u.schedule_name, segments: segmentsToDb(before) },
      after: { schedule_name: u.schedule_name, segments: stored },
    });
    return after;
  });
}
