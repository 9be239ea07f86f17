import { DUMMY_PASSWORD_HASH, verifyPassword } from "@/lib/auth/password";
import { SESSION_TTL_MS } from "@/lib/auth/session-token";
import type { PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/services/parse-input";
import { ZSignIn, type TSignIn } from "./schemas";

/** Checks a console sign-in and opens a session. The same refusal for any wrong detail. */
export async function signIn(db: PrismaClient, input: TSignIn) {
  const { email, password } = parseInput(ZSignIn, input);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || user.disabledAt) throw new AppError("unauthorized", "That email and password do not match an active user.");
  return db.session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
    select: { id: true, expiresAt: true },
  });
}

export async function signOut(db: PrismaClient, sessionId: string) {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}
