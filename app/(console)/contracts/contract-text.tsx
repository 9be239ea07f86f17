import { Badge } from "@/components/ui/badge";
import { formatPeriod, isoDay } from "@/lib/format";
import type { ContractStatus } from "@/lib/services/contracts/find-contracts";

const STATUS = {
  active: { label: "Active", tone: "green" },
  upcoming: { label: "Upcoming", tone: "blue" },
  ended: { label: "Ended", tone: "neutral" },
  archived: { label: "Archived", tone: "neutral" },
} as const;

export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

export const CONTRACT_STATUS_OPTIONS = [
  { value: "live", label: "Live contracts" },
  { value: "active", label: "Active" },
  { value: "upcoming", label: "Upcoming" },
  { value: "ended", label: "Ended" },
  { value: "archived", label: "Archived" },
  { value: "all", label: "All contracts" },
];

/** A contract's dates as people read them: start, and the last day it covers (or open-ended). */
export function contractDates(startingAt: Date, endingBefore: Date | null): string {
  return endingBefore ? formatPeriod(startingAt, endingBefore) : `${isoDay(startingAt)} – open-ended`;
}

/** Group values as a form takes them: comma-separated, trimmed, blanks dropped ("us, eu" → us and eu). */
export function splitGroupValues(text: string): string[] {
  return text.split(",").map((v) => v.trim()).filter((v) => v !== "");
}
