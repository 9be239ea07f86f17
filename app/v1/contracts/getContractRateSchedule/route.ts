import { apiRoute } from "@/lib/http/api-route";
import { productRateToWire } from "@/lib/http/wire/rate-cards";
import { effectiveRateToWire } from "@/lib/http/wire/contracts";
import { getContractRateSchedule } from "@/lib/services/contracts/contract-rate-schedule";
import type { TContractRateSchedule } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const query = request.nextUrl.searchParams;
  const input = { ...((await body()) as object), limit: query.get("limit") ?? undefined, next_page: query.get("next_page") ?? undefined } as TContractRateSchedule;
  const page = await getContractRateSchedule(ctx, input, new Date());
  return {
    data: page.data.map((r) => {
      const { rate, ...rest } = productRateToWire(r);
      const override = r.overridden && r.effective ? effectiveRateToWire(r.effective, r.pricingGroupValues) : undefined;
      return { ...rest, rate_card_id: r.rateCardId, entitled: r.contractEntitled, list_rate: rate, ...(override ? { override_rate: override } : {}) };
    }),
    next_page: page.next_page,
  };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
