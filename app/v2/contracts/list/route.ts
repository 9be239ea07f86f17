import { apiRoute } from "@/lib/http/api-route";
import { contractToWire } from "@/lib/http/wire/contracts";
import { listContracts } from "@/lib/services/contracts/get-contract";
import type { TListContracts } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: (await listContracts(ctx, (await body()) as TListContracts, new Date())).map(contractToWire) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
