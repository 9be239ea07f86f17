import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { queryParams } from "./query";

/** A request body that must be a JSON object (every Metronome POST body is one). */
export function jsonObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AppError("bad_request", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** Metronome's POST lists take `limit` and `next_page` in the query string, the rest in the body. */
export function withPageQuery(body: unknown, request: NextRequest): Record<string, unknown> {
  const { limit, next_page } = queryParams(request);
  return { ...jsonObject(body), ...(limit !== undefined ? { limit } : {}), ...(next_page !== undefined ? { next_page } : {}) };
}
