import type { NamedScheduleRetrieveResponse as ContractSchedule } from "@metronome/sdk/resources/v1/contracts/rate-cards/named-schedules";
import type { NamedScheduleRetrieveResponse as CustomerSchedule } from "@metronome/sdk/resources/v1/customers/named-schedules";
import type { NamedScheduleRetrieveResponse as RateCardSchedule } from "@metronome/sdk/resources/v1/contracts/named-schedules";
import type { ScheduleSegment } from "@/lib/services/named-schedules/schedule-segments";

// A named schedule on Metronome's wire: the same response for customers, contracts and rate
// cards (checked against each).

export function namedScheduleToWire(segments: readonly ScheduleSegment[]) {
  return {
    data: segments.map((s) => ({
      starting_at: s.startingAt.toISOString(),
      ...(s.endingBefore ? { ending_before: s.endingBefore.toISOString() } : {}),
      value: s.value,
    })),
  } satisfies CustomerSchedule & ContractSchedule & RateCardSchedule;
}
