// A named schedule's one rule: it is a time-ordered list of non-overlapping segments, each a
// half-open [startingAt, endingBefore) (endingBefore null: open-ended) holding one value; times
// no segment covers have no value. Setting a value over a range overwrites that range and only
// that range: a segment it overlaps keeps what lies outside it (one segment may become two).
// Pure: no database, no clock.

export type ScheduleSegment = { startingAt: Date; endingBefore: Date | null; value: unknown };

const endOf = (s: { endingBefore: Date | null }) => s.endingBefore?.getTime() ?? Infinity;

/** The schedule with `update.value` over [update.startingAt, update.endingBefore), time-ordered. */
export function setScheduleValue(segments: readonly ScheduleSegment[], update: ScheduleSegment): ScheduleSegment[] {
  const from = update.startingAt.getTime();
  const to = endOf(update);
  if (!(from < to)) throw new RangeError("A schedule segment must end after it starts");
  const kept: ScheduleSegment[] = [];
  for (const s of segments) {
    if (s.startingAt.getTime() < from) {
      kept.push({ ...s, endingBefore: endOf(s) <= from ? s.endingBefore : update.startingAt });
    }
    if (endOf(s) > to) {
      kept.push({ ...s, startingAt: s.startingAt.getTime() >= to ? s.startingAt : update.endingBefore! });
    }
  }
  return [...kept, update].sort((a, b) => a.startingAt.getTime() - b.startingAt.getTime());
}

/** The segment in force at `at` (at most one: segments never overlap); undefined: none. */
export function segmentCovering(segments: readonly ScheduleSegment[], at: Date): ScheduleSegment | undefined {
  const t = at.getTime();
  return segments.find((s) => s.startingAt.getTime() <= t && t < endOf(s));
}
