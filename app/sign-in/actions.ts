"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, signSessionToken } from "@/lib/auth/session-token";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { requestIsHttps } from "@/lib/http/security-headers";
import { formValues, type ActionState } from "@/lib/server/action";
import { clientAddress } from "@/lib/server/client-address";
import { currentUser, endSession, startSession } from "@/lib/server/session";

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  try {
    const address = clientAddress(await headers(), config().trustProxy);
    const session = await startSession({ email: values.email ?? "", password: values.password ?? "" }, { address });
    (await cookies()).set(SESSION_COOKIE, await signSessionToken(session.id, session.expiresAt, config().secret), {
      httpOnly: true,
      sameSite: "lax",
      // Secure whenever the browser is on HTTPS (behind a trusted proxy), or Rateline's public URL is.
      secure: requestIsHttps(await headers(), config().trustProxy) || config().publicUrl.startsWith("https://"),
      path: "/",
      expires: session.expiresAt,
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, message: error.message, fields: error.fields, values: { email: values.email ?? "" } };
  }
  redirect("/");
}

export async function signOutAction() {
  const user = await currentUser();
  if (user) await endSession(user.sessionId);
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/sign-in");
}
