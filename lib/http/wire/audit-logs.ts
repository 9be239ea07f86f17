import type { AuditLogListResponse } from "@metronome/sdk/resources/v1/audit-logs";
import type { AuditLogRow } from "@/lib/services/audit/list-audit-logs";

/** An audit row as Metronome's audit log entry. Rateline records no request id, ip or user agent, so `request.id` is the entry's id. */
export function auditLogToWire(e: AuditLogRow) {
  return {
    id: e.id,
    timestamp: e.createdAt.toISOString(),
    action: e.action,
    actor: { id: e.actorId ?? e.actorType, name: e.actorName },
    description: `${e.actorName} ${e.action} ${e.objectType} ${e.objectId}`,
    resource_id: e.objectId,
    resource_type: e.objectType,
    status: "success" as const,
    request: { id: e.id },
  } satisfies AuditLogListResponse;
}
