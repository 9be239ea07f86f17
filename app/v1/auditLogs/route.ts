import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { queryParams } from "@/lib/http/query";
import { auditLogToWire } from "@/lib/http/wire/audit-logs";
import { listAuditLogs } from "@/lib/services/audit/list-audit-logs";

export const GET = apiRoute(async ({ ctx, request }) => {
  const page = await listAuditLogs(ctx, queryParams(request, []));
  return { data: page.data.map(auditLogToWire), next_page: page.next_page };
});

export const { PUT, PATCH, DELETE, POST } = otherMethods("GET");
