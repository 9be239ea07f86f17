"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";
import { createUser, setUserRole } from "@/lib/services/users/manage-users";
import { resetUserPassword, setUserDisabled } from "@/lib/services/users/user-access";

const refresh = <T,>(result: T) => {
  revalidatePath("/settings");
  return result;
};

export const createApiKeyAction = serverAction(async (ctx, input) => refresh(await createApiKey(ctx, { name: input.name ?? "", scope: input.scope ?? "" })));

export const revokeApiKeyAction = serverAction(
  async (ctx, input) => refresh(await revokeApiKey(ctx, { id: input.id ?? "" })),
  (key) => `Revoked “${key.name}”.`,
);

export const createUserAction = serverAction(
  async (ctx, input) =>
    refresh(await createUser(ctx, { email: input.email ?? "", name: input.name ?? "", role: input.role ?? "", password: input.password ?? "" })),
  (user) => `Added ${user.email}.`,
);

export const setUserRoleAction = serverAction(
  async (ctx, input) => refresh(await setUserRole(ctx, { id: input.id ?? "", role: input.role ?? "" })),
  (user) => `${user.email} is now ${user.role}.`,
);

export const setUserDisabledAction = serverAction(
  async (ctx, input) => refresh(await setUserDisabled(ctx, { id: input.id ?? "", disabled: input.disabled === "true" })),
  (user) => (user.disabledAt ? `Disabled ${user.email}; their sessions have ended.` : `Enabled ${user.email}.`),
);

export const resetUserPasswordAction = serverAction(
  async (ctx, input) => refresh(await resetUserPassword(ctx, { id: input.id ?? "", password: input.password ?? "" })),
  (user) => `New password set for ${user.email}; their sessions have ended.`,
);
