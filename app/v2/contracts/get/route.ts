import { apiRoute } from "@/lib/http/api-route";
import { contractToWire } from "@/lib/http/wire/contracts";
import { getContract } from "@/lib/services/contracts/get-contract";
import type { TGetContract } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: contractToWire(await getContract(ctx, (await body()) as TGetContract, new Date())) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
