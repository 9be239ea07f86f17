import { z } from "zod";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
});
export type TCreateApiKey = z.infer<typeof ZCreateApiKey>;

export const ZRevokeApiKey = z.object({ id: z.uuid() });
export type TRevokeApiKey = z.infer<typeof ZRevokeApiKey>;
