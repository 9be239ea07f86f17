import { apiRoute } from "@/lib/http/api-route";
import { getContractEditHistory } from "@/lib/services/contracts/edit-contract";
import type { TContractRef } from "@/lib/services/contracts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// Each edit as it was asked for (Metronome's add_*/update_* fields), with its id and time.
export const POST = apiRoute(async ({ ctx, body }) => {
  const edits = await getContractEditHistory(ctx, (await body()) as TContractRef);
  return {
    data: edits.map((e) => {
      const { customer_id: _c, contract_id: _k, ...changes } = e.payload as Record<string, unknown>;
      return { id: e.id, timestamp: e.effectiveAt.toISOString(), ...changes, kind: e.kind, created_at: e.createdAt.toISOString(), created_by: e.actorName };
    }),
  };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
