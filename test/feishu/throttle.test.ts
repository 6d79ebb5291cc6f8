import { afterEach, describe, expect, it } from 'vitest';
import { FeishuError, MemoryThrottleStore, type Budget } from '../../src/feishu/index.js';
import { budgetsFor } from '../../src/feishu/throttle.js';
import { DEMO, rig, type Rig } from './harness.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

/** A store on a clock the test moves; `book` reserves and returns the moment granted. */
function fakeStore() {
  let clock = 0;
  const store = new MemoryThrottleStore(() => clock);
  return {
    store,
    set now(t: number) {
      clock = t;
    },
    book(budgets: Budget[], maxWaitMs = Infinity): number {
      const res = store.reserveNow(budgets, maxWaitMs);
      if (!res.ok) throw new Error(`refused: ${res.retryAfterMs}`);
      return clock + res.waitMs;
    },
  };
}

/** The most entries any window [s, s + windowMs) holds. */
function fullestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((s) => sorted.filter((t) => t >= s && t < s + windowMs).length));
}

describe('MemoryThrottleStore', () => {
  const perSecond = (limit: number, key = 'k'): Budget => ({ key, limit, windowMs: 1000 });

  it('lets a burst up to the limit through, then books the next calls a window later', () => {
    const s = fakeStore();
    const granted = Array.from({ length: 7 }, () => s.book([perSecond(3)]));
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('slides: a call fits once the oldest call of a full window has aged out', () => {
    const s = fakeStore();
    expect(s.book([perSecond(2)])).toBe(0);
    s.now = 600;
    expect(s.book([perSecond(2)])).toBe(600);
    s.now = 700;
    expect(s.book([perSecond(2)])).toBe(1000);
    expect(s.book([perSecond(2)])).toBe(1600);
  });

  it('a call waiting on its own budget (a busy chat) does not hold back calls to others', () => {
    const s = fakeStore();
    const shared = perSecond(50, 'send');
    const chat = (id: string) => [shared, perSecond(2, `send ${id}`)];
    expect([s.book(chat('a')), s.book(chat('a')), s.book(chat('a'))]).toEqual([0, 0, 1000]);
    expect(s.book(chat('b'))).toBe(0);
  });

  it('refuses, without booking, a call that would wait longer than allowed', () => {
    const s = fakeStore();
    s.book([perSecond(1)]);
    expect(s.store.reserveNow([perSecond(1)], 500)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(s.book([perSecond(1)])).toBe(1000); // the refusal took no slot
  });

  it('never puts more than the limit in any window, whatever the arrival pattern', () => {
    const s = fakeStore();
    const budgets = [perSecond(5), { key: 'm', limit: 12, windowMs: 4000 }];
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const granted: number[] = [];
    for (let now = 0; now < 20_000; now += Math.floor(rand() * 400)) {
      s.now = now;
      const burst = 1 + Math.floor(rand() * 4);
      for (let i = 0; i < burst; i++) granted.push(s.book(budgets));
    }
    expect(granted.length).toBeGreaterThan(100);
    expect(fullestWindow(granted, 1000)).toBeLessThanOrEqual(5);
    expect(fullestWindow(granted, 4000)).toBeLessThanOrEqual(12);
    expect(fullestWindow(granted, 1000)).toBe(5); // and the budget is actually used
  });

  it('budgetsFor: one budget per API, per-minute and per-target budgets where documented', () => {
    expect(budgetsFor('bitable.record.read', 'GET /r', undefined, 100)).toEqual([{ key: 'GET /r /s', limit: 20, windowMs: 1100 }]);
    expect(budgetsFor('bitable.record.write', 'POST /r', undefined, 0)).toEqual([{ key: 'POST /r /s', limit: 10, windowMs: 1000 }]);
    expect(budgetsFor('im.send', 'POST /m', 'chat_id:oc_1', 0)).toEqual([
      { key: 'POST /m /s', limit: 50, windowMs: 1000 },
      { key: 'POST /m /min', limit: 1000, windowMs: 60_000 },
      { key: 'POST /m chat_id:oc_1 /s', limit: 5, windowMs: 1000 },
    ]);
  });
});

describe('throttle against the emulator\'s documented limits', () => {
  const burst = (rg: Rig, n: number, client = rg.client) => {
    const app = client.as({ kind: 'app' });
    return Promise.allSettled(Array.from({ length: n }, () => app.bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 1 })));
  };
  const limitedAnswers = async (rg: Rig) => (await rg.requests()).filter((q) => q.status === 429 || q.code === 1254290 || q.code === 99991400);

  it('control: without the throttle, a burst of 200 record lists meets 1254290', async () => {
    r = await rig({ config: { rateLimits: 'documented' }, client: { throttle: 'off', retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 } } });
    const results = await burst(r, 200);
    const refused = results.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason);
    expect(refused.length).toBeGreaterThan(100);
    expect(refused.every((e) => e instanceof FeishuError && e.kind === 'rate-limited' && e.code === 1254290)).toBe(true);
    expect((await limitedAnswers(r)).length).toBe(refused.length);
  });

  it('with the throttle, 200 concurrent record lists all succeed and the emulator never says 429 or 1254290', { timeout: 30_000 }, async () => {
    r = await rig({ config: { rateLimits: 'documented' }, client: { throttle: 'documented' } });
    const results = await burst(r, 200);
    expect(results.filter((x) => x.status === 'rejected')).toEqual([]);
    expect(await limitedAnswers(r)).toEqual([]);
    const lists = (await r.requests()).filter((q) => q.path.endsWith('/records'));
    expect(lists).toHaveLength(200);
    expect(fullestWindow(lists.map((q) => q.at), 1000)).toBeLessThanOrEqual(20);
    expect(r.calls.filter((c) => c.throttleWaitMs > 0).length).toBeGreaterThanOrEqual(180);
  });

  it('a caller that would wait longer than maxThrottleWaitMs gets rate-limited at once, with no call made', async () => {
    r = await rig({ config: { rateLimits: 'documented' }, client: { throttle: 'documented', maxThrottleWaitMs: 200 } });
    const results = await burst(r, 30);
    const refused = results.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason as FeishuError);
    expect(refused).toHaveLength(10);
    for (const e of refused) {
      expect(e).toMatchObject({ kind: 'rate-limited', httpStatus: 0, code: null });
      expect(e.retryAfterMs).toBeGreaterThan(200);
    }
    expect((await r.requests()).filter((q) => q.path.endsWith('/records'))).toHaveLength(20);
  });
});
