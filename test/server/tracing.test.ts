import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { startTracing, type Tracing } from '../../src/server/tracing.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';
import { API_KEY } from './harness.js';

/**
 * OpenTelemetry tracing, checked at the collector: a local HTTP server stands in for it and keeps
 * every OTLP/HTTP JSON export it is sent; the spans are compared with the emulator's request log.
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status?: { code?: number; message?: string };
}

interface Collector {
  url: string;
  /** Raw bodies, in arrival order. */
  bodies: string[];
  spans(): OtlpSpan[];
  serviceNames(): string[];
  close(): Promise<void>;
}

const valueOf = (v: any): unknown =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.boolValue ?? v.doubleValue ?? (v.arrayValue ? (v.arrayValue.values ?? []).map(valueOf) : undefined);
const attributesOf = (list: any[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

async function startCollector(): Promise<Collector> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') bodies.push(text);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const parsed = () => bodies.map((b) => JSON.parse(b));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans: () =>
      parsed().flatMap((b) =>
        b.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => ({ ...s, attributes: attributesOf(s.attributes) })))),
      ),
    serviceNames: () => parsed().flatMap((b) => b.resourceSpans.map((rs: any) => attributesOf(rs.resource.attributes)['service.name'])),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const DEMO_APP = 'bascnPLIgpJjLoKFh1q26hd49nx';
const TASKS = 'tblDgFxLG45ZB0Hz';
// Records, then what their cells name: linked records, users, attachment URLs (batched reads).
const NESTED = `query NestedRead { app(appToken: "${DEMO_APP}") { name table(tableId: "${TASKS}") { records(first: 5) { edges { node { recordId
  cells { ... on UserCell { users { name } } ... on LinkCell { records { recordId } } ... on AttachmentCell { attachments { temporaryUrl } } } } } } } } }`;
const MUTATION = `mutation MakeTable { createTable(input: { appToken: "${DEMO_APP}", name: "traced" }) { table { tableId name } } }`;
const MISSING = 'query Missing { app(appToken: "bascnDoesNotExist0000000000") { name } }';
const AS_USER = 'query Me { viewer { kind user { name } } }';

interface Logged {
  method: string;
  path: string;
}

describe('tracing on (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let collector: Collector;
  let emu: Emulator;
  let tracing: Tracing;
  let upstream: Upstream;
  let gateway: Gateway;
  let url: string;
  /** The emulator's request log of each operation, by operation name. */
  const logs: Record<string, Logged[]> = {};
  const results: Record<string, any> = {};

  const post = async (query: string, headers: Record<string, string> = { 'x-api-key': API_KEY }) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) })).json();
  const requestLog = async (): Promise<Logged[]> => (await fetch(`${emu.url}/__emulator/requests`)).json() as Promise<Logged[]>;

  beforeAll(async () => {
    collector = await startCollector();
    emu = await startEmulator({ port: 0, seed: 'demo' });
    const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'gateway-under-test' });
    tracing = (await startTracing(config.tracing))!;
    upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, onCall: tracing.onCall });
    gateway = createGateway({ config, appId: emu.rt.appId, upstream, tracing });
    ({ url } = await gateway.start(0, '127.0.0.1'));
    // One operation at a time, so that each one's upstream calls are exactly the log's new entries.
    for (const [name, query, headers] of [
      ['NestedRead', NESTED],
      ['MakeTable', MUTATION],
      ['Missing', MISSING],
      ['Me', AS_USER, { authorization: 'Bearer u-demo-alice' }],
    ] as const) {
      await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
      results[name] = await post(query, headers);
      logs[name] = await requestLog();
    }
    await tracing.flush();
  });
  afterAll(async () => {
    await gateway?.stop(1_000);
    await upstream?.close();
    await tracing?.shutdown();
    await emu?.close();
    await collector?.close();
  });

  it('the operations ran as usual', () => {
    expect(results.NestedRead.errors).toBeUndefined();
    expect(results.NestedRead.data.app.table.records.edges).toHaveLength(5);
    expect(results.MakeTable).toEqual({ data: { createTable: { table: { tableId: expect.any(String), name: 'traced' } } } });
    expect(results.Missing.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(results.Me.data.viewer.kind).toBe('USER');
    // The nested read really made several batched calls (else the parent links below prove little).
    expect(logs.NestedRead.length).toBeGreaterThanOrEqual(4);
  });

  it('exports one span per operation, named by type and name, with the identity kind and error codes', () => {
    const ops = collector.spans().filter((s) => s.kind === 2);
    expect(ops.map((s) => s.name).sort()).toEqual(['mutation MakeTable', 'query Me', 'query Missing', 'query NestedRead']);
    const byName = Object.fromEntries(ops.map((s) => [s.attributes['graphql.operation.name'], s]));
    expect(byName.NestedRead.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'NestedRead', 'gateway.identity': 'APP' });
    expect(byName.MakeTable.attributes['graphql.operation.type']).toBe('mutation');
    expect(byName.Me.attributes['gateway.identity']).toBe('USER');
    expect(byName.Missing.attributes).toMatchObject({ 'gateway.error_codes': ['NOT_FOUND'], 'gateway.error_count': 1 });
    expect(byName.Missing.status).toMatchObject({ code: 2, message: 'NOT_FOUND' });
    expect(byName.NestedRead.status?.code ?? 0).toBe(0);
    expect(new Set(ops.map((s) => s.traceId)).size).toBe(4);
    expect(collector.serviceNames().every((n) => n === 'gateway-under-test')).toBe(true);
  });

  it('under each operation, one child span per upstream HTTP attempt: the same calls as the emulator logged', () => {
    const spans = collector.spans();
    const ops = spans.filter((s) => s.kind === 2);
    const children = spans.filter((s) => s.kind !== 2);
    // Every upstream span has an operation for parent, in that operation's trace.
    for (const child of children) {
      const parent = ops.find((op) => op.spanId === child.parentSpanId);
      expect(parent, child.name).toBeDefined();
      expect(child.traceId).toBe(parent!.traceId);
      expect(child.kind).toBe(3); // CLIENT
    }
    for (const op of ops) {
      const name = op.attributes['graphql.operation.name'] as string;
      const mine = children.filter((c) => c.parentSpanId === op.spanId);
      const logged = [...logs[name]];
      expect(mine.length, name).toBe(logged.length);
      // Pair each span with a logged request: same method, and its route template matches the path.
      for (const span of mine) {
        const template = span.attributes['url.template'] as string;
        const pattern = new RegExp(`^${template.replace(/:\w+/g, '[^/]+')}$`);
        const i = logged.findIndex((l) => l.method === span.attributes['http.request.method'] && pattern.test(l.path));
        expect(i, `${name}: ${span.name} ${template}`).toBeGreaterThanOrEqual(0);
        logged.splice(i, 1);
      }
    }
  });

  it('upstream spans carry endpoint, route template (no ids), status, Feishu code, log id, attempt and throttle wait', () => {
    const children = collector.spans().filter((s) => s.kind !== 2);
    const records = children.find((c) => c.attributes['feishu.endpoint'] === 'bitable.records.list') ?? children.find((c) => String(c.attributes['url.template']).includes('/records'));
    expect(records).toBeDefined();
    expect(records!.name).toBe(`feishu ${records!.attributes['feishu.endpoint']}`);
    expect(records!.attributes).toMatchObject({
      'http.request.method': expect.stringMatching(/^(GET|POST)$/),
      'url.template': expect.stringMatching(/\/apps\/:\w+\/tables\/:\w+\/records/),
      'http.response.status_code': 200,
      'feishu.code': 0,
      'feishu.log_id': expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
      'feishu.attempt': 1,
      'http.request.resend_count': 0,
      'feishu.identity': 'app',
      'feishu.throttle_wait_ms': expect.any(Number),
    });
    const missing = children.find((c) => c.attributes['feishu.code'] !== undefined && c.attributes['feishu.code'] !== 0);
    expect(missing?.attributes['error.type']).toBeDefined();
    expect(missing?.status?.code).toBe(2);
  });

  it('no token, key, secret or id reaches the collector', () => {
    const exported = collector.bodies.join('\n');
    expect(exported.length).toBeGreaterThan(0);
    const secrets = [API_KEY, emu.rt.appSecret, 'u-demo-alice', ...Object.keys(emu.rt.state.tokens.tenant), DEMO_APP, TASKS];
    for (const secret of secrets) expect(exported, secret.slice(0, 6)).not.toContain(secret);
    expect(Object.keys(emu.rt.state.tokens.tenant).length).toBeGreaterThan(0);
  });
});

