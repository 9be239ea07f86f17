import { apiRoute } from "@/lib/http/api-route";
import { updateContractEndDate } from "@/lib/services/contracts/contract-lifecycle";
import type { TUpdateEndDate } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await updateContractEndDate(ctx, (await body()) as TUpdateEndDate) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
