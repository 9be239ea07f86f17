import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZPackageRef, type TPackageRef } from "./schemas";

/**
 * POST /v1/packages/archive: no new contract can be created from the package; contracts already
 * created from it go on as they are. Archiving cannot be undone, and archiving twice changes nothing.
 */
export async function archivePackage(ctx: ServiceContext, input: TPackageRef, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "pricing:write");
  const { package_id } = parseInput(ZPackageRef, input);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.package.findUnique({ where: { id: package_id }, select: { id: true, archivedAt: true } });
    if (!row) throw new AppError("not_found", "No package has that package_id.", { package_id: "Unknown package" });
    if (row.archivedAt) return { id: row.id };
    await tx.package.update({ where: { id: row.id }, data: { archivedAt: now } });
    await recordAudit(tx, ctx.actor, { action: "package.archive", objectType: "package", objectId: row.id, before: { archived_at: null }, after: { archived_at: now.toISOString() } });
    return { id: row.id };
  });
}
