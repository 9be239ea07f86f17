import { jwtVerify, SignJWT } from "jose";

// The session cookie carries a signed session id; the session row decides whether it is still
// valid, so signing out (or disabling a user) takes effect at once.
export const SESSION_COOKIE = "rateline_session";
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

const key = (secret: string) => new TextEncoder().encode(`session:${secret}`);

export async function signSessionToken(sessionId: string, expiresAt: Date, secret: string): Promise<string> {
  return new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

export async function readSessionToken(token: string, secret: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"] });
    return typeof payload.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}
