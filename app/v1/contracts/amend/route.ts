import { apiRoute } from "@/lib/http/api-route";
import { amendContract } from "@/lib/services/contracts/edit-contract";
import type { TAmendContract } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: { id: (await amendContract(ctx, (await body()) as TAmendContract)).id } }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
