import { z } from "zod";
import { API_KEY_SCOPES } from "./scopes";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  scope: z.enum(API_KEY_SCOPES, { error: "Choose full, read or ingest" }).default("full"),
});
export type TCreateApiKey = z.input<typeof ZCreateApiKey>;

export const ZRevokeApiKey = z.object({ id: z.uuid() });
export type TRevokeApiKey = z.infer<typeof ZRevokeApiKey>;
