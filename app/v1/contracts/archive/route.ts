import { apiRoute } from "@/lib/http/api-route";
import { archiveContract } from "@/lib/services/contracts/contract-lifecycle";
import type { TArchiveContract } from "@/lib/services/contracts/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await archiveContract(ctx, (await body()) as TArchiveContract) }));
