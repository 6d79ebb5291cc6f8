import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/server/redis.js';
import { MemoryClientSpendStore, RedisClientSpendStore } from '../../src/server/clientSpendStore.js';
import { BASE } from './bitable.js';
import { API_KEY, startStack, wsRequest, type Stack } from './harness.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OTHER_KEY = 'other-key-0123456789';
/** One upstream call (`GET apps/:app_token`): an estimate of 1. */
const ONE_CALL = `{ app(appToken: "${BASE}") { name } }`;
const LIMITS = { QUERY_COST_BUDGET: '5', CLIENT_CALLS_PER_MINUTE: '5', GATEWAY_API_KEYS: `${API_KEY},${OTHER_KEY}` };

const stacks: Stack[] = [];
const redises: Redis[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const r of redises) r.disconnect();
});

async function stack(env: Record<string, string>, redis?: Redis): Promise<Stack> {
  const s = await startStack({ ...LIMITS, ...env }, redis ? { redis } : {}, { seed: 'demo' });
  stacks.push(s);
  return s;
}

const upstreamCalls = async (s: Stack) => ((await (await fetch(`${s.emu.url}/__emulator/requests`)).json()) as { path: string }[]).filter((c) => !c.path.includes('/auth/v3/')).length;
const clearLog = (s: Stack) => fetch(`${s.emu.url}/__emulator/requests`, { method: 'DELETE' }).then((r) => r.arrayBuffer());

describe('CLIENT_CALLS_PER_MINUTE', () => {
  it('refuses a client over its allowance with RATE_LIMITED, 429 and Retry-After, before any Feishu call; free queries and other clients go on', async () => {
    const s = await stack({});
    for (let i = 0; i < 5; i++) expect((await s.post(ONE_CALL, { 'x-api-key': API_KEY })).body.errors).toBeUndefined();
    await clearLog(s);
    const r = await s.post(ONE_CALL, { 'x-api-key': API_KEY });
    expect(r.status).toBe(429);
    const retryAfter = Number(r.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter });
    expect(r.body.errors[0].message).toContain('CLIENT_CALLS_PER_MINUTE');
    expect(await upstreamCalls(s)).toBe(0);
    // A query that costs no Feishu call spends nothing.
    expect((await s.post('{ viewer { kind } }', { 'x-api-key': API_KEY })).body).toEqual({ data: { viewer: { kind: 'APP' } } });
    // Another key and a user token are other clients.
    expect((await s.post(ONE_CALL, { 'x-api-key': OTHER_KEY })).body.errors).toBeUndefined();
    expect((await s.post(ONE_CALL, { authorization: 'Bearer u-demo-alice' })).body.errors).toBeUndefined();
  });

  it('counts graphql-ws operations against the same client as HTTP', async () => {
    const s = await stack({});
    for (let i = 0; i < 3; i++) expect((await s.post(ONE_CALL, { 'x-api-key': API_KEY })).body.errors).toBeUndefined();
    const client = s.ws({ 'x-api-key': API_KEY });
    for (let i = 0; i < 2; i++) expect((await wsRequest(client, { query: ONE_CALL })).errors).toBeUndefined();
    await clearLog(s);
    const r = await wsRequest(client, { query: ONE_CALL });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(r.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(await upstreamCalls(s)).toBe(0);
    // The key in the subscribe payload's headers (GraphiQL) is the same client.
    const viaHeaders = s.ws({});
    const h = await wsRequest(viaHeaders, { query: ONE_CALL, extensions: { headers: { 'x-api-key': API_KEY } } });
    expect(h.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('is shared by two gateways through Redis', async () => {
    const prefix = `test-${randomUUID()}:`;
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const [ra, rb] = [connectRedis(REDIS_URL), connectRedis(REDIS_URL)];
    redises.push(ra, rb);
    const [a, b] = [await stack(env, ra), await stack(env, rb)];
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).post(ONE_CALL, { 'x-api-key': API_KEY })));
    const limited = answers.filter((x) => x.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(answers.length - limited.length).toBe(5);
    expect(limited).toHaveLength(3);
    const keys = await ra.keys(`${prefix}ratelimit:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}ratelimit:key:[0-9a-f]{64}$`));
    expect(keys[0]).not.toContain(API_KEY);
    expect(await ra.get(keys[0])).toBe('5');
  });

  it('refuses with UPSTREAM_UNAVAILABLE, not an unshared allowance, while Redis is unreachable', async () => {
    const away = connectRedis('redis://127.0.0.1:1');
    redises.push(away);
    const s = await stack({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: `test-${randomUUID()}:` }, away);
    await clearLog(s);
    const r = await s.post(ONE_CALL, { 'x-api-key': API_KEY });
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(r.body.errors[0].message).toContain('Redis');
    expect(await upstreamCalls(s)).toBe(0);
    expect((await s.post('{ viewer { kind } }', { 'x-api-key': API_KEY })).body).toEqual({ data: { viewer: { kind: 'APP' } } });
  });
});

describe('spend stores', () => {
  it('memory: all or nothing per window, a new window after it ends', async () => {
    let now = 0;
    const store = new MemoryClientSpendStore(() => now);
    expect(await store.spend('c', 4, 5, 1000)).toEqual({ ok: true, used: 4, retryAfterMs: 0 });
    expect(await store.spend('c', 2, 5, 1000)).toEqual({ ok: false, used: 4, retryAfterMs: 1000 });
    now = 400;
    expect(await store.spend('c', 1, 5, 1000)).toEqual({ ok: true, used: 5, retryAfterMs: 0 });
    expect((await store.spend('c', 1, 5, 1000)).retryAfterMs).toBe(600);
    now = 1000;
    expect(await store.spend('c', 5, 5, 1000)).toEqual({ ok: true, used: 5, retryAfterMs: 0 });
  });

  it('Redis: concurrent spends from two connections book exactly the limit', async () => {
    const prefix = `test-${randomUUID()}:`;
    const [ra, rb] = [connectRedis(REDIS_URL), connectRedis(REDIS_URL)];
    redises.push(ra, rb);
    const [a, b] = [new RedisClientSpendStore(ra, prefix), new RedisClientSpendStore(rb, prefix)];
    const spends = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).spend('c', 1, 25, 60_000)));
    expect(spends.filter((x) => x.ok)).toHaveLength(25);
    const refused = spends.filter((x) => !x.ok);
    expect(refused.every((x) => x.retryAfterMs > 0 && x.retryAfterMs <= 60_000)).toBe(true);
    expect(Number(await ra.pttl(`${prefix}ratelimit:c`))).toBeGreaterThan(0);
  });
});
