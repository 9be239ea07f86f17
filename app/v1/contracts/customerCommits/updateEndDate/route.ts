import { apiRoute } from "@/lib/http/api-route";
import { updateCommitEndDate } from "@/lib/services/contracts/edit-balance";
import type { TUpdateCommitEndDate } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await updateCommitEndDate(ctx, (await body()) as TUpdateCommitEndDate) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
