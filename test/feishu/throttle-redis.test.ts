import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryThrottleStore, RedisThrottleStore, type Budget } from '../../src/feishu/index.js';

/**
 * The shared throttle budget (issue 9, quota-aware execution) against the local Redis: two
 * stores stand for two replicas of one app. Counts and order are asserted, from the moments the
 * script booked in Redis; timing bounds are loose (Redis's clock moves while the test runs).
 */

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

const replicas = (appId = 'cli_test') => {
  const prefix = `test:${randomUUID()}:`;
  return [new RedisThrottleStore(redis, { prefix, appId }), new RedisThrottleStore(redis, { prefix, appId })];
};

/** The moments booked in a budget, ascending (ms on Redis's clock). */
async function booked(store: RedisThrottleStore, budget: Budget): Promise<number[]> {
  const raw = await redis.zrange(store.keyOf(budget), 0, -1, 'WITHSCORES');
  return raw.filter((_, i) => i % 2 === 1).map(Number);
}

/** The most entries any window [s, s + windowMs) holds. */
function fullestWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((s) => times.filter((t) => t >= s && t < s + windowMs).length));
}

const tenPerSecond: Budget = { key: 'GET /records /s', limit: 10, windowMs: 1000 };

describe('RedisThrottleStore', () => {
  it('two replicas share one budget: 30 calls of a 10/s budget take three windows, never more than 10 in one', async () => {
    const [a, b] = replicas();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).reserve([tenPerSecond], 60_000)));
    expect(results.every((r) => r.ok)).toBe(true);
    const waits = results.map((r) => (r.ok ? r.waitMs : NaN)).sort((x, y) => x - y);
    // Ten go at once, ten a window later, ten two windows later (give or take the script's own run time).
    expect(waits.filter((w) => w < 500)).toHaveLength(10);
    expect(waits.filter((w) => w >= 500 && w < 1500)).toHaveLength(10);
    expect(waits.filter((w) => w >= 1500 && w < 2500)).toHaveLength(10);
    const moments = await booked(a, tenPerSecond);
    expect(moments).toHaveLength(30);
    expect(fullestWindow(moments, 1000)).toBe(10);
    expect(moments[29] - moments[0]).toBeGreaterThanOrEqual(2000);
    expect(moments[29] - moments[0]).toBeLessThan(2500);
  });

  it('beyond maxWaitMs: refused with retryAfter, and the refusal books nothing', async () => {
    const [a, b] = replicas();
    for (let i = 0; i < 20; i++) expect((await (i % 2 ? a : b).reserve([tenPerSecond], 1_500)).ok).toBe(true);
    const refused = await b.reserve([tenPerSecond], 500);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterMs).toBeGreaterThan(500);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(2000);
    }
    expect(await booked(a, tenPerSecond)).toHaveLength(20);
    // With room for the wait, the same call is booked in the third window.
    const later = await a.reserve([tenPerSecond], 5_000);
    expect(later.ok && later.waitMs).toBeGreaterThan(1000);
  });

  it('budgets are per app: another app on the same Redis is not held back', async () => {
    const prefix = `test:${randomUUID()}:`;
    const one = new RedisThrottleStore(redis, { prefix, appId: 'cli_one' });
    const other = new RedisThrottleStore(redis, { prefix, appId: 'cli_other' });
    for (let i = 0; i < 10; i++) await one.reserve([tenPerSecond], 5_000);
    expect(await one.reserve([tenPerSecond], 100)).toMatchObject({ ok: false });
    expect(await other.reserve([tenPerSecond], 100)).toMatchObject({ ok: true });
    expect(one.keyOf(tenPerSecond)).toBe(`${prefix}throttle:{cli_one}:GET /records /s`);
  });

  it('a call waiting on its own budget (a busy chat) does not hold back calls to others', async () => {
    const [a, b] = replicas();
    const shared: Budget = { key: 'send /s', limit: 50, windowMs: 1000 };
    const chat = (id: string): Budget[] => [shared, { key: `send ${id} /s`, limit: 2, windowMs: 1000 }];
    const first = await Promise.all([a.reserve(chat('a'), 5_000), b.reserve(chat('a'), 5_000), a.reserve(chat('a'), 5_000)]);
    const waits = first.map((r) => (r.ok ? r.waitMs : NaN)).sort((x, y) => x - y);
    expect(waits[0]).toBeLessThan(500);
    expect(waits[1]).toBeLessThan(500);
    expect(waits[2]).toBeGreaterThanOrEqual(500);
    const other = await b.reserve(chat('b'), 5_000);
    expect(other.ok && other.waitMs).toBeLessThan(500);
    // The shared budget holds all four bookings; the busy chat's holds its three.
    expect(await booked(a, shared)).toHaveLength(4);
    expect(await booked(a, chat('a')[1])).toHaveLength(3);
  });

  it('never puts more than the limit in any window, whatever the arrival pattern', async () => {
    const [a, b] = replicas();
    const budgets: Budget[] = [
      { key: 'r /s', limit: 5, windowMs: 200 },
      { key: 'r /4s', limit: 12, windowMs: 800 },
    ];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Booked moments age out of Redis a window later: read the sets after every burst (well
    // within a window) and keep every member seen (members are unique: moment and nonce).
    const seen = [new Map<string, number>(), new Map<string, number>()];
    const collect = async () => {
      for (const [i, budget] of budgets.entries()) {
        const raw = await redis.zrange(a.keyOf(budget), 0, -1, 'WITHSCORES');
        for (let j = 0; j < raw.length; j += 2) seen[i].set(raw[j], Number(raw[j + 1]));
      }
    };
    let calls = 0;
    while (calls < 60) {
      const burst = 1 + Math.floor(rand() * 4);
      calls += burst;
      await Promise.all(Array.from({ length: burst }, () => (rand() < 0.5 ? a : b).reserve(budgets, 60_000)));
      await collect();
      await new Promise((r) => setTimeout(r, Math.floor(rand() * 40)));
    }
    const short = [...seen[0].values()].sort((x, y) => x - y);
    const long = [...seen[1].values()].sort((x, y) => x - y);
    expect(short).toHaveLength(calls);
    expect(long).toEqual(short);
    expect(fullestWindow(short, 200)).toBeLessThanOrEqual(5);
    expect(fullestWindow(long, 800)).toBeLessThanOrEqual(12);
    expect(fullestWindow(long, 800)).toBe(12); // and the budget is actually used
  });

  it('books the same moment as MemoryThrottleStore for the same logs (random cases)', async () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 60; round++) {
      const [store] = replicas();
      const budgets: Budget[] = [
        { key: 'x /s', limit: 1 + Math.floor(rand() * 5), windowMs: 1000 },
        { key: 'x target /s', limit: 1 + Math.floor(rand() * 3), windowMs: 1000 },
      ];
      // Valid logs of future bookings, at offsets of 25 mod 50 ms from now: no fitting boundary
      // lies within the few ms between reading Redis's clock and the script running.
      const logs = budgets.map((b) => {
        const log: number[] = [];
        for (let i = 0; i < 12; i++) {
          const t = 125 + 50 * Math.floor(rand() * 60);
          const next = [...log, t].sort((x, y) => x - y);
          if (fullestWindow(next, b.windowMs) <= b.limit) log.splice(0, log.length, ...next);
        }
        return log;
      });
      const memory = new MemoryThrottleStore(() => 0);
      budgets.forEach((b, i) => (memory as unknown as { logs: Map<string, number[]> }).logs.set(b.key, [...logs[i]]));
      const expected = memory.reserveNow(budgets, Infinity);

      const [sec, usec] = await redis.time();
      const base = Number(sec) * 1000 + Number(usec) / 1000;
      for (const [i, b] of budgets.entries()) {
        for (const [j, t] of logs[i].entries()) await redis.zadd(store.keyOf(b), (base + t).toFixed(3), `seeded:${j}`);
      }
      const got = await store.reserve(budgets, 60_000);
      expect(got.ok && expected.ok).toBe(true);
      const added = (await redis.zrange(store.keyOf(budgets[0]), 0, -1, 'WITHSCORES')).filter((m, j) => j % 2 === 0 && !m.startsWith('seeded:'));
      expect(added).toHaveLength(1);
      const moment = Number((await redis.zscore(store.keyOf(budgets[0]), added[0]))!) - base;
      if (expected.ok && expected.waitMs === 0) expect(moment).toBeLessThan(25);
      else expect(Math.abs(moment - (expected.ok ? expected.waitMs : NaN))).toBeLessThan(0.01);
    }
  });

  it('an unreachable Redis is an error, never a silent pass', async () => {
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => undefined);
    const store = new RedisThrottleStore(down, { prefix: 'test:', appId: 'cli_x' });
    await expect(store.reserve([tenPerSecond], 1_000)).rejects.toMatchObject({ name: 'ThrottleUnavailable' });
    down.disconnect();
  });
});
