import { z } from "zod";
import { ZId } from "@/lib/services/zod-fields";
import { ZInstant } from "@/lib/services/zod-pricing";

// Metronome's named schedule bodies (NamedScheduleRetrieveParams, NamedScheduleUpdateParams in
// v1/customers, v1/contracts and v1/contracts/rate-cards of @metronome/sdk): the same schedule
// fields on three entities, each named by its own ids.

/** A value's JSON is at most this long (Metronome gives no limit; the schedule is one row). */
export const MAX_VALUE_CHARS = 64 * 1024;
/** A schedule holds at most this many segments, and at most this much JSON in all. */
export const MAX_SEGMENTS = 1000;
export const MAX_SCHEDULE_CHARS = 1024 * 1024;

const ZScheduleName = z.string("Give the schedule's name").trim().min(1, "Give the schedule's name").max(200, "A schedule name is at most 200 characters");

const ZValue = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) ctx.addIssue({ code: "custom", message: "Give the value to set (any JSON)" });
  else if (JSON.stringify(value).length > MAX_VALUE_CHARS) ctx.addIssue({ code: "custom", message: `A schedule value is at most ${MAX_VALUE_CHARS / 1024} KB of JSON` });
});

const ZRetrieve = z.object({ schedule_name: ZScheduleName, covering_date: ZInstant.optional() });
const ZUpdate = z.object({ schedule_name: ZScheduleName, starting_at: ZInstant, ending_before: ZInstant.optional(), value: ZValue });
const endsAfterStart = <T extends { starting_at: Date; ending_before?: Date }>(b: T) => !b.ending_before || b.starting_at < b.ending_before;
const ENDS_AFTER_START = { message: "Must be after starting_at", path: ["ending_before"] };

const customer = { customer_id: ZId };
const contract = { customer_id: ZId, contract_id: ZId };
const rateCard = { rate_card_id: ZId };

export const ZGetCustomerNamedSchedule = ZRetrieve.extend(customer);
export const ZGetContractNamedSchedule = ZRetrieve.extend(contract);
export const ZGetRateCardNamedSchedule = ZRetrieve.extend(rateCard);
export const ZUpdateCustomerNamedSchedule = ZUpdate.extend(customer).refine(endsAfterStart, ENDS_AFTER_START);
export const ZUpdateContractNamedSchedule = ZUpdate.extend(contract).refine(endsAfterStart, ENDS_AFTER_START);
export const ZUpdateRateCardNamedSchedule = ZUpdate.extend(rateCard).refine(endsAfterStart, ENDS_AFTER_START);

export type TGetCustomerNamedSchedule = z.input<typeof ZGetCustomerNamedSchedule>;
export type TGetContractNamedSchedule = z.input<typeof ZGetContractNamedSchedule>;
export type TGetRateCardNamedSchedule = z.input<typeof ZGetRateCardNamedSchedule>;
export type TUpdateCustomerNamedSchedule = z.input<typeof ZUpdateCustomerNamedSchedule>;
export type TUpdateContractNamedSchedule = z.input<typeof ZUpdateContractNamedSchedule>;
export type TUpdateRateCardNamedSchedule = z.input<typeof ZUpdateRateCardNamedSchedule>;
