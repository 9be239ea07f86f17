import { z } from "zod";
import { HOUR_MS } from "@/lib/billing/calendar";
import { Decimal } from "@/lib/billing/decimal";

// Fields of the pricing operations (products, rate cards, rates) that several schemas share.

const DECIMAL_TEXT = /^-?(\d+\.?\d*|\.\d+)$/;
/**
 * Stored amounts are numeric(65, 30): at most 35 digits before the point. An input is kept well
 * inside that, so that it times a quantity, or summed over a period, still fits.
 */
export const MAX_DECIMAL_MAGNITUDE = new Decimal("1e20");

/**
 * An exact decimal. Metronome's wire sends JSON numbers; a decimal string is accepted too (the
 * console sends strings, and a string keeps digits a JSON number would lose). A number becomes
 * the Decimal of its shortest round-trip spelling, so 0.1 is exactly 0.1.
 */
export const ZDecimal = z
  .union([z.number("Must be a number").refine(Number.isFinite, "Must be a finite number"), z.string().trim()], "Must be a number")
  .transform((value, ctx) => {
    const text = typeof value === "number" ? String(value) : value;
    if (typeof value === "string" && !DECIMAL_TEXT.test(text)) {
      ctx.addIssue({ code: "custom", message: "Must be a decimal number, e.g. 0.25" });
      return z.NEVER;
    }
    const decimal = new Decimal(text);
    if (decimal.abs().gte(MAX_DECIMAL_MAGNITUDE)) {
      ctx.addIssue({ code: "custom", message: "Must be less than 10^20 in magnitude" });
      return z.NEVER;
    }
    return decimal;
  });

export const ZNonNegativeDecimal = ZDecimal.refine((d) => d.gte(0), "Must not be negative");
export const ZPositiveDecimal = ZDecimal.refine((d) => d.gt(0), "Must be greater than 0");

/** An RFC 3339 instant with a zone, as Metronome takes them. */
export const ZInstant = z.iso.datetime({ offset: true, message: "Must be an RFC 3339 timestamp, e.g. 2026-07-01T00:00:00Z" }).transform((s) => new Date(s));

/** Rateline's rule (as Metronome's): price and product changes take effect on the hour. */
export const ZHourInstant = ZInstant.refine(
  (d) => d.getTime() % HOUR_MS === 0,
  "Must be on an hour boundary (e.g. 2026-07-01T13:00:00Z, not 13:30); prices and products change on the hour",
);

/** Tags and group keys: trimmed, non-empty, each at most once. */
export const ZNames = z
  .array(z.string().trim().min(1, "Must not be empty").max(200, "At most 200 characters"))
  .max(100, "At most 100 entries")
  .refine((names) => new Set(names).size === names.length, "Each entry may appear only once");
