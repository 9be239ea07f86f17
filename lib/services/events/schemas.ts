import { z } from "zod";
import { ZPageParams } from "@/lib/services/pagination";
import { ZFlag } from "@/lib/services/zod-fields";

const ZFilterText = z
  .string()
  .trim()
  .max(256)
  .optional()
  .transform((value) => value || undefined);

export const ZListEvents = ZPageParams.extend({
  /** A customer's id or any of its aliases, or an alias no customer has (its unmatched events). */
  customer: ZFilterText,
  event_type: ZFilterText,
  transaction_id: ZFilterText,
  /** Only events whose alias matched no customer. */
  unmatched: ZFlag.optional(),
});
export type TListEvents = z.input<typeof ZListEvents>;
