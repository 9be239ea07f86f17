import type { ApiKeyScope } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";

// What an API key may call. `full`: everything. `read`: every GET, and the POST endpoints that
// only read (Metronome's list/get/usage/search calls take their query as a POST body). `ingest`:
// POST /v1/ingest and nothing else — the key to put in an application that sends usage. An
// endpoint missing from READ_POSTS needs a `full` key, so a new endpoint is closed to limited keys
// until it is listed here. Services check it again for every write (context.ts: `can`).

export const API_KEY_SCOPES = ["full", "read", "ingest"] as const satisfies readonly ApiKeyScope[];

export const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  full: "Full access",
  read: "Read only",
  ingest: "Ingest only",
};

const READ_POSTS: RegExp[] = [
  /^\/v1\/usage(\/groups)?$/,
  /^\/v1\/events\/search$/,
  /^\/v1\/customers\/[^/]+\/previewEvents$/,
  /^\/v1\/contract-pricing\/products\/(get|list)$/,
  /^\/v1\/contract-pricing\/rate-cards\/(get|list|getRates|getRateSchedule|getNamedSchedule)$/,
  /^\/v1\/contracts\/(get|list|customerBalances\/(list|getNetBalance)|customerCommits\/list|customerCredits\/list|getContractRateSchedule|getNamedSchedule)$/,
  /^\/v1\/customers\/getNamedSchedule$/,
  /^\/v1\/credits\/(listGrants|listEntries)$/,
  /^\/v1\/customFields\/listKeys$/,
  /^\/v1\/customer-alerts\/(get|list)$/,
  /^\/v2\/contracts\/(get|list|getEditHistory)$/,
];

const INGEST = { method: "POST", path: "/v1/ingest" };

type Access = "ingest" | "read" | "full";

/** What a request to `method path` needs. */
export function requiredAccess(method: string, path: string): Access {
  const p = path.replace(/\/+$/, "");
  if (method === INGEST.method && p === INGEST.path) return "ingest";
  if (method === "GET" || method === "HEAD" || (method === "POST" && READ_POSTS.some((r) => r.test(p)))) return "read";
  return "full";
}

export function scopeAllows(scope: ApiKeyScope, access: Access): boolean {
  return scope === "full" || scope === access;
}

/** Refuses with 403, naming the key's scope, a request it does not cover. */
export function authorizeApiKeyScope(scope: ApiKeyScope, method: string, path: string): void {
  const access = requiredAccess(method, path);
  if (scopeAllows(scope, access)) return;
  const allowed = scope === "ingest" ? "only POST /v1/ingest" : "only reads";
  const needs = access === "full" ? "a key with the `full` scope" : access === "ingest" ? "a key with the `ingest` or `full` scope" : "a key with the `read` or `full` scope";
  throw new AppError("forbidden", `This API key has the \`${scope}\` scope, which allows ${allowed}; ${method} ${path.replace(/\/+$/, "") || "/"} needs ${needs}.`);
}
