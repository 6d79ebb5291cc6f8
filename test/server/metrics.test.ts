import { createSchema } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { createMetrics, MAX_OPERATION_NAMES } from '../../src/server/metrics.js';
import { eventRuntimeFor } from '../../src/server/events.js';
import { createLogger } from '../../src/server/logger.js';
import { postWebhook, recordEnvelope, sealed } from '../helpers/webhookEvents.js';
import { bearerMatches, isLoopback, metricsAccess } from '../../src/server/metricsRoute.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';
import { BASE, TASKS } from './bitable.js';
import { API_KEY, wsRequest } from './harness.js';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

/**
 * `/metrics` (issue 9, Metrics) on a real gateway over the demo emulator: what a nested read, a
 * mutation and a few refused operations leave in the Prometheus text, and who may read it.
 */

const TOKEN = 'metrics-token-for-tests-0123456789';
const MISSING_APP = 'bascnMissingMissingMissing0';

interface Running {
  gateway: Gateway;
  upstream: Upstream;
  origin: string;
  url: string;
}

async function startGateway(emu: Emulator, env: Record<string, string> = {}, schema?: Parameters<typeof createGateway>[0]['schema']): Promise<Running> {
  const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', ...env });
  const metrics = createMetrics();
  const upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, metrics });
  const gateway = createGateway({ config, appId: emu.rt.appId, upstream, metrics, schema });
  const { url } = await gateway.start(0, '127.0.0.1');
  return { gateway, upstream, url, origin: new URL(url).origin };
}

const stop = async (r: Running) => {
  await r.gateway.stop(1_000);
  await r.upstream.close();
};

async function gql(r: Running, query: string, headers: Record<string, string> = { 'x-api-key': API_KEY }) {
  const res = await fetch(r.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

/** The samples of the exposition text: `name{labels}` -> value. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The sum of a metric's samples whose labels include all of `labels`. */
function value(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, v] of samples) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    if (Object.entries(labels).every(([k, l]) => key.includes(`${k}="${l}"`))) sum += v;
  }
  return sum;
}

async function scrape(r: Running, headers: Record<string, string> = {}) {
  const res = await fetch(`${r.origin}/metrics`, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, samples: parse(text) };
}

const NESTED = `query NestedTasks { app(appToken: "${BASE}") { name table(tableId: "${TASKS}") { records(first: 50) { edges { node { recordId cells { __typename
  ... on LinkCell { records { recordId } }
  ... on UserCell { users { name unionId } }
  ... on AttachmentCell { attachments { temporaryUrl } } } } } } } } }`;

