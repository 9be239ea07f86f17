import { apiRoute } from "@/lib/http/api-route";
import { createContract } from "@/lib/services/contracts/create-contract";
import type { TCreateContract } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await createContract(ctx, (await body()) as TCreateContract) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
