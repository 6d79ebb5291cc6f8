import { randomBytes, randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { topics } from '../../src/events/types.js';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';
import { newEventId, postWebhook, recordEnvelope, sealed, until, countRecordEvents } from '../helpers/webhookEvents.js';
import { API_KEY } from './harness.js';

/**
 * Two gateway PROCESSES (`src/main.ts serve`) sharing the local Redis, as replicas behind one
 * Feishu app: Feishu delivers each event to one of them at random, and redelivers some to the
 * other. A graphql-ws `recordChanged` subscriber on each replica must see every event exactly
 * once: the Redis bus fans out, the Redis de-duplication drops the redelivery wherever it lands.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx'; // the demo base: the emulator accepts its drive subscription
const TABLE = 'tblDgFxLG45ZB0Hz';
const EVENTS = 200;

const SUBSCRIPTION = `subscription($appToken: String!, $tableId: String!) {
  recordChanged(appToken: $appToken, tableId: $tableId) { id eventId recordId action }
}`;

interface Replica {
  run: CliRun;
  origin: string;
  webhookUrl: string;
  client: Client;
  /** GraphQL event id -> how many times this replica's subscriber received it. */
  received: Map<string, number>;
  errors: unknown[];
}

describe('two gateway processes sharing Redis', () => {
  const keyPrefix = `test:${randomUUID()}:`;
  const encryptKey = randomBytes(24).toString('base64url');
  const verificationToken = randomBytes(24).toString('base64url');
  const redis = new Redis(REDIS_URL);
  let emu: Emulator;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 'demo' });
    const env = {
      FEISHU_APP_ID: emu.rt.appId,
      FEISHU_APP_SECRET: emu.rt.appSecret,
      FEISHU_BASE_URL: emu.url,
      FEISHU_EVENT_MODE: 'webhook',
      FEISHU_ENCRYPT_KEY: encryptKey,
      FEISHU_VERIFICATION_TOKEN: verificationToken,
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      GATEWAY_API_KEYS: API_KEY,
      GATEWAY_API_KEY_HASHES: '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: '',
    };
    const runs = [runCli(['serve'], env), runCli(['serve'], env)];
    for (const run of runs) {
      const url = await run.listening;
      const origin = new URL(url).origin;
      const replica: Replica = {
        run,
        origin,
        webhookUrl: `${origin}/webhook/event`,
        client: createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { 'x-api-key': API_KEY } }),
        received: new Map(),
        errors: [],
      };
      countRecordEvents(replica.client, { query: SUBSCRIPTION, variables: { appToken: BASE, tableId: TABLE } }, replica);
      replicas.push(replica);
    }
    // Both replicas' buses listen on the table's channel: their subscriptions are live.
    const channel = `${keyPrefix}bus:${topics.record(BASE, TABLE)}`;
    await until(async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]) >= 2, 15_000, () => `2 subscribers on the bus (errors: ${JSON.stringify(replicas.map((r) => r.errors))})`);
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) await r.client.dispose();
    for (const r of replicas) {
      if (r.run.child.exitCode === null) r.run.child.kill('SIGTERM');
    }
    const codes = await Promise.all(replicas.map((r) => r.run.exited));
    replicas.forEach((r) => killIfRunning(r.run));
    await emu?.close();
    await redis.quit();
    expect(codes).toEqual([0, 0]); // a graceful stop closes the bus and Redis cleanly
  });

  it(`delivers each of ${EVENTS} events, posted to a random replica, exactly once to a subscriber on each replica; a redelivery to the other replica is dropped`, async () => {
    const pick = () => replicas[Math.floor(Math.random() * replicas.length)];
    const envelopes = Array.from({ length: EVENTS }, (_, i) => recordEnvelope({ appToken: BASE, tableId: TABLE, token: verificationToken, recordIds: [`recReplica${String(i).padStart(4, '0')}`], appId: emu.rt.appId }));
    const landed: Array<{ envelope: (typeof envelopes)[number]; replica: Replica }> = [];
    const perReplica = [0, 0];
    // Ten at a time, as Feishu's deliveries overlap.
    for (let i = 0; i < envelopes.length; i += 10) {
      await Promise.all(
        envelopes.slice(i, i + 10).map(async (envelope) => {
          const replica = pick();
          perReplica[replicas.indexOf(replica)]++;
          const res = await postWebhook(replica.webhookUrl, sealed(envelope, encryptKey));
          expect(res).toEqual({ status: 200, body: { msg: 'success' } });
          landed.push({ envelope, replica });
        }),
      );
    }
    expect(perReplica[0]).toBeGreaterThan(0);
    expect(perReplica[1]).toBeGreaterThan(0);

    // Feishu redelivers the first 20 (it thought they were lost), this time to the OTHER replica.
    for (const { envelope, replica } of landed.slice(0, 20)) {
      const other = replicas.find((r) => r !== replica)!;
      expect(await postWebhook(other.webhookUrl, sealed(envelope, encryptKey))).toEqual({ status: 200, body: { msg: 'success' } });
    }
    // A last event, after the redeliveries: once it arrives everywhere, everything before it has.
    const last = recordEnvelope({ appToken: BASE, tableId: TABLE, token: verificationToken, recordIds: ['recReplicaLast'], eventId: newEventId(), appId: emu.rt.appId });
    expect((await postWebhook(pick().webhookUrl, sealed(last, encryptKey))).status).toBe(200);
    const lastId = `${last.header.event_id}:recReplicaLast`;
    await until(() => replicas.every((r) => r.received.has(lastId)), 15_000, () => `the last event on both replicas (received ${replicas.map((r) => r.received.size)})`);

    const expected = [...envelopes.map((e) => `${e.header.event_id}:${e.event.action_list[0].record_id}`), lastId].sort();
    for (const r of replicas) {
      expect(r.errors).toEqual([]);
      expect([...r.received.keys()].sort()).toEqual(expected);
      expect([...r.received.values()].every((n) => n === 1)).toBe(true);
    }
    // The de-duplication keys are the shared ones, under the deployment's prefix.
    expect(await redis.exists(`${keyPrefix}evt:${emu.rt.appId}:${envelopes[0].header.event_id}`)).toBe(1);
  }, 60_000);

  it(`delivers ${EVENTS} events the emulator pushes to both replicas at random (urls [a, b]) exactly once to each replica's subscriber`, async () => {
    for (const r of replicas) r.received.clear();
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${emu.url}/__emulator${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = await admin('PUT', '/webhook', { urls: replicas.map((r) => r.webhookUrl), encryptKey, verificationToken });
    expect(set.status).toBe(200); // both replicas answered the url_verification challenge
    await admin('DELETE', '/deliveries');
    await admin('PUT', '/config', { writeLockMs: 0 }); // back-to-back writes, no 1254291

    const { tenant_access_token: token } = await (
      await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: emu.rt.appId, app_secret: emu.rt.appSecret }) })
    ).json();
    const api = async (method: string, path: string, body?: unknown) =>
      (await fetch(`${emu.url}/open-apis/bitable/v1/apps/${BASE}/tables/${TABLE}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json();
    const primary = ((await api('GET', '/fields?page_size=100')).data.items as Array<{ field_name: string; is_primary?: boolean }>).find((f) => f.is_primary)!.field_name;
    // One record per call: each call is one Feishu event with one action.
    const created: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const res = await api('POST', '/records', { fields: { [primary]: `replica event ${i}` } });
      expect(res.code).toBe(0);
      created.push(res.data.record.record_id);
    }
    const want = [...created].sort();
    const recordIdsOf = (r: Replica) => [...r.received.keys()].map((id) => id.split(':')[1]).sort();
    await until(() => replicas.every((r) => r.received.size >= EVENTS), 30_000, () => `${EVENTS} events on both replicas (received ${replicas.map((r) => r.received.size)})`);
    await new Promise((r) => setTimeout(r, 300)); // room for a wrongful duplicate
    for (const r of replicas) {
      expect(r.errors).toEqual([]);
      expect(recordIdsOf(r)).toEqual(want);
      expect([...r.received.values()].every((n) => n === 1)).toBe(true);
    }
    const log = (await (await admin('GET', '/deliveries')).json()) as Array<{ acked: boolean; attempts: number; target?: string }>;
    expect(log).toHaveLength(EVENTS);
    expect(log.every((d) => d.acked && d.attempts === 1)).toBe(true);
    const perTarget = replicas.map((r) => log.filter((d) => d.target === r.webhookUrl).length);
    expect(perTarget[0] + perTarget[1]).toBe(EVENTS);
    expect(Math.min(...perTarget)).toBeGreaterThan(0); // Feishu's pick: one replica at random
  }, 90_000);
});
