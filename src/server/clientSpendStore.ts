import type { Redis } from 'ioredis';

/** The answer to one spend: admitted, or refused with how long until the window has room. */
export interface Spend {
  ok: boolean;
  /** Spent in the client's current window, this spend included when admitted. */
  used: number;
  retryAfterMs: number;
}

/**
 * What clients have spent per fixed window (the window starts with a client's first spend).
 * Spending is all or nothing: a refused spend books nothing.
 */
export interface ClientSpendStore {
  spend(client: string, cost: number, limit: number, windowMs: number): Promise<Spend>;
}

/** One process's spends (without REDIS_URL): each replica would grant its own allowance. */
export class MemoryClientSpendStore implements ClientSpendStore {
  private readonly windows = new Map<string, { used: number; endsAt: number }>();
  private sweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async spend(client: string, cost: number, limit: number, windowMs: number): Promise<Spend> {
    const now = this.now();
    if (now >= this.sweepAt) this.sweep(now, windowMs);
    let w = this.windows.get(client);
    if (!w || w.endsAt <= now) this.windows.set(client, (w = { used: 0, endsAt: now + windowMs }));
    if (w.used + cost > limit) return { ok: false, used: w.used, retryAfterMs: w.endsAt - now };
    w.used += cost;
    return { ok: true, used: w.used, retryAfterMs: 0 };
  }

  /** Forgets finished windows, at most once a window, so idle clients cost no memory. */
  private sweep(now: number, windowMs: number): void {
    for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
    this.sweepAt = now + windowMs;
  }
}

/**
 * Check and book in one step inside Redis (atomic across replicas): refuse when the spend would
 * pass the limit (answering the window's remaining ms), else INCRBY, and start the window's
 * expiry with its first spend. The key's expiry is the window.
 */
const SPEND = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if used + cost > limit then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then ttl = window end
  return {0, used, ttl}
end
local now = redis.call('INCRBY', KEYS[1], cost)
if now == cost then redis.call('PEXPIRE', KEYS[1], window) end
return {1, now, 0}
`;

/** Spends shared by every replica: keys `<prefix>ratelimit:<client>` (the client is a digest). */
export class RedisClientSpendStore implements ClientSpendStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval'>,
    private readonly prefix: string,
  ) {}

  async spend(client: string, cost: number, limit: number, windowMs: number): Promise<Spend> {
    const [ok, used, ttl] = (await this.redis.eval(SPEND, 1, `${this.prefix}ratelimit:${client}`, cost, limit, windowMs)) as [number, number, number];
    return { ok: ok === 1, used, retryAfterMs: ttl };
  }
}
