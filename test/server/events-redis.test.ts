import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEDUPE_TTL_S } from '../../src/events/dedupe.js';
import { topics, type DomainEvent, type RecordChanged } from '../../src/events/types.js';
import { collect, postWebhook, recordEnvelope, sealed, until } from '../helpers/webhookEvents.js';
import { startStack, type Stack } from './harness.js';

/**
 * The events room on Redis (ARCHITECTURE.md, Redis): de-duplication keys and the bus live
 * there; with Redis away the gateway still starts, `/ready` names Redis, webhooks answer 503 so
 * Feishu redelivers, and nothing falls back to memory; when Redis comes back, so does everything.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const APP = 'bascnRedisEvents0000000001';
const TBL = 'tblRedisEvents01';

/** Waits until `count` connections are subscribed to the channel (the bus subscribes asynchronously). */
const subscribed = (redis: Redis, channel: string, count = 1) =>
  until(async () => {
    const [, n] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(n) >= count;
  }, 10_000, `${count} subscriber(s) on ${channel}`);

describe('webhook events through Redis', () => {
  const keyPrefix = `test:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL);
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({}, {}, { events: { redis: { url: REDIS_URL, keyPrefix } } });
  });
  afterAll(async () => {
    await stack.close();
    await redis.quit();
  });

  it('publishes on a prefixed Redis channel, remembers the event id for 24 h, drops the replay', async () => {
    const { webhookUrl: url, encryptKey: key, verificationToken: token, runtime } = stack.events!;
    const seen = collect<DomainEvent>(runtime.services.bus.subscribe(topics.record(APP, TBL)));
    const channel = `${keyPrefix}bus:${topics.record(APP, TBL)}`;
    await subscribed(redis, channel);
    // An outside listener on the same channel sees the plain JSON the replicas exchange.
    const outside = redis.duplicate();
    const raw: string[] = [];
    outside.on('message', (_ch: string, msg: string) => raw.push(msg));
    await outside.subscribe(channel);

    const envelope = recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recR1', 'recR2'] });
    expect(await postWebhook(url, sealed(envelope, key))).toEqual({ status: 200, body: { msg: 'success' } });
    await until(() => seen.items.length === 2 && raw.length === 2, 5_000, () => `two events (bus ${seen.items.length}, outside ${raw.length})`);
    const dedupeKey = `${keyPrefix}evt:${stack.emu.rt.appId}:${envelope.header.event_id}`;
    expect(await redis.get(dedupeKey)).toBe('1');
    const ttl = await redis.ttl(dedupeKey);
    expect(ttl).toBeGreaterThan(DEDUPE_TTL_S - 60);
    expect(ttl).toBeLessThanOrEqual(DEDUPE_TTL_S);
    expect(JSON.parse(raw[0])).toMatchObject({ kind: 'record', recordId: 'recR1', eventId: envelope.header.event_id });

    expect(await postWebhook(url, sealed(envelope, key))).toEqual({ status: 200, body: { msg: 'success' } });
    const next = recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recR3'] });
    expect((await postWebhook(url, sealed(next, key))).status).toBe(200);
    await until(() => seen.items.length === 3, 5_000, 'the next event');
    await seen.stop();
    await outside.quit();
    expect(seen.items.map((e) => (e as RecordChanged).recordId)).toEqual(['recR1', 'recR2', 'recR3']);
  });
});

describe('Redis unreachable', () => {
  let stack: Stack | undefined;
  let server: ChildProcess | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    server = undefined;
  });

  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });

  it('a gateway whose Redis never came stops promptly', async () => {
    const port = await freePort();
    const s = await startStack({}, {}, { events: { redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: `test:${randomUUID()}:` } } });
    const seen = collect<DomainEvent>(s.events!.runtime.services.bus.subscribe(topics.record(APP, TBL))); // a SUBSCRIBE waiting for Redis
    expect((await fetch(`${s.origin}/ready`)).status).toBe(503);
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    void seen.stop();
  });

  it('the gateway starts, /ready is 503 naming Redis, webhooks answer 503; all recover when Redis comes up', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const keyPrefix = `test:${randomUUID()}:`;
    stack = await startStack({}, {}, { events: { redis: { url, keyPrefix } } });
    const { webhookUrl, encryptKey: key, verificationToken: token, runtime } = stack.events!;

    const ready = await fetch(`${stack.origin}/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).reason).toMatch(/Redis is unreachable/);
    // A subscriber made while Redis is away is subscribed once it is back.
    const seen = collect<DomainEvent>(runtime.services.bus.subscribe(topics.record(APP, TBL)));
    const envelope = recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recDown'] });
    const down = await postWebhook(webhookUrl, sealed(envelope, key));
    expect(down.status).toBe(503); // not acknowledged: Feishu redelivers it later
    expect(JSON.stringify(down.body)).not.toContain(key);

    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await until(async () => (await fetch(`${stack!.origin}/ready`)).status === 200, 15_000, '/ready after Redis came up');
    const direct = new Redis(url);
    try {
      await subscribed(direct, `${keyPrefix}bus:${topics.record(APP, TBL)}`);
    } finally {
      direct.disconnect();
    }
    // Feishu's redelivery of the event the 503 refused: accepted now, published once.
    expect(await postWebhook(webhookUrl, sealed(envelope, key))).toEqual({ status: 200, body: { msg: 'success' } });
    await until(() => seen.items.length === 1, 5_000, 'the redelivered event');
    await seen.stop();
    expect(seen.items.map((e) => (e as RecordChanged).recordId)).toEqual(['recDown']);
  });
});
