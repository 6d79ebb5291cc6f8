import type { EventBus } from '../../src/events/types.js';
import { topics } from '../../src/events/types.js';
import type { LongConnectionClient } from '../../src/events/longConnection/index.js';
import { collect, until, type Received } from './eventStack.js';
import { API_KEY, startStack, type Stack, type StackLongConnectionOptions } from './harness.js';

/**
 * The emulator (demo data) and a gateway whose events come over the long connection (the
 * harness's `events: { mode: 'long-connection' }`), for the long-connection suites: the Open API
 * as the app, to make real writes that emit events; the admin API; a `recordChanged` subscriber
 * that counts each GraphQL event; and a count of the bus subscriptions per topic, since graphql-ws
 * does not acknowledge a subscription (tests wait for its bus subscription before they write).
 */

export const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
export const TABLE = 'tblDgFxLG45ZB0Hz';
export const RECORD_SUBSCRIPTION = `subscription($appToken: String!, $tableId: String!) {
  recordChanged(appToken: $appToken, tableId: $tableId) { id eventId recordId action }
}`;

export interface Delivery {
  event_id: string;
  event_type: string;
  channel: 'webhook' | 'long-connection' | null;
  attempts: number;
  acked: boolean;
  status: string;
  target?: string;
  last_error?: string;
}

export interface LcStack extends Stack {
  client: LongConnectionClient;
  listening(topic: string): number;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  deliveries(): Promise<Delivery[]>;
  /** Creates one record per call through the emulator's Open API (each call is one Feishu event); answers the record ids. */
  createRecords(n: number, opts?: { text?: (i: number) => string; concurrency?: number; onCreated?: () => void }): Promise<string[]>;
  /** A graphql-ws `recordChanged` subscriber on the demo table, live (its bus subscription made) when this resolves. */
  subscribe(): Promise<Subscriber>;
}

export interface Subscriber extends Received {
  /** GraphQL event id (`event_id:record_id`) -> times received. */
  counts(): Map<string, number>;
}

export async function startLongConnectionStack(opts: { longConnection?: StackLongConnectionOptions; redis?: { url: string; keyPrefix: string }; emulatorConfig?: Record<string, unknown> } = {}): Promise<LcStack> {
  const stack = await startStack({}, {}, { seed: 'demo', events: { mode: 'long-connection', redis: opts.redis, longConnection: opts.longConnection } });
  const events = stack.events!;
  if (!events.registered) {
    await stack.close();
    throw new Error('the long connection did not connect');
  }
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.emu.url}/__emulator${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  // Back-to-back writes on one table, no 1254291; then what the suite asks for.
  await admin('PUT', '/config', { writeLockMs: 0, ...opts.emulatorConfig });

  const counts = new Map<string, number>();
  const services = events.runtime.services;
  services.bus = countingBus(services.bus, counts);

  let token: string | undefined;
  const api = async (method: string, path: string, body?: unknown) => {
    token ??= (
      await (
        await fetch(`${stack.emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: stack.emu.rt.appId, app_secret: stack.emu.rt.appSecret }),
        })
      ).json()
    ).tenant_access_token;
    const res = await fetch(`${stack.emu.url}/open-apis/bitable/v1/apps/${BASE}/tables/${TABLE}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };
  let primary: string | undefined;

  return {
    ...stack,
    client: events.runtime.longConnection!,
    listening: (topic) => counts.get(topic) ?? 0,
    admin,
    deliveries: async () => (await admin('GET', '/deliveries')).body,
    async createRecords(n, { text = (i: number) => `long connection event ${i}`, concurrency = 1, onCreated } = {}) {
      primary ??= ((await api('GET', '/fields?page_size=100')).data.items as Array<{ field_name: string; is_primary?: boolean }>).find((f) => f.is_primary)!.field_name;
      const ids: string[] = new Array(n);
      let next = 0;
      const worker = async () => {
        while (next < n) {
          const i = next++;
          const res = await api('POST', '/records', { fields: { [primary!]: text(i) } });
          if (res.code !== 0) throw new Error(`create failed: ${JSON.stringify(res)}`);
          ids[i] = res.data.record.record_id;
          onCreated?.();
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return ids;
    },
    async subscribe() {
      const topic = topics.record(BASE, TABLE);
      const before = counts.get(topic) ?? 0;
      const received = collect(stack.ws({ 'x-api-key': API_KEY }), RECORD_SUBSCRIPTION, { appToken: BASE, tableId: TABLE });
      await until(() => (counts.get(topic) ?? 0) > before, 10_000, 'the subscription on the bus');
      return {
        ...received,
        counts: () => {
          const m = new Map<string, number>();
          for (const r of received.results) {
            const id = r.data?.recordChanged?.id as string | undefined;
            if (id) m.set(id, (m.get(id) ?? 0) + 1);
          }
          return m;
        },
      };
    },
  };
}

function countingBus(bus: EventBus, counts: Map<string, number>): EventBus {
  return {
    publish: (topic, event) => bus.publish(topic, event),
    subscribe: (topic) => {
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      return bus.subscribe(topic);
    },
  };
}

export { until };