describe('tracing off', () => {
  it('a gateway without the setting exports nothing, even beside a traced one in the same process', async () => {
    const collector = await startCollector();
    const emu = await startEmulator({ port: 0, seed: 'demo' });
    const traced = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const plain = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent' });
    expect(plain.tracing).toBeUndefined();
    expect(await startTracing(plain.tracing)).toBeUndefined();
    const on = (await startTracing(traced.tracing))!;
    const upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret });
    const gateway = createGateway({ config: plain, appId: emu.rt.appId, upstream });
    try {
      const { url } = await gateway.start(0, '127.0.0.1');
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: NESTED }) });
      expect((await res.json()).data.app.name).toEqual(expect.any(String));
      await on.flush();
      expect(collector.bodies).toEqual([]);
    } finally {
      await gateway.stop(1_000);
      await upstream.close();
      await on.shutdown();
      await emu.close();
      await collector.close();
    }
  });
});

describe('the CLI', () => {
  let run: CliRun | undefined;
  let collector: Collector | undefined;
  afterEach(async () => {
    killIfRunning(run);
    await collector?.close();
  });

  const demo = async (env: Record<string, string>) => {
    run = runCli(['demo', '--port', '0'], { PORT: '0', FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', FEISHU_EVENT_MODE: 'off', NODE_ENV: '', LOG_LEVEL: 'silent', ...env });
    const until = Date.now() + 20_000;
    while (!/^Try:/m.test(run.output())) {
      if (run.child.exitCode !== null || Date.now() > until) throw new Error(`the demo did not start:\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const url = /Gateway listening on (http:\/\/\S+\/graphql)/.exec(run.output())![1];
    const key = /Demo API key\s+(\S+)/.exec(run.output())![1];
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: NESTED }) });
    expect((await res.json()).errors).toBeUndefined();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  };

  it('with OTEL_EXPORTER_OTLP_ENDPOINT, the demo flushes its spans when stopped; without it, sends none', async () => {
    collector = await startCollector();
    await demo({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const spans = collector.spans();
    expect(spans.filter((s) => s.kind === 2).map((s) => s.name)).toEqual(['query NestedRead']);
    expect(spans.filter((s) => s.kind === 3).length).toBeGreaterThanOrEqual(4);

    collector.bodies.length = 0;
    // OpenTelemetry's own per-signal variable, which the gateway does not read: the exporter would
    // send there, were the SDK loaded and a span made.
    await demo({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces` });
    expect(collector.bodies).toEqual([]);
  }, 60_000);
});
