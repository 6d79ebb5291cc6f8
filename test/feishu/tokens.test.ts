import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FeishuError } from '../../src/feishu/index.js';
import { refreshMarginMs, TenantTokenCache } from '../../src/feishu/tokens.js';
import { DEMO, rejectionOf, rig, TOKEN_PATH, type Rig } from './harness.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const tokenCalls = async (rg: Rig) => (await rg.requests()).filter((q) => q.path === TOKEN_PATH);

describe('tenant token', () => {
  it('is fetched once for 50 concurrent first calls', async () => {
    r = await rig();
    const app = r.client.as({ kind: 'app' });
    const apps = await Promise.all(Array.from({ length: 50 }, () => app.bitable.getApp({ appToken: DEMO.app })));
    expect(apps.every((a) => a.name === 'Product Launch Tracker')).toBe(true);
    expect(await tokenCalls(r)).toHaveLength(1);
  });

  it('is refreshed by exactly one call when 50 calls find it expired (single flight)', async () => {
    r = await rig({ config: { tokenTtlSeconds: 2 } });
    const app = r.client.as({ kind: 'app' });
    const first = await r.client.tenantToken();
    await app.bitable.getApp({ appToken: DEMO.app });
    await sleep(2_100); // past the token's 2 s life
    await r.clearRequests();
    await Promise.all(Array.from({ length: 50 }, () => app.bitable.getApp({ appToken: DEMO.app })));
    const log = await r.requests();
    expect(log.filter((q) => q.path === TOKEN_PATH)).toHaveLength(1);
    const apiCalls = log.filter((q) => q.path !== TOKEN_PATH);
    expect(apiCalls).toHaveLength(50);
    expect(apiCalls.every((q) => q.status === 200 && q.code === 0)).toBe(true); // nobody sent the expired token
    expect(await r.client.tenantToken()).not.toBe(first);
  });

  it('is reused while fresh: many sequential calls, one token call', async () => {
    r = await rig();
    const app = r.client.as({ kind: 'app' });
    for (let i = 0; i < 5; i++) await app.bitable.listTables({ appToken: DEMO.app });
    expect(await tokenCalls(r)).toHaveLength(1);
  });

  it('is evicted, refetched and the call retried once on 99991663', async () => {
    r = await rig();
    const app = r.client.as({ kind: 'app' });
    await app.bitable.getApp({ appToken: DEMO.app });
    await r.clearRequests();
    await r.fault({ path: '/tables$', code: 99991663, status: 400, times: 1 });
    const page = await app.bitable.listTables({ appToken: DEMO.app });
    expect(page.items.map((t) => t.name)).toContain('Tasks');
    const log = await r.requests();
    expect(log.map((q) => [q.path.endsWith('/tables') ? 'tables' : q.path, q.status, q.code])).toEqual([
      ['tables', 400, 99991663],
      [TOKEN_PATH, 200, 0],
      ['tables', 200, 0],
    ]);
  });

  it('retries only once: a second 99991663 surfaces as an auth error', async () => {
    r = await rig();
    await r.fault({ path: '/tables$', code: 99991663, status: 400, times: 2 });
    const err = await rejectionOf(r.client.as({ kind: 'app' }).bitable.listTables({ appToken: DEMO.app }));
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ kind: 'auth', code: 99991663, httpStatus: 400 });
    const log = await r.requests();
    expect(log.filter((q) => q.path.endsWith('/tables'))).toHaveLength(2);
    expect(log.filter((q) => q.path === TOKEN_PATH)).toHaveLength(2);
  });

  it('passes a user token through: no tenant token is fetched', async () => {
    r = await rig();
    const alice = r.client.as({ kind: 'user', token: 'u-demo-alice' });
    const page = await alice.bitable.listTables({ appToken: DEMO.app });
    expect(page.items).toHaveLength(4);
    expect(await tokenCalls(r)).toHaveLength(0);
    expect(r.calls.map((c) => c.identity)).toEqual(['user']);
  });

  it('does not refresh anything for a refused user token, and does not retry it', async () => {
    r = await rig();
    const err = await rejectionOf(r.client.as({ kind: 'user', token: 'u-not-a-real-token' }).bitable.listTables({ appToken: DEMO.app }));
    expect(err).toMatchObject({ kind: 'auth', code: 99991668 });
    const log = await r.requests();
    expect(log).toHaveLength(1);
  });

  it('surfaces refused app credentials as an auth error from the token endpoint', async () => {
    r = await rig();
    const bad = r.newClient({ appSecret: 'wrong-secret-value-1234' });
    const err = await rejectionOf(bad.tenantToken());
    expect(err).toMatchObject({ kind: 'auth', code: 10014, endpoint: 'auth.tenantToken' });
  });
});

describe('TenantTokenCache', () => {
  it('refreshes 3 minutes before expiry, or a tenth of a short life', () => {
    expect(refreshMarginMs(7_200_000)).toBe(180_000);
    expect(refreshMarginMs(2_000)).toBe(200);
  });

  it('keeps a token until its refresh time, then fetches once for concurrent callers', async () => {
    let clock = 0;
    let fetches = 0;
    const cache = new TenantTokenCache(async () => ({ token: `t-${++fetches}`, expireSeconds: 7200 }), () => clock);
    expect(await cache.get()).toBe('t-1');
    clock = 7_200_000 - 180_001;
    expect(await cache.get()).toBe('t-1');
    clock = 7_200_000 - 180_000;
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['t-2', 't-2', 't-2']);
    expect(fetches).toBe(2);
  });

  it('evicts only the token it was told about', async () => {
    let fetches = 0;
    const cache = new TenantTokenCache(async () => ({ token: `t-${++fetches}`, expireSeconds: 7200 }));
    await cache.get();
    cache.evict('t-older');
    expect(await cache.get()).toBe('t-1');
    cache.evict('t-1');
    expect(await cache.get()).toBe('t-2');
  });

  it('lets one caller abort without cancelling the fetch the others wait for', async () => {
    let release!: () => void;
    const cache = new TenantTokenCache(() => new Promise((resolve) => (release = () => resolve({ token: 't-x', expireSeconds: 60 }))));
    const ac = new AbortController();
    const aborted = cache.get(ac.signal);
    const waiting = cache.get();
    ac.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    release();
    expect(await waiting).toBe('t-x');
  });

  it('does not cache a failed fetch', async () => {
    let fetches = 0;
    const cache = new TenantTokenCache(async () => {
      if (++fetches === 1) throw new Error('down');
      return { token: 't-ok', expireSeconds: 60 };
    });
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('t-ok');
  });
});
