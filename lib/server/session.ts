import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { readSessionToken, SESSION_COOKIE } from "@/lib/auth/session-token";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/server/database";
import { getSessionActor } from "@/lib/services/users/get-session-user";
import { signIn, signOut } from "@/lib/services/users/sign-in";

/** The signed-in console user for this request, or null. Cached per request. */
export const currentUser = cache(async () => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const sessionId = await readSessionToken(token, config().secret);
  if (!sessionId) return null;
  const user = await getSessionActor(await getPrisma(), sessionId);
  return user ? { ...user, sessionId } : null;
});

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** Checks the credentials and starts a session (the caller sets its cookie). */
export async function startSession(credentials: Parameters<typeof signIn>[1], context: Parameters<typeof signIn>[2]) {
  return signIn(await getPrisma(), credentials, context);
}

/** Ends a signed-in user's session. */
export async function endSession(sessionId: string) {
  await signOut(await getPrisma(), sessionId);
}
