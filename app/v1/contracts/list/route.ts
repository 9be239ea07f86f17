import { apiRoute } from "@/lib/http/api-route";
import { contractToV1Wire } from "@/lib/http/wire/contracts-v1";
import { listContracts } from "@/lib/services/contracts/get-contract";
import type { TListContracts } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: (await listContracts(ctx, (await body()) as TListContracts, new Date())).map(contractToV1Wire) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
