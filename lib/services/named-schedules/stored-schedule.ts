import type { Prisma } from "@/lib/db/generated/client";
import type { ScheduleOwner } from "./schedule-owners";
import type { ScheduleSegment } from "./schedule-segments";

// A schedule's segments as the `segments` column holds them: Metronome's snake_case, times as
// RFC 3339 strings, the value as given.

type Tx = Prisma.TransactionClient;
export type StoredSegment = { starting_at: string; ending_before?: string; value: unknown };

export const segmentsToDb = (segments: readonly ScheduleSegment[]): StoredSegment[] =>
  segments.map((s) => ({ starting_at: s.startingAt.toISOString(), ...(s.endingBefore ? { ending_before: s.endingBefore.toISOString() } : {}), value: s.value }));

export const segmentsFromDb = (stored: readonly StoredSegment[]): ScheduleSegment[] =>
  stored.map((s) => ({ startingAt: new Date(s.starting_at), endingBefore: s.ending_before ? new Date(s.ending_before) : null, value: s.value }));

/** The schedule's segments (none when it was never set); `lock`: its row is locked until the transaction ends, created empty if need be. */
export async function readSchedule(tx: Tx, owner: ScheduleOwner, name: string, { lock = false } = {}): Promise<ScheduleSegment[]> {
  const key = [owner.entityType, owner.entityId, name] as const;
  if (lock) {
    // Two first writers of one schedule: the second waits for the first's row, then locks it.
    await tx.$executeRaw`INSERT INTO named_schedule (entity_type, entity_id, name) VALUES (${key[0]}::"NamedScheduleEntity", ${key[1]}::uuid, ${key[2]}) ON CONFLICT DO NOTHING`;
    const [row] = await tx.$queryRaw<{ segments: StoredSegment[] }[]>`
      SELECT segments FROM named_schedule WHERE entity_type = ${key[0]}::"NamedScheduleEntity" AND entity_id = ${key[1]}::uuid AND name = ${key[2]} FOR UPDATE`;
    return segmentsFromDb(row!.segments);
  }
  const row = await tx.namedSchedule.findUnique({ where: { entityType_entityId_name: { entityType: key[0], entityId: key[1], name: key[2] } }, select: { segments: true } });
  return row ? segmentsFromDb(row.segments as StoredSegment[]) : [];
}
