import { expect } from "vitest";

// What API tests that price at the real clock share: the UTC month starts around today, and the
// shape of an id.

/** The first instant (UTC, ISO) of the month `offset` months from today's. */
export const month = (offset: number, today = new Date()) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1)).toISOString();

export const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
