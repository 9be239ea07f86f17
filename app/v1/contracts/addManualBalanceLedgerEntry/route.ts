import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { addManualLedgerEntry } from "@/lib/services/balances/add-manual-ledger-entry";
import type { TAddManualLedgerEntry } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// Metronome answers with an empty body.
export const POST = apiRoute(async ({ ctx, body }) => {
  await addManualLedgerEntry(ctx, jsonObject(await body()) as TAddManualLedgerEntry);
  return {};
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
