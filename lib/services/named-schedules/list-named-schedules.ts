import type { ServiceContext } from "@/lib/services/context";
import type { NamedScheduleEntity } from "./schedule-owners";
import type { ScheduleSegment } from "./schedule-segments";
import { segmentsFromDb, type StoredSegment } from "./stored-schedule";

// The console's view of an entity's named schedules: each one set on it, by name, with its
// segments in time order. Metronome's API reads one schedule at a time (getNamedSchedule).

/** Schedules shown per entity; an entity holds a handful (one per custom pricing input). */
export const NAMED_SCHEDULES_SHOWN = 100;

export type NamedScheduleView = { name: string; segments: ScheduleSegment[] };

export async function listNamedSchedules(ctx: ServiceContext, entityType: NamedScheduleEntity, entityId: string): Promise<NamedScheduleView[]> {
  const rows = await ctx.db.namedSchedule.findMany({
    where: { entityType, entityId },
    orderBy: { name: "asc" },
    take: NAMED_SCHEDULES_SHOWN,
    select: { name: true, segments: true },
  });
  return rows.map((r) => ({ name: r.name, segments: segmentsFromDb(r.segments as StoredSegment[]) })).filter((s) => s.segments.length > 0);
}
