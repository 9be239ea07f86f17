import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import {
  ZChangeOwnPassword,
  ZResetUserPassword,
  ZSetUserDisabled,
  type TChangeOwnPassword,
  type TResetUserPassword,
  type TSetUserDisabled,
} from "./schemas";

// Who may still use the console. Every console request looks its session row up, with the user's
// disabledAt (get-session-user.ts), so ending sessions here — or disabling the user — takes effect
// on the very next request, on every app server. The audit log records that a password changed,
// never a password or its hash.

const PUBLIC_USER = { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true } as const;

async function endSessions(tx: Prisma.TransactionClient, userId: string, now: Date, except?: string) {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}

/** Disables a user (every session of theirs ends at once) or enables them again. Admins only. */
export async function setUserDisabled(ctx: ServiceContext, input: TSetUserDisabled) {
  authorize(ctx.actor, "settings:write");
  const { id, disabled } = parseInput(ZSetUserDisabled, input);
  if (disabled && ctx.actor.type === "user" && ctx.actor.id === id) {
    throw new AppError("conflict", "You cannot disable yourself; ask another admin.");
  }
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: PUBLIC_USER });
    if (!before) throw new AppError("not_found", "No user has that id.");
    if (Boolean(before.disabledAt) === disabled) return before;
    if (disabled && before.role === "admin" && (await tx.user.count({ where: { role: "admin", disabledAt: null } })) <= 1) {
      throw new AppError("conflict", "This is the last active admin; make someone else an admin first.");
    }
    const now = new Date();
    const after = await tx.user.update({ where: { id }, data: { disabledAt: disabled ? now : null }, select: PUBLIC_USER });
    const sessionsEnded = disabled ? await endSessions(tx, id, now) : 0;
    await recordAudit(tx, ctx.actor, { action: disabled ? "user.disable" : "user.enable", objectType: "user", objectId: id, before, after: { ...after, sessionsEnded } });
    return after;
  });
}

/**
 * The signed-in user changes their own password, giving the current one; every other session of
 * theirs ends (the one they are using, `currentSessionId`, stays).
 */
export async function changeOwnPassword(ctx: ServiceContext, input: TChangeOwnPassword, currentSessionId: string) {
  if (ctx.actor.type !== "user") throw new AppError("forbidden", "Only a signed-in user can change their own password.");
  const userId = ctx.actor.id;
  const { current_password, new_password } = parseInput(ZChangeOwnPassword, input);
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError("not_found", "No user has that id.");
  if (!(await verifyPassword(current_password, user.passwordHash))) {
    throw new AppError("bad_request", "The current password is not right.", { current_password: "Not your current password" });
  }
  const passwordHash = await hashPassword(new_password);
  return ctx.db.$transaction(async (tx) => {
    const now = new Date();
    // Only if the hash is still the one checked: two changes at once cannot both win.
    const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (count !== 1) throw new AppError("conflict", "Your password was changed meanwhile; sign in again.");
    const sessionsEnded = await endSessions(tx, userId, now, currentSessionId);
    await recordAudit(tx, ctx.actor, { action: "user.change_password", objectType: "user", objectId: userId, after: { sessionsEnded } });
    return { sessionsEnded };
  });
}

/** An admin sets a new password for a user; every session of that user ends. */
export async function resetUserPassword(ctx: ServiceContext, input: TResetUserPassword) {
  authorize(ctx.actor, "settings:write");
  const { id, password } = parseInput(ZResetUserPassword, input);
  const passwordHash = await hashPassword(password);
  return ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: PUBLIC_USER });
    if (!user) throw new AppError("not_found", "No user has that id.");
    await tx.user.update({ where: { id }, data: { passwordHash } });
    const sessionsEnded = await endSessions(tx, id, new Date());
    await recordAudit(tx, ctx.actor, { action: "user.reset_password", objectType: "user", objectId: id, after: { email: user.email, sessionsEnded } });
    return { ...user, sessionsEnded };
  });
}
