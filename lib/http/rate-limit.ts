// A token bucket per key, in this process's memory. Enough for one server: behind a load
// balancer each app server keeps its own buckets, so the effective limit is per server (a shared
// store such as PostgreSQL or Redis would be needed for one global limit).

export type TokenBucketLimiter = {
  take(key: string, now?: number): boolean;
  /** Whole seconds until `key` has a token again (0: it has one now). */
  retryAfterSeconds(key: string, now?: number): number;
};

export function tokenBucketLimiter({ capacity, refillPerSecond, maxKeys = 10_000 }: { capacity: number; refillPerSecond: number; maxKeys?: number }): TokenBucketLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
      bucket.at = now;
      // Re-inserted so the Map's order is least recently used first; the oldest is dropped when full.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    retryAfterSeconds(key, now = Date.now()) {
      const bucket = buckets.get(key);
      if (!bucket) return 0;
      const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
      if (tokens >= 1) return 0;
      return refillPerSecond > 0 ? Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) : 60;
    },
  };
}
