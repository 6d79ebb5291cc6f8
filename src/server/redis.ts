import { Redis } from 'ioredis';

/**
 * The gateway's Redis (REDIS_URL): what replicas share (ARCHITECTURE.md, Redis). The client
 * reconnects forever with a capped backoff; a command fails fast while Redis is away rather than
 * queueing (a write waiting on a lock must learn that Redis is gone), and `/ready` says so.
 */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
  });
  // ioredis reports each failed reconnect as an 'error' event; /ready carries the state.
  redis.on('error', () => undefined);
  return redis;
}

/** Readiness: a round trip, bounded in time. */
export async function checkRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref());
  try {
    await Promise.race([redis.ping(), timeout]);
  } catch (err) {
    throw new Error(`Redis is unreachable: ${(err as Error)?.message ?? String(err)}`);
  }
}
