"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { PortalFetchError } from "./portal-providers";

/** "Live · updated 12:04:05 UTC" in a fixed-width slot, or why the data cannot be read. */
export function LiveStatus({ query }: { query: Pick<UseQueryResult, "dataUpdatedAt" | "error" | "isError"> }) {
  const expired = query.error instanceof PortalFetchError && query.error.status === 401;
  const text = expired
    ? "This link is invalid or has expired."
    : query.isError
      ? "Cannot refresh right now; retrying."
      : query.dataUpdatedAt
        ? `Live · updated ${new Date(query.dataUpdatedAt).toISOString().slice(11, 19)} UTC`
        : "Loading…";
  return (
    // Announced only when something is wrong: a timestamp read out every 2.5 s would drown the page.
    <p role={query.isError ? "alert" : undefined} className={`tabular mb-4 h-5 text-sm ${query.isError ? "text-[var(--p-red)]" : "text-[var(--p-muted)]"}`}>
      {text}
    </p>
  );
}

/** A fixed-height placeholder where content will be, so nothing moves when it arrives. */
export function Placeholder({ height = "h-64", label = "Loading…" }: { height?: string; label?: string }) {
  return (
    <div className={`${height} grid place-items-center rounded-lg bg-[var(--p-subtle)] text-sm text-[var(--p-muted)]`} aria-busy="true">
      {label}
    </div>
  );
}
