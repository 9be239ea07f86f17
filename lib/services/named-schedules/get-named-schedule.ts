import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { findScheduleOwner, SCHEDULE_OWNERS, type NamedScheduleEntity } from "./schedule-owners";
import { segmentCovering, type ScheduleSegment } from "./schedule-segments";
import type { TGetContractNamedSchedule, TGetCustomerNamedSchedule, TGetRateCardNamedSchedule } from "./schemas";
import { readSchedule } from "./stored-schedule";

type Input = { customer: TGetCustomerNamedSchedule; contract: TGetContractNamedSchedule; rate_card: TGetRateCardNamedSchedule };

/**
 * getNamedSchedule (customers, contracts, rate cards): the schedule's segments in time order, or,
 * given `covering_date`, the one in force then (none: an empty list). A schedule never set is
 * empty; an entity that does not exist is a 404. Archived entities are read as they were.
 */
export async function getNamedSchedule<E extends NamedScheduleEntity>(ctx: ServiceContext, entityType: E, input: Input[E]): Promise<ScheduleSegment[]> {
  const q = parseInput(SCHEDULE_OWNERS[entityType].retrieve, input);
  const owner = await findScheduleOwner(ctx.db, entityType, q);
  const segments = await readSchedule(ctx.db, owner, q.schedule_name);
  if (!q.covering_date) return segments;
  const covering = segmentCovering(segments, q.covering_date);
  return covering ? [covering] : [];
}
