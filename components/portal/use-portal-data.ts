"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { PortalFetchError } from "./portal-providers";

export const LIVE_INTERVAL_MS = 2500;

export async function portalFetch(path: string, token: string): Promise<Response> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new PortalFetchError(response.status, body.message ?? `The request failed (${response.status}).`);
  }
  return response;
}

/**
 * A portal read, with the link's token as its credential. Live reads poll; while a poll is in
 * flight the last answer stays on screen (keepPreviousData), so the page never blanks or jumps.
 */
export function usePortalData<T>(path: string, token: string, { live }: { live: boolean }) {
  return useQuery({
    queryKey: ["portal", path, token],
    queryFn: async () => (await (await portalFetch(path, token)).json()) as T,
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
    refetchIntervalInBackground: false,
  });
}
