import { z } from "zod";
import type { ApiKeyScope } from "@/lib/db/generated/enums";
import { API_KEY_SCOPES } from "./scopes";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  // Forms and the command line send text; the enum checks it.
  scope: z
    .enum(API_KEY_SCOPES as unknown as [string, ...string[]], { error: "Choose full, read or ingest" })
    .transform((s) => s as ApiKeyScope)
    .default("full"),
});
export type TCreateApiKey = z.input<typeof ZCreateApiKey>;

export const ZRevokeApiKey = z.object({ id: z.uuid() });
export type TRevokeApiKey = z.infer<typeof ZRevokeApiKey>;
