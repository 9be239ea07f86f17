import ipaddr from "ipaddr.js";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseAllowList, type AddressPolicy } from "@/lib/webhooks/address-policy";

// Configuration comes from the environment, validated once. A bad value stops start-up with one
// sentence that names the variable (ConfigError), never a stack trace.

export class ConfigError extends Error {
  override name = "ConfigError";
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const Env = z.object({
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: "must be a postgresql:// URL (or unset to use the embedded database)",
  }),
  RATELINE_DATA_DIR: optionalString,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  RATELINE_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters",
  }),
  // The demo's users have published passwords: by default only the embedded database gets them.
  RATELINE_SEED: optionalString.pipe(z.enum(["demo", "none"]).optional()),
  RATELINE_BOOTSTRAP_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 20, {
    message: "must be at least 20 characters",
  }),
  RATELINE_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  RATELINE_ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 8, {
    message: "must be at least 8 characters",
  }),
  RATELINE_BACKDATE_DAYS: z.coerce.number().int().min(0).max(3650).default(34),
  RATELINE_GRACE_HOURS: z.coerce.number().min(0).max(24 * 90).default(24),
  RATELINE_EMBED_ORIGINS: optionalString,
  RATELINE_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  // Requests per second per API key (0: no limit), and how many may come at once.
  RATELINE_API_RATE_LIMIT: z.coerce.number({ error: "must be a number of requests per second" }).min(0).max(1_000_000).default(1000),
  RATELINE_API_RATE_BURST: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ error: "must be a whole number of requests" }).int("must be a whole number of requests").min(1).max(10_000_000).optional(),
  ),
  RATELINE_TRUST_PROXY: optionalString.pipe(z.enum(["true", "false", "1", "0"], { error: "must be true or false" }).optional()),
  RATELINE_INVOICE_ISSUER: optionalString.refine((v) => v === undefined || v.length <= 200, { message: "must be at most 200 characters" }),
  RATELINE_WEBHOOK_ALLOW_HOSTS: optionalString.superRefine((v, ctx) => {
    try {
      parseAllowList(v);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  }),
  // The addresses this deployment's outgoing connections (webhooks, Stripe) come from, for
  // GET /v1/services: Rateline cannot see its own public egress address.
  RATELINE_EGRESS_IPS: optionalString.refine((v) => v === undefined || v.split(/[\s,]+/).filter(Boolean).every((ip) => ipaddr.isValid(ip) || ipaddr.isValidCIDR(ip)), {
    message: "must be comma-separated IP addresses or CIDR ranges",
  }),
  STRIPE_SECRET_KEY: optionalString.refine((v) => v === undefined || /^(sk|rk)_/.test(v), {
    message: "must be a Stripe secret or restricted key (sk_… or rk_…)",
  }),
  STRIPE_API_BASE: optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional()),
});

export type Config = {
  database: { mode: "pglite"; dataDir: string } | { mode: "postgresql"; url: string };
  dataDir: string;
  port: number;
  secret: string;
  seed: "demo" | "none";
  bootstrapToken?: string;
  admin?: { email: string; password: string };
  backdateDays: number;
  graceHours: number;
  embedOrigins: string[];
  publicUrl: string;
  /** The REST API's per-key token bucket: `perSecond` 0 turns it off. */
  apiRateLimit: { perSecond: number; burst: number };
  /** Behind a reverse proxy that sets X-Forwarded-Proto: only then is that header believed. */
  trustProxy: boolean;
  /** Private addresses and host names webhooks may be sent to anyway (tests, private deployments). */
  webhookAllow: AddressPolicy;
  /** Who issues the invoices: the name at the top of every invoice PDF. */
  invoiceIssuer: string;
  /** Set when finalized invoices are sent to Stripe; `api` points the client elsewhere (a test server). */
  /** GET /v1/services: the addresses outgoing connections come from (RATELINE_EGRESS_IPS). */
  egressIps: string[];
  stripe?: { secretKey: string; api?: { host: string; port: number; protocol: "http" | "https" } };
};

