import { z } from "zod";
import { ZId } from "@/lib/services/zod-fields";
import { ZPositiveDecimal } from "@/lib/services/zod-pricing";

/** A custom pricing unit (e.g. "GPU credits"): console only, Metronome has no create endpoint. */
export const ZCreateCreditType = z.object({
  name: z.string("Enter a name").trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  precision: z.coerce.number("Must be a whole number").int("Must be a whole number").min(0, "Must not be negative").max(12, "At most 12 decimal places"),
  fiat_credit_type_id: ZId.optional(),
  /** How many fiat units (e.g. US cents) one unit is worth: the default conversion for rate cards. */
  fiat_per_unit: ZPositiveDecimal,
});
export type TCreateCreditType = z.input<typeof ZCreateCreditType>;
