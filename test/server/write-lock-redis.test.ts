import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { LocalWriteQueue, RedisWriteLock } from '../../src/feishu/index.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { connectRedis } from '../../src/server/redis.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';
import { API_KEY } from './harness.js';

/**
 * One writer per table across replicas (issue 5): two gateways sharing the local Redis take
 * turns on a table, so Feishu never sees two of their writes overlap (no 1254291 at all).
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const TASKS = 'tblDgFxLG45ZB0Hz';

describe('RedisWriteLock', () => {
  const redis = connectRedis(REDIS_URL);
  const prefix = `test:${randomUUID()}:`;
  afterAll(() => redis.quit());

  it('holds a key for one owner at a time, in turn, and frees it on release', async () => {
    const lock = new RedisWriteLock(redis, { prefix, pollMs: 2 });
    // Two queues stand for two replicas: their writes to one key never run together.
    const replicas = [new LocalWriteQueue(lock), new LocalWriteQueue(lock)];
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        replicas[i % 2].run('app/tbl', async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 3));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(20);
    expect(await redis.exists(`${prefix}lock:app/tbl`)).toBe(0);
  });

  it('a lease left by a crashed holder expires', async () => {
    const lock = new RedisWriteLock(redis, { prefix, leaseMs: 150, pollMs: 5 });
    await redis.set(`${prefix}lock:crashed`, 'someone-else', 'PX', 150);
    const started = Date.now();
    const release = await lock.acquire('crashed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await release();
  });

  it('release does not free a lease another owner took after expiry', async () => {
    const lock = new RedisWriteLock(redis, { prefix, leaseMs: 60_000 });
    const release = await lock.acquire('stolen');
    await redis.set(`${prefix}lock:stolen`, 'new-owner');
    await release();
    expect(await redis.get(`${prefix}lock:stolen`)).toBe('new-owner');
  });
});

describe('two gateway replicas sharing Redis', () => {
  let emu: Emulator;
  const replicas: { gateway: Gateway; upstream: Upstream; url: string }[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 'demo' });
    const keyPrefix = `test:${randomUUID()}:`;
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', REDIS_URL, REDIS_KEY_PREFIX: keyPrefix });
      const upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, redis: { client: connectRedis(REDIS_URL), keyPrefix } });
      const gateway = createGateway({ config, appId: emu.rt.appId, upstream });
      const { url } = await gateway.start(0, '127.0.0.1');
      replicas.push({ gateway, upstream, url });
    }
  });
  afterAll(async () => {
    for (const r of replicas) {
      await r.gateway.stop(1_000);
      await r.upstream.close();
    }
    await emu.close();
  });

  it('take turns on a table: Feishu sees no overlapping write and no conflict', async () => {
    // Each write holds the table for 80 ms; two unserialized replicas would collide.
    await fetch(`${emu.url}/__emulator/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 80, writeLockMs: 0 }) });
    await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
    const create = (url: string, i: number) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ query: `mutation { createRecord(input: {appToken: "${BASE}", tableId: "${TASKS}", fields: {Task: "replica write ${i}"}}) { record { recordId } } }` }),
      }).then((r) => r.json() as Promise<any>);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create(replicas[i % 2].url, i)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const log = ((await (await fetch(`${emu.url}/__emulator/requests`)).json()) as any[]).filter((c) => c.method === 'POST' && c.path.endsWith(`/tables/${TASKS}/records`));
    expect(log).toHaveLength(10);
    expect(log.filter((c) => c.code === 1254291)).toEqual([]);
    const sorted = [...log].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].at).toBeGreaterThanOrEqual(sorted[i - 1].at + sorted[i - 1].durationMs - 1);
  });
});
