import type { Redis } from 'ioredis';

/**
 * "At-least-once in, exactly-once out" (ARCHITECTURE.md, Events): Feishu redelivers an event it
 * thinks was not acknowledged, and with several replicas the redelivery may land on another
 * one. An event id is remembered for 24 h, Feishu's whole retry schedule (15 s, 5 min, 1 h, 6 h).
 */
export interface Dedupe {
  /** True the first time `(appId, eventId)` is seen within 24 h; false for a repeat. */
  firstSeen(appId: string, eventId: string): Promise<boolean>;
  /** Forgets an id whose publishing failed, so Feishu's retry of it is not taken for a duplicate. */
  forget(appId: string, eventId: string): Promise<void>;
}

export const DEDUPE_TTL_S = 24 * 60 * 60;

/**
 * Across replicas: `SET ${prefix}evt:${app_id}:${event_id} 1 NX EX 86400`, one atomic round trip.
 * While Redis is away the command fails and the webhook answers 503 (Feishu retries later):
 * never a silent fall-back to this process's memory, which other replicas cannot see.
 */
export function redisDedupe(redis: Redis, keyPrefix: string): Dedupe {
  const key = (appId: string, eventId: string) => `${keyPrefix}evt:${appId}:${eventId}`;
  return {
    firstSeen: async (appId, eventId) => (await redis.set(key(appId, eventId), '1', 'EX', DEDUPE_TTL_S, 'NX')) === 'OK',
    forget: async (appId, eventId) => {
      await redis.del(key(appId, eventId));
    },
  };
}

/**
 * One process. Insertion order is expiry order (one TTL for all), so the sweep only looks at
 * the front of the map; the cap bounds memory under a flood of distinct ids (the oldest go first).
 */
export function memoryDedupe({ ttlMs = DEDUPE_TTL_S * 1000, maxEntries = 100_000, now = Date.now } = {}): Dedupe & { size(): number } {
  const seen = new Map<string, number>(); // key -> expires at
  const sweep = (at: number) => {
    for (const [k, expires] of seen) {
      if (expires > at && seen.size <= maxEntries) break;
      seen.delete(k);
    }
  };
  return {
    firstSeen: async (appId, eventId) => {
      const at = now();
      sweep(at);
      const k = `${appId}:${eventId}`;
      if (seen.has(k)) return false;
      seen.set(k, at + ttlMs);
      if (seen.size > maxEntries) sweep(at);
      return true;
    },
    forget: async (appId, eventId) => {
      seen.delete(`${appId}:${eventId}`);
    },
    size: () => seen.size,
  };
}
