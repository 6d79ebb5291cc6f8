import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { topics } from '../../src/events/types.js';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';
import { until, countRecordEvents } from '../helpers/webhookEvents.js';
import { API_KEY } from './harness.js';
import { BASE, RECORD_SUBSCRIPTION, TABLE, type Delivery } from './longConnectionStack.js';

/**
 * Two gateway PROCESSES (`src/main.ts serve`, FEISHU_EVENT_MODE=long-connection) sharing the
 * local Redis, each holding its own long connection to the emulator: like Feishu, the emulator
 * pushes each event to ONE of the two connections at random; the replica that gets it publishes
 * it on the Redis bus, and a graphql-ws `recordChanged` subscriber on EACH replica must see every
 * event exactly once. Which replica took an event is read twice: from the emulator's delivery log
 * (`target` = the connection's device_id, which each replica logs when it connects) and from each
 * replica's own debug line per ingested event.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const EVENTS = 200;

interface Replica {
  run: CliRun;
  client: Client;
  deviceId: string;
  /** GraphQL event id -> times this replica's subscriber received it. */
  received: Map<string, number>;
  errors: unknown[];
}

/** The event ids of the replica's `event <id> (<type>) via long-connection: <outcome>` debug lines. */
const ingestedBy = (r: Replica, outcome: 'published' | 'duplicate') =>
  [...r.run.output().matchAll(new RegExp(`event ([0-9a-f]{32}) \\([^)]*\\) via long-connection: ${outcome}`, 'g'))].map((m) => m[1]);
const publishedBy = (r: Replica) => ingestedBy(r, 'published');

