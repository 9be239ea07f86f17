import { z } from "zod";

const day = (what: string) =>
  z
    .string(`Give the ${what} as a date (YYYY-MM-DD)`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Give the ${what} as a date (YYYY-MM-DD)`)
    .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), `The ${what} is not a calendar date`)
    .transform((text) => new Date(`${text}T00:00:00Z`));

/** A reporting window of whole UTC days: `from` inclusive, `to` exclusive (a month: 2026-10-01 to 2026-11-01). */
export const ZFinanceWindow = z
  .object({ from: day("first day"), to: day("end (exclusive)") })
  .refine((w) => !(w.from instanceof Date && w.to instanceof Date) || w.from < w.to, { message: "The window must end after it starts", path: ["to"] })
  .refine((w) => !(w.from instanceof Date && w.to instanceof Date) || w.to.getTime() - w.from.getTime() <= 366 * 86_400_000, { message: "A report covers at most a year", path: ["to"] });
export type TFinanceWindow = z.input<typeof ZFinanceWindow>;
