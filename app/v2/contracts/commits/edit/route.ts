import { apiRoute } from "@/lib/http/api-route";
import { editCommit } from "@/lib/services/contracts/edit-balance";
import type { TEditCommit } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await editCommit(ctx, (await body()) as TEditCommit) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
