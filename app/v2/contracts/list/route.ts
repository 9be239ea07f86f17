import { apiRoute } from "@/lib/http/api-route";
import { contractToWire } from "@/lib/http/wire/contracts";
import { listContracts } from "@/lib/services/contracts/get-contract";
import type { TListContracts } from "@/lib/services/contracts/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: (await listContracts(ctx, (await body()) as TListContracts, new Date())).map(contractToWire) }));
