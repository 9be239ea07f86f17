import { config } from "@/lib/config";

/**
 * GET /v1/services: where this deployment connects from, for customers' allow-lists. A
 * self-hosted server knows its egress addresses only when RATELINE_EGRESS_IPS names them; with
 * none named there is nothing true to list.
 */
export function listServices() {
  const ips = config().egressIps;
  return ips.length ? [{ name: "rateline", ips, usage: "makes_connections_from" as const }] : [];
}
