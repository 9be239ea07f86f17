import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { readSessionToken, SESSION_COOKIE } from "@/lib/auth/session-token";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/server/database";
import { getSessionActor } from "@/lib/services/users/get-session-user";

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
