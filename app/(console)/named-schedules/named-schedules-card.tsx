import { Card } from "@/components/ui/card";
import { formatPeriod, isoDay } from "@/lib/format";
import type { NamedScheduleView } from "@/lib/services/named-schedules/list-named-schedules";

// An entity's named schedules (values that change over time, set through updateNamedSchedule),
// read-only: each value as given, with the time it is in force.

export function NamedSchedulesCard({ schedules, noun }: { schedules: NamedScheduleView[]; noun: string }) {
  if (schedules.length === 0) return null;
  return (
    <Card title="Named schedules" description={`Values that change over time, set on this ${noun} through the API (updateNamedSchedule).`}>
      <ul className="space-y-4 text-sm" aria-label="Named schedules">
        {schedules.map((schedule) => (
          <li key={schedule.name}>
            <p className="font-medium text-slate-900">{schedule.name}</p>
            <ul className="mt-1 space-y-1" aria-label={`Schedule ${schedule.name}`}>
              {schedule.segments.map((segment, i) => (
                <li key={i} className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <code className="break-all text-xs text-slate-800">{JSON.stringify(segment.value)}</code>
                  <span className="whitespace-nowrap text-xs text-slate-500">{segment.endingBefore ? formatPeriod(segment.startingAt, segment.endingBefore) : `from ${isoDay(segment.startingAt)}`}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Card>
  );
}
