import { DUMMY_PASSWORD_HASH, verifyPassword } from "@/lib/auth/password";
import { SESSION_TTL_MS } from "@/lib/auth/session-token";
import type { PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/services/parse-input";
import { ZSignIn, type TSignIn } from "./schemas";
import { clearAccountFailures, recordSignInFailure, refuseIfThrottled } from "./sign-in-throttle";

export type SignInRequest = {
  /** The client's address (see lib/server/client-address.ts): failures are counted per address too. */
  address: string;
  now?: Date;
};

/**
 * Checks a console sign-in and opens a session. The same refusal for an unknown email or a wrong
 * password; a disabled user hears so only after giving the right password. Throttled per account
 * and per address (sign-in-throttle.ts).
 */
export async function signIn(db: PrismaClient, input: TSignIn, { address, now = new Date() }: SignInRequest) {
  const { email, password } = parseInput(ZSignIn, input);
  await refuseIfThrottled(db, email, address, now);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok) {
    await recordSignInFailure(db, email, address, now);
    throw new AppError("unauthorized", "That email and password do not match an active user.");
  }
  if (user.disabledAt) throw new AppError("forbidden", "This account has been disabled. Ask an admin of this Rateline to enable it again.");
  await clearAccountFailures(db, email);
  return db.session.create({
    data: { userId: user.id, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
    select: { id: true, expiresAt: true },
  });
}

export async function signOut(db: PrismaClient, sessionId: string) {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}
