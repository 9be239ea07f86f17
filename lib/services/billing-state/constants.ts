// Shared by the server and the browser (the freshness line), so free of database imports.

/** Queued customers are counted up to this many ("10,000+ customers updating"). */
export const PENDING_COUNT_LIMIT = 10_000;

/** A commit or credit is "running low" below this share of what it grants. */
export const LOW_BALANCE_SHARE = "0.2";
