import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { namedScheduleToWire } from "@/lib/http/wire/named-schedules";
import { getNamedSchedule } from "@/lib/services/named-schedules/get-named-schedule";
import type { TGetCustomerNamedSchedule } from "@/lib/services/named-schedules/schemas";

export const POST = apiRoute(async ({ ctx, body }) => namedScheduleToWire(await getNamedSchedule(ctx, "customer", (await body()) as TGetCustomerNamedSchedule)));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