function parseEnv(env: Record<string, string | undefined>) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])} ${issue.message}.`);
  }
  return parsed.data;
}

// The data directory holds the embedded database and the generated secret: only its owner may
// enter it. A directory Rateline creates is 0700; one that already exists keeps its mode (the
// operator chose it), and the secret file inside is 0600 either way.
function ensureWritableDir(dir: string) {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ConfigError(`RATELINE_DATA_DIR (${dir}) is not a writable directory.`);
  }
}

// In embedded mode a secret is generated once and kept beside the data, so sessions and portal
// links survive restarts without any set-up. A server shared by several app servers (PostgreSQL
// mode) must be given one, or each server would sign with a different key.
function resolveSecret(given: string | undefined, dataDir: string, mode: "pglite" | "postgresql") {
  if (given) return given;
  if (mode === "postgresql") {
    throw new ConfigError("RATELINE_SECRET must be set (32+ characters) when DATABASE_URL is used.");
  }
  const file = path.join(dataDir, "secret");
  let stored: string;
  try {
    stored = readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new ConfigError(`The secret file ${file} cannot be read.`);
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  }
  // An empty or truncated file (a full disk, a bad copy) would sign sessions and portal links with
  // a guessable key: refuse it rather than start.
  if (stored.length < 32) {
    throw new ConfigError(`The secret file ${file} holds ${stored.length === 0 ? "nothing" : "fewer than 32 characters"}: put a secret of 32+ characters in it, or delete it to have one generated (signed-in sessions and portal links then end).`);
  }
  // One copied in with a looser mode is made owner-only, as a generated one is.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return stored;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = parseEnv(env);
  if ((e.RATELINE_ADMIN_EMAIL === undefined) !== (e.RATELINE_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError("RATELINE_ADMIN_EMAIL and RATELINE_ADMIN_PASSWORD must be set together.");
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.RATELINE_DATA_DIR ?? ".data");
  const mode = e.DATABASE_URL ? "postgresql" : "pglite";
  if (mode === "pglite") ensureWritableDir(dataDir);
  return {
    database: e.DATABASE_URL ? { mode: "postgresql", url: e.DATABASE_URL } : { mode: "pglite", dataDir },
    dataDir,
    port: e.PORT,
    secret: resolveSecret(e.RATELINE_SECRET, dataDir, mode),
    seed: e.RATELINE_SEED ?? (mode === "pglite" ? "demo" : "none"),
    bootstrapToken: e.RATELINE_BOOTSTRAP_TOKEN,
    admin: e.RATELINE_ADMIN_EMAIL ? { email: e.RATELINE_ADMIN_EMAIL, password: e.RATELINE_ADMIN_PASSWORD! } : undefined,
    backdateDays: e.RATELINE_BACKDATE_DAYS,
    graceHours: e.RATELINE_GRACE_HOURS,
    embedOrigins: (e.RATELINE_EMBED_ORIGINS ?? "").split(/[\s,]+/).filter(Boolean),
    publicUrl: (e.RATELINE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    apiRateLimit: { perSecond: e.RATELINE_API_RATE_LIMIT, burst: e.RATELINE_API_RATE_BURST ?? Math.max(1, Math.ceil(2 * e.RATELINE_API_RATE_LIMIT)) },
    trustProxy: e.RATELINE_TRUST_PROXY === "true" || e.RATELINE_TRUST_PROXY === "1",
    webhookAllow: parseAllowList(e.RATELINE_WEBHOOK_ALLOW_HOSTS),
    invoiceIssuer: e.RATELINE_INVOICE_ISSUER ?? "Rateline",
    egressIps: (e.RATELINE_EGRESS_IPS ?? "").split(/[\s,]+/).filter(Boolean),
    stripe: e.STRIPE_SECRET_KEY ? { secretKey: e.STRIPE_SECRET_KEY, api: e.STRIPE_API_BASE ? stripeApi(e.STRIPE_API_BASE) : undefined } : undefined,
  };
}

function stripeApi(base: string) {
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol } as const;
}

let cached: Config | undefined;

/** The process's configuration, loaded on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