describe('two gateway processes on the long connection, sharing Redis', () => {
  const keyPrefix = `test:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL);
  let emu: Emulator;
  const replicas: Replica[] = [];
  const admin = async (method: string, path: string, body?: unknown) =>
    (await fetch(`${emu.url}/__emulator${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json();

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 'demo' });
    // Back-to-back writes (no 1254291); reconnect within about a second after a drop (ClientConfig
    // is in seconds, and the replicas follow what discovery and pongs say, as in production).
    await admin('PUT', '/config', { writeLockMs: 0, wsClientConfig: { ReconnectNonce: 1, ReconnectInterval: 1 } });
    const env = {
      FEISHU_APP_ID: emu.rt.appId,
      FEISHU_APP_SECRET: emu.rt.appSecret,
      FEISHU_BASE_URL: emu.url,
      FEISHU_EVENT_MODE: 'long-connection',
      FEISHU_ENCRYPT_KEY: '',
      FEISHU_VERIFICATION_TOKEN: '',
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      GATEWAY_API_KEYS: API_KEY,
      GATEWAY_API_KEY_HASHES: '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug', // one line per ingested event: how this test counts per replica
      NODE_ENV: '',
    };
    const runs = [runCli(['serve'], env), runCli(['serve'], env)];
    for (const run of runs) {
      const url = await run.listening;
      await until(() => /long connection established \(device_id (\d+)\)/.test(run.output()), 15_000, `the long connection of a replica:\n${run.output()}`);
      const replica: Replica = {
        run,
        client: createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { 'x-api-key': API_KEY } }),
        deviceId: /long connection established \(device_id (\d+)\)/.exec(run.output())![1],
        received: new Map(),
        errors: [],
      };
      // /ready includes the long connection: 200 once it is established.
      expect((await fetch(new URL('/ready', url))).status).toBe(200);
      countRecordEvents(replica.client, { query: RECORD_SUBSCRIPTION, variables: { appToken: BASE, tableId: TABLE } }, replica);
      replicas.push(replica);
    }
    const connections = (await admin('GET', '/connections')) as Array<{ device_id: string; ready: boolean }>;
    expect(connections.filter((c) => c.ready).map((c) => c.device_id).sort()).toEqual(replicas.map((r) => r.deviceId).sort());
    const channel = `${keyPrefix}bus:${topics.record(BASE, TABLE)}`;
    await until(async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]) >= 2, 15_000, `2 subscribers on the bus (errors: ${JSON.stringify(replicas.map((r) => r.errors))})`);
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) await r.client.dispose();
    for (const r of replicas) if (r.run.child.exitCode === null) r.run.child.kill('SIGTERM');
    const codes = await Promise.all(replicas.map((r) => r.run.exited));
    replicas.forEach((r) => killIfRunning(r.run));
    await emu?.close();
    await redis.quit();
    expect(codes).toEqual([0, 0]); // a graceful stop closes the long connection, the bus and Redis
  });

  /** Creates `n` records, one per call (one Feishu event each), four calls at a time. */
  async function createRecords(n: number, created: string[]): Promise<void> {
    const { tenant_access_token: token } = await (
      await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: emu.rt.appId, app_secret: emu.rt.appSecret }) })
    ).json();
    const api = async (method: string, path: string, body?: unknown) =>
      (await fetch(`${emu.url}/open-apis/bitable/v1/apps/${BASE}/tables/${TABLE}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json();
    const primary = ((await api('GET', '/fields?page_size=100')).data.items as Array<{ field_name: string; is_primary?: boolean }>).find((f) => f.is_primary)!.field_name;
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < n) {
          const i = next++;
          const res = await api('POST', '/records', { fields: { [primary]: `replica event ${i}` } });
          expect(res.code).toBe(0);
          created.push(res.data.record.record_id);
        }
      }),
    );
  }

  it(`delivers each of ${EVENTS} events to ONE replica's connection and to the subscriber on EACH replica exactly once`, async () => {
    const created: string[] = [];
    await createRecords(EVENTS, created);
    await until(() => replicas.every((r) => r.received.size >= EVENTS), 30_000, () => `${EVENTS} events on both replicas (received ${replicas.map((r) => r.received.size)})`);
    await new Promise((r) => setTimeout(r, 300)); // room for a wrongful duplicate

    const want = [...created].sort();
    for (const r of replicas) {
      expect(r.errors).toEqual([]);
      expect([...r.received.keys()].map((id) => id.split(':')[1]).sort()).toEqual(want);
      expect([...r.received.values()].every((n) => n === 1)).toBe(true);
    }
    // The emulator's side: each event pushed once, to one of the two connections, and acknowledged.
    const log = (await admin('GET', '/deliveries')) as Delivery[];
    expect(log).toHaveLength(EVENTS);
    expect(log.every((d) => d.channel === 'long-connection' && d.acked && d.attempts === 1)).toBe(true);
    const perConnection = replicas.map((r) => log.filter((d) => d.target === r.deviceId).length);
    expect(perConnection[0] + perConnection[1]).toBe(EVENTS);
    expect(Math.min(...perConnection)).toBeGreaterThan(0);
    // The replicas' side: each event ingested (published) by exactly one replica, the one it was pushed to.
    const published = replicas.map(publishedBy);
    expect(published.map((p) => p.length)).toEqual(perConnection);
    expect([...published[0], ...published[1]].sort()).toEqual(log.map((d) => d.event_id).sort());
    for (const [i, r] of replicas.entries()) expect(published[i].sort()).toEqual(log.filter((d) => d.target === r.deviceId).map((d) => d.event_id).sort());
    console.info(`[long-connection replicas] ${EVENTS} events: pushed ${perConnection.join('/')} to the two replicas' connections; each subscriber received ${replicas.map((r) => r.received.size).join(' and ')}, each once`);
  }, 90_000);

  it(`loses nothing when the emulator drops both replicas' connections mid-stream; a redelivery is published once, whichever replica it lands on`, async () => {
    for (const r of replicas) r.received.clear();
    await admin('DELETE', '/deliveries');
    // Fast redelivery of what the drops cut off.
    await admin('PUT', '/config', { redeliveryDelaysMs: [300, 600, 1200, 2400, 4800], wsAckTimeoutMs: 1000 });
    const created: string[] = [];
    const writes = createRecords(EVENTS, created);
    for (const at of [50, 120]) {
      await until(() => created.length >= at, 30_000, `${at} writes`);
      const before = replicas.map((r) => r.run.output().match(/long connection (?:re-)?established/g)?.length ?? 0);
      expect((await admin('POST', '/connections/drop')).dropped).toBe(2);
      // Both replicas come back (each after random()·1 s), each with a new connection.
      await until(() => replicas.every((r, i) => (r.run.output().match(/long connection (?:re-)?established/g)?.length ?? 0) > before[i]), 10_000, 'both reconnections');
    }
    await writes;
    await until(() => replicas.every((r) => r.received.size >= EVENTS), 30_000, () => `${EVENTS} events on both replicas (received ${replicas.map((r) => r.received.size)})`);
    await until(async () => ((await admin('GET', '/deliveries')) as Delivery[]).every((d) => d.acked), 20_000, 'every delivery acknowledged');
    await new Promise((r) => setTimeout(r, 300));

    const want = [...created].sort();
    for (const r of replicas) {
      expect(r.errors).toEqual([]);
      expect([...r.received.keys()].map((id) => id.split(':')[1]).sort()).toEqual(want);
      expect([...r.received.values()].every((n) => n === 1)).toBe(true);
    }
    const log = (await admin('GET', '/deliveries')) as Delivery[];
    const ids = new Set(log.map((d) => d.event_id));
    expect(ids.size).toBe(EVENTS);
    // Published exactly once across both replicas, though some arrived twice (on either).
    const published = replicas.map((r) => publishedBy(r).filter((id) => ids.has(id)));
    expect([...published[0], ...published[1]].sort()).toEqual([...ids].sort());
    const duplicates = replicas.map((r) => ingestedBy(r, 'duplicate').filter((id) => ids.has(id)));
    const crossReplica = duplicates.reduce((n, dups, i) => n + dups.filter((id) => published[1 - i].includes(id)).length, 0);
    const redelivered = log.filter((d) => d.attempts > 1).length;
    console.info(`[long-connection replicas, drops] ${EVENTS} events, 2 drops of both connections: ${redelivered} redelivered by the emulator, ${duplicates[0].length + duplicates[1].length} received twice and dropped as duplicates (${crossReplica} on the other replica than the one that published them); published ${published.map((p) => p.length).join('/')}; each subscriber received ${EVENTS}, each once`);
  }, 90_000);
});
