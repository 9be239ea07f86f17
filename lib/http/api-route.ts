import { NextResponse, type NextRequest } from "next/server";
import { AppError, isAppError } from "@/lib/errors";
import { getPrisma } from "@/lib/server/database";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import type { ServiceContext } from "@/lib/services/context";
import { wireJson } from "./wire-json";

// The REST API's one wrapper: authenticate the API key, parse the JSON body, call the handler,
// and map every failure to `{"message": "…"}` with the right 4xx. A 500 means a bug, and says
// nothing about it beyond that.

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

type Handler<P> = (args: { ctx: ServiceContext; request: NextRequest; params: P; body: () => Promise<unknown> }) => Promise<unknown>;

export function jsonError(status: number, message: string, extra?: Record<string, unknown>) {
  return NextResponse.json({ message, ...extra }, { status });
}

export async function readJson(request: NextRequest, limit: number = MAX_BODY_BYTES): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > limit) throw new AppError("payload_too_large", `The request body is over ${limit / 1024 / 1024} MB.`);
  const text = await readLimitedText(request, limit);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
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

export function apiRoute<P = Record<string, string>>(handler: Handler<P>, options: { maxBodyBytes?: number } = {}) {
  return async (request: NextRequest, context: { params: Promise<P> }) => {
    try {
      const db = await getPrisma();
      const actor = await authenticateApiKey(db, request.headers.get("authorization"));
      let parsed: Promise<unknown> | undefined;
      const body = () => (parsed ??= readJson(request, options.maxBodyBytes ?? MAX_BODY_BYTES));
      const result = await handler({ ctx: { db, actor }, request, params: await context.params, body });
      return result instanceof Response ? result : wireJson(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** An AppError as its 4xx `{"message", "fields"}`; anything else is logged and answered with a bare 500. */
export function errorResponse(error: unknown) {
  if (isAppError(error)) return jsonError(error.status, error.message, error.fields ? { fields: error.fields } : undefined);
  console.error(error);
  return jsonError(500, "Internal error; the request was not applied.");
}
