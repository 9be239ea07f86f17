import { z } from "zod";

/** How far back the overview's usage trend reaches: a day by hour, or 7 or 30 days by day. */
export const OVERVIEW_RANGES = ["24h", "7d", "30d"] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];

export const ZGetOverview = z.object({
  range: z.enum(OVERVIEW_RANGES, "Choose 24h, 7d or 30d").default("7d"),
});
export type TGetOverview = z.input<typeof ZGetOverview>;
