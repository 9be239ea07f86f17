import type { UserRole } from "@/lib/db/generated/enums";

// Who may change what. Everyone signed in may read; writes need one of these roles.
export type Permission =
  | "pricing:write" // billable metrics, products, rate cards, credit types
  | "customers:write" // customers, contracts, commits and credits
  | "invoices:write" // void, regenerate, export, finance sync
  | "settings:write"; // API keys, users, webhooks

const GRANTS: Record<UserRole, readonly Permission[]> = {
  admin: ["pricing:write", "customers:write", "invoices:write", "settings:write"],
  pricing: ["pricing:write"],
  sales: ["customers:write"],
  finance: ["invoices:write"],
  viewer: [],
};

export const ROLES = Object.keys(GRANTS) as UserRole[];

export function roleAllows(role: UserRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: "Admin",
  pricing: "Pricing",
  sales: "Sales",
  finance: "Finance",
  viewer: "Viewer",
};
