import { apiRoute } from "@/lib/http/api-route";
import { updateCreditEndDate } from "@/lib/services/contracts/edit-balance";
import type { TUpdateCreditEndDate } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await updateCreditEndDate(ctx, (await body()) as TUpdateCreditEndDate) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
