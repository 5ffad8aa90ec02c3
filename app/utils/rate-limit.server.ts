/**
 * A token bucket per key, in this process's memory: a first line against floods on the sign-in forms.
 * (The per-account and per-address login throttle lives in the database and holds across instances.)
 */
export function createRateLimiter(options: { capacity: number; refillPerMinute: number; maxKeys?: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const maxKeys = options.maxKeys ?? 10_000
  const perMs = options.refillPerMinute / 60_000
  return {
    /** Takes one token: 0 when allowed, else the seconds to wait. */
    take(key: string, now = Date.now()): number {
      const bucket = buckets.get(key) ?? { tokens: options.capacity, at: now }
      bucket.tokens = Math.min(options.capacity, bucket.tokens + (now - bucket.at) * perMs)
      bucket.at = now
      if (buckets.size >= maxKeys && !buckets.has(key)) buckets.delete(buckets.keys().next().value!)
      buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return 0
      }
      return Math.ceil((1 - bucket.tokens) / perMs / 1000)
    },
  }
}
