import type { PrismaClient } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/services/context";

/** The user behind a live session, as an actor; null when the session is gone or expired. */
export async function getSessionActor(db: PrismaClient, sessionId: string): Promise<(Actor & { type: "user"; email: string }) | null> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { expiresAt: true, revokedAt: true, user: { select: { id: true, name: true, email: true, role: true, disabledAt: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  const { id, name, email, role } = session.user;
  return { type: "user", id, name, email, role };
}
