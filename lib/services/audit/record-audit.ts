import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/services/context";

export type AuditChange = {
  action: string;
  objectType: string;
  objectId: string;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
};

// Decimals and dates are stored as strings, so an audit entry reads the same as the API showed.
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

function auditRow(actor: Actor, change: AuditChange): Prisma.AuditLogEntryCreateManyInput {
  return {
    actorType: actor.type,
    actorId: actor.type === "system" ? null : actor.id,
    actorName: actor.name,
    action: change.action,
    objectType: change.objectType,
    objectId: change.objectId,
    customerId: change.customerId ?? null,
    before: toJson(change.before),
    after: toJson(change.after),
  };
}

/** Writes the audit entry for a change; call it inside the change's own transaction. */
export async function recordAudit(tx: Prisma.TransactionClient, actor: Actor, change: AuditChange) {
  await tx.auditLogEntry.create({ data: auditRow(actor, change) });
}

/** The audit entries of many changes made together (one statement). */
export async function recordAudits(tx: Prisma.TransactionClient, actor: Actor, changes: readonly AuditChange[]) {
  if (changes.length) await tx.auditLogEntry.createMany({ data: changes.map((change) => auditRow(actor, change)) });
}
