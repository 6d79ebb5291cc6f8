import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../src/events/types.js';
import { startWebhookProxy, type ProxyFailure } from '../helpers/webhookProxy.js';
import { collect, startEventStack, until } from './eventStack.js';
import { API_KEY } from './harness.js';
import { BASE, RECORD_SUBSCRIPTION, TABLE, startLongConnectionStack, type LcStack, type Subscriber } from './longConnectionStack.js';

/**
 * Issue 10, the events column of the fault matrix: records written through the gateway while
 * events are cut off on the way back, and a `recordChanged` subscriber (graphql-ws) that must see
 * every record exactly once. Long connection: a write fault on one mutation (its retry must not
 * emit a second event) and a dropped connection mid-stream. Webhook: the first delivery of every
 * event fails on the gateway's side (503, a lost 200, a dropped socket); the emulator redelivers.
 */

const CREATE = 'mutation($input: CreateRecordsInput!) { createRecords(input: $input) { records { recordId } complete } }';
const MUTATIONS = 6;
const PER_MUTATION = 5;

/** Every id seen exactly once, and nothing else. */
function expectExactlyOnce(counts: Map<string, number>, ids: string[]) {
  const seen = new Map<string, number>();
  for (const [id, n] of counts) {
    const recordId = id.split(':')[1];
    if (ids.includes(recordId)) seen.set(recordId, (seen.get(recordId) ?? 0) + n);
  }
  expect([...seen.keys()].sort()).toEqual([...ids].sort());
  expect([...seen.entries()].filter(([, n]) => n !== 1)).toEqual([]);
}

describe('fault matrix, events over the long connection: write faults and a drop mid-stream', () => {
  let s: LcStack;
  let sub: Subscriber;
  let all: string[] = [];
  beforeAll(async () => {
    s = await startLongConnectionStack({
      emulatorConfig: { redeliveryDelaysMs: [200, 400, 800, 1600, 3200], wsAckTimeoutMs: 1000 },
      longConnection: { timing: { reconnectNonceMs: 100, reconnectIntervalMs: 100 } },
    });
    sub = await s.subscribe();
  }, 30_000);
  afterAll(() => s?.close());

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as any;
  };
  const fault = (spec: Record<string, unknown>) => s.admin('POST', '/faults', spec);

  it.each([
    ['no write fault', undefined],
    ['a batch_create applied, its answer HTTP 500 (retried with its client_token)', { phase: 'after', status: 500 }],
    ['a batch_create applied, its connection reset', { phase: 'after', action: 'reset' }],
    ['a batch_create refused with 1254291', { status: 200, code: 1254291, msg: 'Write conflict' }],
    ['a batch_create refused with 1254290', { status: 200, code: 1254290, msg: 'TooManyRequest' }],
  ] as const)('%s, and the connection dropped: every record arrives exactly once', async (_name, spec) => {
    await s.admin('DELETE', '/requests');
    if (spec) expect((await fault({ method: 'POST', path: 'records/batch_create$', skip: 2, times: 1, ...spec })).status).toBe(200);
    const ids: string[] = [];
    const before = sub.results.length;
    for (let m = 0; m < MUTATIONS; m++) {
      const r = await gql(CREATE, { input: { appToken: BASE, tableId: TABLE, idempotencyKey: `lc-${all.length}-${m}`, records: Array.from({ length: PER_MUTATION }, (_, i) => ({ fields: { Task: `matrix ${m}.${i}` } })) } });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data.createRecords.complete).toBe(true);
      ids.push(...r.data.createRecords.records.map((x: any) => x.recordId));
      if (m === 3) {
        const device = s.client.deviceId;
        expect((await s.admin('POST', '/connections/drop')).body.dropped).toBe(1);
        await until(() => s.client.state === 'connected' && s.client.deviceId !== device, 10_000, 'the reconnection');
      }
    }
    expect(new Set(ids).size).toBe(MUTATIONS * PER_MUTATION);
    // The fault was met: one batch_create answered with it, then the retry.
    const creates = ((await s.admin('GET', '/requests')).body as Array<{ path: string; status: number; code: number | null }>).filter((c) => c.path.endsWith('/records/batch_create'));
    expect(creates.filter((c) => !(c.status === 200 && c.code === 0))).toHaveLength(spec ? 1 : 0);
    await sub.take(before + ids.length, 20_000);
    await until(async () => (await s.deliveries()).every((d) => d.acked), 20_000, 'every delivery acknowledged');
    await new Promise((r) => setTimeout(r, 300)); // room for a wrongful duplicate
    expectExactlyOnce(sub.counts(), ids);
    all = [...all, ...ids];
    // Nothing arrived that was not written by these cases.
    expect(sub.results).toHaveLength(all.length);
  }, 40_000);
});

describe.each(['503', 'lost-ack', 'drop'] as ProxyFailure[])('fault matrix, events over the webhook: the first delivery of each event fails (%s)', (failure) => {
  it('the emulator redelivers; every record arrives exactly once and every delivery ends acknowledged', async () => {
    const s = await startEventStack();
    const proxy = await startWebhookProxy(s.events.webhookUrl, s.events.encryptKey, failure);
    try {
      const admin = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${s.emu.url}/__emulator${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
        expect(res.status, await res.clone().text()).toBe(200);
        return res.json() as Promise<any>;
      };
      await admin('PUT', '/config', { redeliveryDelaysMs: [100, 200, 400, 800], webhookTimeoutMs: 1_000, writeLockMs: 0 });
      await admin('PUT', '/webhook', { url: proxy.url, encryptKey: s.events.encryptKey, verificationToken: s.events.verificationToken });
      const topic = topics.record(BASE, TABLE);
      const received = collect(s.ws(), RECORD_SUBSCRIPTION, { appToken: BASE, tableId: TABLE });
      await until(() => s.listening(topic) > 0, 10_000, 'the subscription on the bus');
      await s.events.runtime.services.ensureSubscribed(BASE);

      const ids: string[] = [];
      for (let m = 0; m < 3; m++) {
        const r = await s.post(CREATE, undefined, { input: { appToken: BASE, tableId: TABLE, records: Array.from({ length: 4 }, (_, i) => ({ fields: { Task: `webhook ${m}.${i}` } })) } });
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
        ids.push(...r.data.createRecords.records.map((x: any) => x.recordId));
      }
      await received.take(ids.length, 20_000);
      await until(async () => ((await admin('GET', '/deliveries')) as any[]).filter((d) => d.event_type.includes('record_changed')).every((d) => d.acked), 20_000, 'every delivery acknowledged');
      await new Promise((r) => setTimeout(r, 300)); // room for a wrongful duplicate
      const counts = new Map<string, number>();
      for (const r of received.results) counts.set(r.data.recordChanged.id, (counts.get(r.data.recordChanged.id) ?? 0) + 1);
      expectExactlyOnce(counts, ids);
      expect(received.results).toHaveLength(ids.length);
      const deliveries = ((await admin('GET', '/deliveries')) as any[]).filter((d) => d.event_type.includes('record_changed'));
      expect(deliveries).toHaveLength(3); // one Feishu event per batch_create
      // Each was failed once by the proxy and acknowledged on the second attempt.
      expect(deliveries.map((d) => [d.attempts, d.acked])).toEqual([[2, true], [2, true], [2, true]]);
      expect([...proxy.attempts.values()]).toEqual([2, 2, 2]);
    } finally {
      await proxy.close();
      await s.close();
    }
  }, 40_000);
});
