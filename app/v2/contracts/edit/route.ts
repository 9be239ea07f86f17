import { apiRoute } from "@/lib/http/api-route";
import { editContract } from "@/lib/services/contracts/edit-contract";
import type { TEditContract } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const { id, editId } = await editContract(ctx, (await body()) as TEditContract);
  return { data: { id, ...(editId ? { edit: { id: editId } } : {}) } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