describe('/metrics on a gateway over the emulator', () => {
  let emu: Emulator;
  let r: Running;
  let samples: Map<string, number>;
  let text: string;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 'demo' });
    r = await startGateway(emu);
    const nested = await gql(r, NESTED);
    expect(nested.errors).toBeUndefined();
    const created = await gql(r, `mutation AddTable { createTable(input: {appToken: "${BASE}", name: "metrics-${Date.now()}"}) { table { tableId } } }`);
    expect(created.errors).toBeUndefined();
    // Refusals with codes: a base Feishu does not know (NOT_FOUND), a page over the cap (BAD_USER_INPUT), no credentials.
    expect((await gql(r, `query Missing { app(appToken: "${MISSING_APP}") { name } }`)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await gql(r, `query { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 501) { totalCount } } } }`)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await gql(r, '{ viewer { kind } }', {})).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql(r, '{ viewer { kind }')).errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    // An operation name that is not a short identifier is not a label.
    expect((await gql(r, 'query drop_table__x__0123456789012345678901234567890123456789012345678901234567890123456789 { viewer { kind } }')).errors).toBeUndefined();
    ({ samples, text } = await scrape(r));
  });
  afterAll(async () => {
    await stop(r);
    await emu.close();
  });

  it('serves the Prometheus text format to a loopback caller', async () => {
    const res = await scrape(r);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE feishu_gateway_upstream_calls_total counter');
    expect(value(res.samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts upstream calls by endpoint, outcome and status class, with latency buckets', () => {
    for (const endpoint of ['bitable.getApp', 'bitable.searchRecords', 'bitable.batchGetRecords', 'contact.batchGetUsers', 'drive.batchGetTmpDownloadUrls', 'bitable.createTable']) {
      expect(value(samples, 'feishu_gateway_upstream_calls_total', { endpoint, outcome: 'ok', status_class: '2xx' }), endpoint).toBeGreaterThanOrEqual(1);
      expect(value(samples, 'feishu_gateway_upstream_duration_seconds_count', { endpoint }), endpoint).toBeGreaterThanOrEqual(1);
      expect(value(samples, 'feishu_gateway_upstream_duration_seconds_bucket', { endpoint, le: '+Inf' })).toBe(value(samples, 'feishu_gateway_upstream_duration_seconds_count', { endpoint }));
    }
    // The missing base was Feishu's answer: counted under its failure kind.
    expect(value(samples, 'feishu_gateway_upstream_calls_total', { endpoint: 'bitable.getApp', outcome: 'not-found' })).toBe(1);
    expect(value(samples, 'feishu_gateway_upstream_retries_total')).toBe(0);
    expect(value(samples, 'feishu_gateway_throttle_wait_seconds_count')).toBe(value(samples, 'feishu_gateway_upstream_calls_total'));
  });

  it('shows loader batch sizes: the nested read batched its linked records, users and URLs', () => {
    for (const loader of ['bitable.record', 'contact.user', 'drive.tmpDownloadUrl']) {
      const batches = value(samples, 'feishu_gateway_loader_batch_size_count', { loader });
      expect(batches, loader).toBeGreaterThanOrEqual(1);
      // More keys than batches: loads were coalesced.
      expect(value(samples, 'feishu_gateway_loader_batch_size_sum', { loader }), loader).toBeGreaterThan(batches);
    }
  });

  it('counts operations by type and name, and errors by extensions.code', () => {
    expect(value(samples, 'feishu_gateway_graphql_operations_total', { type: 'query', name: 'NestedTasks' })).toBe(1);
    expect(value(samples, 'feishu_gateway_graphql_operations_total', { type: 'mutation', name: 'AddTable' })).toBe(1);
    expect(value(samples, 'feishu_gateway_graphql_operations_total', { type: 'query', name: 'anonymous' })).toBe(2);
    expect(value(samples, 'feishu_gateway_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    expect(value(samples, 'feishu_gateway_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(value(samples, 'feishu_gateway_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    expect(value(samples, 'feishu_gateway_graphql_errors_total', { code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(value(samples, 'feishu_gateway_graphql_errors_total')).toBe(4);
    expect(text).not.toContain('drop_table');
  });

  it('carries no ids or secrets: app tokens, table and record ids, keys', () => {
    for (const secret of [BASE, TASKS, MISSING_APP, API_KEY, emu.rt.appSecret]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\b(rec|ou_|on_|box|t-)[A-Za-z0-9]{6,}/); // record, user, file ids, tokens
  });

  it('over graphql-ws, an error is counted once, after masking', async () => {
    const before = value((await scrape(r)).samples, 'feishu_gateway_graphql_errors_total', { code: 'NOT_FOUND' });
    const client = createClient({ url: r.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { 'x-api-key': API_KEY } });
    try {
      const res = await wsRequest(client, { query: `{ app(appToken: "${BASE}") { table(tableId: "tblMissing000000") { name } } }` });
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const bad = await wsRequest(client, { query: '{ nope }' });
      expect(bad.errors?.length).toBe(1);
    } finally {
      await client.dispose();
    }
    const after = (await scrape(r)).samples;
    expect(value(after, 'feishu_gateway_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(before + 1);
    expect(value(after, 'feishu_gateway_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  });
});

describe('/metrics access', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 'empty' });
  });
  afterAll(() => emu.close());

  it('with METRICS_TOKEN: no or a wrong bearer is 401, the right one 200; only GET', async () => {
    const r = await startGateway(emu, { METRICS_TOKEN: TOKEN });
    try {
      const none = await scrape(r);
      expect(none.status).toBe(401);
      expect(none.text).not.toContain('feishu_gateway');
      expect((await scrape(r, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
      expect((await scrape(r, { authorization: TOKEN })).status).toBe(401);
      const ok = await scrape(r, { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('feishu_gateway_graphql_operations_total');
      expect((await fetch(`${r.origin}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
    } finally {
      await stop(r);
    }
  });

  it('without METRICS_TOKEN: loopback callers only, and not through a proxy', async () => {
    const r = await startGateway(emu);
    try {
      expect((await scrape(r)).status).toBe(200);
      expect((await scrape(r, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    } finally {
      await stop(r);
    }
  });

  it('the address check: loopback v4, v6 and v4-mapped pass; others, and proxied requests, do not', () => {
    const req = (remoteAddress: string | undefined, headers: Record<string, string> = {}) => ({ headers, socket: { remoteAddress } });
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '::2', 'fe80::1', '1127.0.0.1', '', undefined]) expect(isLoopback(a), String(a)).toBe(false);
    expect(metricsAccess(req('127.0.0.1'), undefined)).toBe(200);
    expect(metricsAccess(req('10.1.2.3'), undefined)).toBe(403);
    expect(metricsAccess(req('127.0.0.1', { forwarded: 'for=203.0.113.9' }), undefined)).toBe(403);
    // With a token, the address does not matter: the bearer does.
    expect(metricsAccess(req('10.1.2.3', { authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(200);
    expect(metricsAccess(req('127.0.0.1'), TOKEN)).toBe(401);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});

describe('subscription metrics', () => {
  it('an open subscription shows in the gauge until it ends, and each result sent is counted', async () => {
    const emu = await startEmulator({ port: 0, seed: 'empty' });
    const schema = createSchema({
      typeDefs: 'type Query { ok: Boolean } type Subscription { ticks: Int! }',
      resolvers: {
        Subscription: {
          ticks: {
            subscribe: async function* () {
              for (let i = 0; ; i++) {
                yield { ticks: i };
                await new Promise((res) => setTimeout(res, 5));
              }
            },
          },
        },
      },
    });
    const r = await startGateway(emu, {}, schema);
    const client = createClient({ url: r.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { 'x-api-key': API_KEY } });
    try {
      let seen = 0;
      let unsubscribe!: () => void;
      await new Promise<void>((resolve, reject) => {
        unsubscribe = client.subscribe({ query: 'subscription Ticks { ticks }' }, { next: () => ++seen === 3 && resolve(), error: reject, complete: () => undefined });
      });
      const open = (await scrape(r)).samples;
      expect(value(open, 'feishu_gateway_subscriptions_active', { field: 'ticks' })).toBe(1);
      expect(value(open, 'feishu_gateway_events_delivered_total', { field: 'ticks' })).toBeGreaterThanOrEqual(3);
      expect(value(open, 'feishu_gateway_graphql_operations_total', { type: 'subscription', name: 'Ticks' })).toBe(1);
      unsubscribe();
      await expect.poll(async () => value((await scrape(r)).samples, 'feishu_gateway_subscriptions_active', { field: 'ticks' })).toBe(0);
    } finally {
      await client.dispose();
      await stop(r);
      await emu.close();
    }
  });
});

describe('event metrics', () => {
  it('counts events received, de-duplicated and published, from the one ingestion path', async () => {
    const emu = await startEmulator({ port: 0, seed: 'empty' });
    const encryptKey = 'metrics-test-key';
    const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', FEISHU_EVENT_MODE: 'webhook', FEISHU_ENCRYPT_KEY: encryptKey, FEISHU_VERIFICATION_TOKEN: 'vt' });
    const metrics = createMetrics();
    const upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, metrics });
    const events = eventRuntimeFor({ config, appId: emu.rt.appId, upstream, logger: createLogger('silent'), metrics })!;
    const gateway = createGateway({ config, appId: emu.rt.appId, upstream, metrics, events });
    const { url } = await gateway.start(0, '127.0.0.1');
    const r: Running = { gateway, upstream, url, origin: new URL(url).origin };
    try {
      const envelope = recordEnvelope({ appToken: 'bascnMetrics', tableId: 'tblMetrics', token: 'vt', recordIds: ['rec1', 'rec2'] });
      for (let i = 0; i < 2; i++) expect((await postWebhook(`${r.origin}/webhook/event`, sealed(envelope, encryptKey))).status).toBe(200);
      const samples = (await scrape(r)).samples;
      expect(value(samples, 'feishu_gateway_events_received_total')).toBe(2);
      expect(value(samples, 'feishu_gateway_events_deduplicated_total')).toBe(1);
      expect(value(samples, 'feishu_gateway_events_published_total')).toBe(1);
    } finally {
      await stop(r);
      await events.close();
      await emu.close();
    }
  });
});

describe('createMetrics', () => {
  it('bounds operation-name labels: the first names count, later new ones are "other"', async () => {
    const m = createMetrics();
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) m.operation('query', `Op${i}`);
    m.operation('query', 'Op0');
    m.graphqlError('not a code!');
    m.graphqlError(undefined);
    const samples = parse(await m.render());
    expect(value(samples, 'feishu_gateway_graphql_operations_total', { name: 'other' })).toBe(5);
    expect(value(samples, 'feishu_gateway_graphql_operations_total', { name: 'Op0' })).toBe(2);
    expect(value(samples, 'feishu_gateway_graphql_errors_total', { code: 'UNKNOWN' })).toBe(2);
  });
});
