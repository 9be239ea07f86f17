import { apiRoute } from "@/lib/http/api-route";
import { archiveContract } from "@/lib/services/contracts/contract-lifecycle";
import type { TArchiveContract } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await archiveContract(ctx, (await body()) as TArchiveContract) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
