import { apiRoute } from "@/lib/http/api-route";
import { contractToV1Wire } from "@/lib/http/wire/contracts-v1";
import { getContractV1 } from "@/lib/services/contracts/get-contract";
import type { TGetContractV1 } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: contractToV1Wire(await getContractV1(ctx, (await body()) as TGetContractV1, new Date())) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
