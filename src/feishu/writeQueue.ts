import { randomUUID } from 'node:crypto';
import { sleep } from './retry.js';

/**
 * One writer per table (ARCHITECTURE.md, Writes): Feishu refuses a write that overlaps another on
 * the same table (1254291), so writes with the same key are sent one at a time. In one process a
 * FIFO per key does it; across replicas a Redis lock on the key does (RedisWriteLock below),
 * taken by the head of the local queue only, so a replica holds at most one lock per table.
 */
export interface WriteQueue {
  /** Runs `fn` when no other write with this key is running (here, or on another replica). */
  run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The cross-replica part: a lease on a key. */
export interface WriteLock {
  /** Waits for the lease; resolves with its release function. */
  acquire(key: string, signal?: AbortSignal): Promise<() => Promise<void>>;
}

/** FIFO per key in this process, optionally under a cross-replica lock. */
export class LocalWriteQueue implements WriteQueue {
  private tails = new Map<string, Promise<unknown>>();

  constructor(private readonly lock?: WriteLock) {}

  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => (done = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await previous;
      if (signal?.aborted) throw signal.reason;
      const release = this.lock ? await this.lock.acquire(key, signal) : undefined;
      try {
        return await fn();
      } finally {
        await release?.().catch(() => undefined);
      }
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** The lock's store could not be reached: nothing was sent, so the call may be retried. */
export class WriteLockUnavailable extends Error {
  override name = 'WriteLockUnavailable';
}

/** The few ioredis calls the lock needs (so this module does not depend on ioredis itself). */
export interface LockRedis {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<string | null>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Deletes or extends the lease only if it is still ours (another holder may have it after expiry). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisWriteLockOptions {
  /** Prepended to `lock:<key>` (REDIS_KEY_PREFIX). */
  prefix: string;
  /** Lease length; renewed at a third of it while held, so a crashed replica frees the table soon. */
  leaseMs?: number;
  /** How often a waiter asks again. */
  pollMs?: number;
}

/** A lease per key in Redis: SET NX PX with a random owner token, renewed while held. */
export class RedisWriteLock implements WriteLock {
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(private readonly redis: LockRedis, private readonly options: RedisWriteLockOptions) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.pollMs = options.pollMs ?? 10;
  }

  async acquire(key: string, signal?: AbortSignal): Promise<() => Promise<void>> {
    const name = `${this.options.prefix}lock:${key}`;
    const owner = randomUUID();
    while ((await this.take(name, owner)) !== 'OK') await sleep(this.pollMs, signal);
    const renew = setInterval(() => void this.redis.eval(EXTEND, 1, name, owner, this.leaseMs).catch(() => undefined), this.leaseMs / 3);
    renew.unref();
    return async () => {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, name, owner);
    };
  }

  private async take(name: string, owner: string): Promise<string | null> {
    try {
      return await this.redis.set(name, owner, 'PX', this.leaseMs, 'NX');
    } catch (err) {
      throw new WriteLockUnavailable(`the per-table write lock in Redis is unreachable: ${(err as Error)?.message ?? String(err)}`);
    }
  }
}
