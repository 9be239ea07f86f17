import { apiRoute } from "@/lib/http/api-route";
import { editCredit } from "@/lib/services/contracts/edit-balance";
import type { TEditCredit } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await editCredit(ctx, (await body()) as TEditCredit) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
