import { roleAllows, type Permission } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { ApiKeyScope, UserRole } from "@/lib/db/generated/enums";

// Who is asking. API keys act for the vendor's own systems: a `full` key holds every permission,
// as in Metronome, and a `read` or `ingest` key none that writes (api-keys/scopes.ts says which
// endpoints each may call); console users are limited by their role.
export type Actor =
  | { type: "user"; id: string; name: string; role: UserRole }
  | { type: "api_key"; id: string; name: string; scope: ApiKeyScope }
  | { type: "system"; name: string };

export type ServiceContext = { db: PrismaClient; actor: Actor };

export const systemActor = (name = "system"): Actor => ({ type: "system", name });

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.type === "api_key") return actor.scope === "full";
  return actor.type !== "user" || roleAllows(actor.role, permission);
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    if (actor.type === "api_key") {
      throw new AppError("forbidden", `This API key has the \`${actor.scope}\` scope, which cannot change anything; this needs a key with the \`full\` scope.`);
    }
    const needed = {
      "pricing:write": "the pricing or admin role",
      "customers:write": "the sales or admin role",
      "invoices:write": "the finance or admin role",
      "settings:write": "the admin role",
    }[permission];
    throw new AppError("forbidden", `This needs ${needed}; you are signed in as ${actor.type === "user" ? actor.role : actor.type}.`);
  }
}
