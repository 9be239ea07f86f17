import { jwtVerify, SignJWT } from "jose";

// A portal link's token: a signed, expiring grant to read one customer's portal. Its key is
// derived from the secret with its own label, so a console session token never verifies as a
// portal token (nor the other way round), and an API key (random, looked up by hash) is neither.

export const PORTAL_DASHBOARDS = ["usage", "spend", "credits", "invoices"] as const;
export type PortalDashboard = (typeof PORTAL_DASHBOARDS)[number];

export type PortalGrant = {
  customerId: string;
  /** The page the link opens on; every portal page of the customer may be visited. */
  dashboard: PortalDashboard;
  /** CSS colour by Metronome colour name (Primary_medium, UsageLine_0, …). */
  colors: Record<string, string>;
  options: Record<string, string>;
  /** The customer's portal epoch when the link was signed: bumping it revokes the link. */
  epoch: number;
  expiresAt: Date;
};

const AUDIENCE = "rateline:portal";
const key = (secret: string) => new TextEncoder().encode(`portal:${secret}`);

/** `issuedAt` is the instant `expiresAt` was computed from, so the link's life is exactly what was asked. */
export async function signPortalToken(grant: Omit<PortalGrant, "epoch"> & { epoch?: number }, secret: string, issuedAt: Date = new Date()): Promise<string> {
  return new SignJWT({ dsh: grant.dashboard, col: grant.colors, opt: grant.options, rev: grant.epoch ?? 0 })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(grant.customerId)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(grant.expiresAt.getTime() / 1000))
    .sign(key(secret));
}

const stringRecord = (value: unknown): Record<string, string> | null =>
  value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string")
    ? (value as Record<string, string>)
    : null;

/** The grant a token carries, or null when it is malformed, tampered with, expired or not a portal token. */
export async function readPortalToken(token: string, secret: string, now: Date = new Date()): Promise<PortalGrant | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"], audience: AUDIENCE, currentDate: now, requiredClaims: ["exp", "sub"] });
    const dashboard = payload.dsh as PortalDashboard;
    const colors = stringRecord(payload.col ?? {});
    const options = stringRecord(payload.opt ?? {});
    // Links signed before epochs existed carry none: they belong to epoch 0, every customer's first.
    const epoch = payload.rev ?? 0;
    if (!payload.sub || !PORTAL_DASHBOARDS.includes(dashboard) || !colors || !options || !Number.isSafeInteger(epoch)) return null;
    return { customerId: payload.sub, dashboard, colors, options, epoch: epoch as number, expiresAt: new Date(payload.exp! * 1000) };
  } catch {
    return null;
  }
}
