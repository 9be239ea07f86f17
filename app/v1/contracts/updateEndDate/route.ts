import { apiRoute } from "@/lib/http/api-route";
import { updateContractEndDate } from "@/lib/services/contracts/contract-lifecycle";
import type { TUpdateEndDate } from "@/lib/services/contracts/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await updateContractEndDate(ctx, (await body()) as TUpdateEndDate) }));
