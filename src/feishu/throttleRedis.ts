import { createHash, randomUUID } from 'node:crypto';
import type { Budget, Reservation, ThrottleStore } from './throttle.js';
import { THROTTLE_SCRIPT } from './throttleScript.js';

/**
 * The throttle budget shared by every replica (ARCHITECTURE.md, Redis): Feishu counts calls per
 * app, not per gateway process, so replicas with a budget each would together send N times the
 * limit. One Lua script (throttleScript.ts) books a moment in every budget of a call atomically,
 * on Redis's clock, exactly as MemoryThrottleStore does in one process.
 */

/** The few ioredis calls the store needs (so the feishu room does not construct or depend on ioredis). */
export interface ThrottleRedis {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisThrottleStoreOptions {
  /** REDIS_KEY_PREFIX: keys are `${prefix}throttle:{<appId>}:<budget key>`. */
  prefix: string;
  /**
   * The Feishu app whose budget this is: Feishu's limits are per app, so two apps served from
   * one Redis never share a budget. In braces, a Redis Cluster hash tag: all the keys one call
   * books sit in one slot, as a multi-key script needs.
   */
  appId: string;
}

/** Redis could not book: nothing was sent, so the caller may treat it as transient. */
export class ThrottleUnavailable extends Error {
  override name = 'ThrottleUnavailable';
}

const SHA = createHash('sha1').update(THROTTLE_SCRIPT).digest('hex');

export class RedisThrottleStore implements ThrottleStore {
  constructor(private readonly redis: ThrottleRedis, private readonly options: RedisThrottleStoreOptions) {}

  /** The Redis key of a budget (tests read the booked moments from it). */
  keyOf(budget: Budget): string {
    return `${this.options.prefix}throttle:{${this.options.appId}}:${budget.key}`;
  }

  async reserve(budgets: readonly Budget[], maxWaitMs: number): Promise<Reservation> {
    if (budgets.length === 0) return { ok: true, waitMs: 0 };
    const keys = budgets.map((b) => this.keyOf(b));
    // A finite number for Lua (Infinity would arrive as the string "Infinity").
    const maxWait = Number.isFinite(maxWaitMs) ? maxWaitMs : Number.MAX_SAFE_INTEGER;
    const args = [...keys, maxWait, randomUUID(), ...budgets.flatMap((b) => [b.limit, b.windowMs])];
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(SHA, keys.length, ...args).catch((err: unknown) => {
        // First use on this Redis (or after a restart / SCRIPT FLUSH): send the script itself once.
        if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
        return this.redis.eval(THROTTLE_SCRIPT, keys.length, ...args);
      });
    } catch (err) {
      throw new ThrottleUnavailable(`the shared throttle budget in Redis is unreachable: ${(err as Error)?.message ?? String(err)}`);
    }
    const [booked, ms] = reply as [number, string];
    // The wait counts from when the answer is read, never from when the script ran: the call is
    // then never sent before its booked moment, only late by the round trip, which every call
    // shares (and the throttle margin covers).
    return booked === 1 ? { ok: true, waitMs: Number(ms) } : { ok: false, retryAfterMs: Math.ceil(Number(ms)) };
  }
}
