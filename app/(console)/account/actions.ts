"use server";

import { serverAction } from "@/lib/server/action";
import { currentUser } from "@/lib/server/session";
import { changeOwnPassword } from "@/lib/services/users/user-access";

export const changeOwnPasswordAction = serverAction(
  async (ctx, input) => {
    // The session this request came in on stays; every other one of the user's ends.
    const sessionId = (await currentUser())?.sessionId ?? "";
    return changeOwnPassword(ctx, { current_password: input.current_password ?? "", new_password: input.new_password ?? "" }, sessionId);
  },
  ({ sessionsEnded }) => `Your password has been changed.${sessionsEnded ? ` ${sessionsEnded} other session(s) signed out.` : ""}`,
);
