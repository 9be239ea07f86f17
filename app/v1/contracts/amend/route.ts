import { apiRoute } from "@/lib/http/api-route";
import { amendContract } from "@/lib/services/contracts/edit-contract";
import type { TAmendContract } from "@/lib/services/contracts/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: { id: (await amendContract(ctx, (await body()) as TAmendContract)).id } }));
