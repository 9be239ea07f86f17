import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZCreateUser, ZSetUserRole, type TCreateUser, type TSetUserRole } from "./schemas";

const PUBLIC_USER = { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true } as const;

export function listUsers(ctx: ServiceContext) {
  return ctx.db.user.findMany({ orderBy: { createdAt: "asc" }, select: PUBLIC_USER });
}

export async function createUser(ctx: ServiceContext, input: TCreateUser) {
  authorize(ctx.actor, "settings:write");
  const { password, ...data } = parseInput(ZCreateUser, input);
  const passwordHash = await hashPassword(password);
  return ctx.db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new AppError("conflict", `A user with the email ${data.email} already exists.`, { email: "Already in use" });
    }
    const user = await tx.user.create({ data: { ...data, passwordHash }, select: PUBLIC_USER });
    await recordAudit(tx, ctx.actor, { action: "user.create", objectType: "user", objectId: user.id, after: user });
    return user;
  });
}

export async function setUserRole(ctx: ServiceContext, input: TSetUserRole) {
  authorize(ctx.actor, "settings:write");
  const { id, role } = parseInput(ZSetUserRole, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: PUBLIC_USER });
    if (!before) throw new AppError("not_found", "No user has that id.");
    if (before.role === "admin" && role !== "admin" && (await tx.user.count({ where: { role: "admin", disabledAt: null } })) <= 1) {
      throw new AppError("conflict", "This is the last admin; make someone else an admin first.");
    }
    const after = await tx.user.update({ where: { id }, data: { role }, select: PUBLIC_USER });
    await recordAudit(tx, ctx.actor, { action: "user.set_role", objectType: "user", objectId: id, before, after });
    return after;
  });
}
