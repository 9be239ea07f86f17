import { NextResponse, type NextRequest } from "next/server";
import { AppError, appErrorOf } from "@/lib/errors";
import { getPrisma } from "@/lib/server/database";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { authorizeApiKeyScope } from "@/lib/services/api-keys/scopes";
import type { ServiceContext } from "@/lib/services/context";
import { config } from "@/lib/config";
import { strictInputScope } from "@/lib/services/strict-input";
import { tokenBucketLimiter, type TokenBucketLimiter } from "./rate-limit";
import { refuseUnknownQuery, refuseUnsupported, routeFields } from "./sdk-fields";
import { wireJson } from "./wire-json";

// The REST API's one wrapper: authenticate the API key, parse the JSON body, call the handler,
// and map every failure to `{"message": "…"}` with the right 4xx. A 500 means a bug, and says
// nothing about it beyond that.

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

type Handler<P> = (args: { ctx: ServiceContext; request: NextRequest; params: P; body: () => Promise<unknown> }) => Promise<unknown>;
type RouteOptions = {
  maxBodyBytes?: number;
  /** The route's service refuses NULs and lone surrogates itself, naming their place (ingest: by event index and field). */
  allowUnstorableText?: boolean;
};

export function jsonError(status: number, message: string, extra?: Record<string, unknown>) {
  return NextResponse.json({ message, ...extra }, { status });
}

export async function readJson(request: NextRequest, limit: number = MAX_BODY_BYTES, { allowUnstorableText = false } = {}): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > limit) throw new AppError("payload_too_large", `The request body is over ${limit / 1024 / 1024} MB.`);
  const text = await readLimitedText(request, limit);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  if (!allowUnstorableText && UNSTORABLE_ESCAPE.test(text)) {
    const at = unstorablePath(value, "");
    if (at !== undefined) {
      const field = at || "(body)";
      throw new AppError("bad_request", `Invalid request: ${field}: must not contain NUL characters or lone surrogates (such as \\u0000 or \\ud800)`, { [field]: "must not contain NUL characters or lone surrogates" });
    }
  }
  return value;
}

// The body's text is checked UTF-8 (and JSON forbids raw control characters in strings), so a
// NUL or a lone UTF-16 surrogate can only come from a JSON escape (\u0000, \ud800); PostgreSQL's
// text and jsonb can store neither. Bodies without such an escape (nearly all) are not walked.
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;
const UNSTORABLE = /\u0000|\p{Cs}/u;

/** The path ("items.2.name") of the first key or string holding a NUL or a lone surrogate; undefined: none. */
function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return at;
    const found = unstorablePath(child, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A query parameter holding a NUL (%00) is refused by name, as a body field would be. */
function refuseUnstorableQuery(request: NextRequest) {
  for (const [key, value] of request.nextUrl.searchParams) {
    if (UNSTORABLE.test(key) || UNSTORABLE.test(value)) {
      throw new AppError("bad_request", `Invalid request: ${key}: must not contain NUL characters`, { [key]: "must not contain NUL characters" });
    }
  }
}

async function readLimitedText(request: NextRequest, limit: number): Promise<string> {
  if (!request.body) return "";
  // With a declared length (already checked against the limit) the HTTP parser delivers no more
  // than that, so the body is read in one piece; a chunked body is counted as it streams.
  if (request.headers.has("content-length")) return decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("payload_too_large", `The request body is over ${limit / 1024 / 1024} MB.`);
    }
    chunks.push(value);
  }
  return decodeUtf8(Buffer.concat(chunks));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}

// One bucket per API key (its id, however the header spells the secret), sized by
// RATELINE_API_RATE_LIMIT / RATELINE_API_RATE_BURST; made on first use, so config is read at run time.
let apiLimiter: TokenBucketLimiter | null | undefined;
function limiterForKeys(): TokenBucketLimiter | null {
  if (apiLimiter === undefined) {
    const { perSecond, burst } = config().apiRateLimit;
    apiLimiter = perSecond > 0 ? tokenBucketLimiter({ capacity: burst, refillPerSecond: perSecond }) : null;
  }
  return apiLimiter;
}

function rateLimited(actor: ServiceContext["actor"]): Response | undefined {
  const limiter = limiterForKeys();
  const key = actor.type === "api_key" ? actor.id : undefined;
  if (!limiter || !key || limiter.take(key)) return undefined;
  const wait = limiter.retryAfterSeconds(key);
  const response = jsonError(429, `Too many requests with this API key; retry after ${wait} s.`);
  response.headers.set("retry-after", String(wait));
  return response;
}

export function apiRoute<P = Record<string, string>>(handler: Handler<P>, options: RouteOptions = {}) {
  return async (request: NextRequest, context: { params: Promise<P> }) => {
    try {
      const db = await getPrisma();
      const actor = await authenticateApiKey(db, request.headers.get("authorization"));
      const limited = rateLimited(actor);
      if (limited) return limited;
      authorizeApiKeyScope(actor.scope, request.method, request.nextUrl.pathname);
      refuseUnstorableQuery(request);
      // No SDK field is dropped silently: what the route does not support is refused by name
      // here, and any other key it does not know by parseInput, strict within the handler.
      const fields = routeFields(request.method, request.nextUrl.pathname);
      const query = Object.fromEntries(request.nextUrl.searchParams);
      refuseUnknownQuery(request.method, Object.keys(query), fields);
      if (fields) refuseUnsupported(fields, query);
      let parsed: Promise<unknown> | undefined;
      const body = () =>
        (parsed ??= readJson(request, options.maxBodyBytes ?? MAX_BODY_BYTES, options).then((value) => {
          if (fields) refuseUnsupported(fields, value);
          return value;
        }));
      const params = await context.params;
      const result = await strictInputScope(() => handler({ ctx: { db, actor }, request, params, body }));
      return result instanceof Response ? result : wireJson(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** An AppError as its 4xx `{"message", "fields"}`; anything else is logged and answered with a bare 500. */
export function errorResponse(error: unknown) {
  const refusal = appErrorOf(error);
  if (refusal) return jsonError(refusal.status, refusal.message, refusal.fields ? { fields: refusal.fields } : undefined);
  console.error(error);
  return jsonError(500, "Internal error; the request was not applied.");
}
