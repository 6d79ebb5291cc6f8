import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientOptions } from 'graphql-ws';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { topics, type RecordChanged } from '../../src/events/types.js';
import { loggerFor } from '../../src/server/logger.js';
import { collect, countingBus, until } from './eventStack.js';
import { API_KEY, startStack, wsRequest, type Stack } from './harness.js';
import { TASKS_PAGE } from './resilience-stack.js';

/**
 * Access lines over graphql-ws (issue 10), the twin of logs.test.ts: every operation gets a
 * request id (`<upgrade X-Request-Id or a UUID>/<operation id>`), a query one `graphql operation`
 * line with its error codes and Feishu log ids, a subscription a line when it starts (or is
 * refused) and one when it ends with the results it delivered; no secret or token in the output.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const SUBSCRIBE = `subscription Launches { recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") { id } }`;
const topic = topics.record(BASE, LAUNCHES);

let s: Stack;
const lines: string[] = [];
const counts = new Map<string, number>();
const listening = () => counts.get(topic) ?? 0;

beforeAll(async () => {
  const env = { LOG_LEVEL: 'debug', MAX_SUBSCRIPTIONS_PER_CONNECTION: '1' };
  // The logger the gateway gets is the one the config makes: every configured secret redacted.
  const logger = loggerFor(loadConfig({ GATEWAY_API_KEYS: API_KEY, ...env }), (line) => void lines.push(line));
  s = await startStack(env, { logger }, { seed: 'demo', events: true });
  const services = s.events!.runtime.services;
  services.bus = countingBus(services.bus, counts);
});
afterAll(() => s?.close());
beforeEach(() => admin('/faults', 'DELETE'));

async function admin(path: string, method: string, body?: unknown) {
  const res = await fetch(`${s.emu.url}/__emulator${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status}`);
  return res.json();
}

/** A graphql-ws client whose upgrade request carries `requestId` (when given) and whose operation ids are `op-1`, `op-2`, … */
function client(requestId?: string, connectionParams: Record<string, unknown> = { 'x-api-key': API_KEY }) {
  let n = 0;
  class Upgrade extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, requestId ? { headers: { 'x-request-id': requestId } } : {});
    }
  }
  return s.ws(connectionParams, { webSocketImpl: Upgrade, generateID: () => `op-${++n}` } as Partial<ClientOptions>);
}

const entries = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
const linesOf = (requestId: string) => entries().filter((e) => e.requestId === requestId && /^graphql /.test(e.msg));
const lineOf = async (requestId: string, msg: string) => {
  await until(() => linesOf(requestId).some((e) => e.msg === msg), 5_000, `"${msg}" for ${requestId}`);
  return linesOf(requestId).find((e) => e.msg === msg)!;
};

describe('graphql-ws access lines', () => {
  it('a query failing upstream: one error line with the request id, the code and the Feishu log id the client got', async () => {
    await admin('/faults', 'POST', { method: 'POST', path: 'records/search$', status: 500 });
    const r = await wsRequest(client('conn-a.1'), { query: `query TaskPage ${TASKS_PAGE}` });
    const [e] = r.errors as any[];
    expect(e.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    const logId = e.extensions.feishu.logId as string;
    expect(logId).toMatch(/\S{6,}/);
    expect(await lineOf('conn-a.1/op-1', 'graphql operation')).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'error',
      msg: 'graphql operation',
      requestId: 'conn-a.1/op-1',
      transport: 'ws',
      operation: 'TaskPage',
      operationType: 'query',
      identity: 'app',
      durationMs: expect.any(Number),
      errors: ['UPSTREAM_UNAVAILABLE'],
      feishuLogIds: [logId],
    });
    expect(linesOf('conn-a.1/op-1')).toHaveLength(1);
  });

  it('a successful query: one info line without errors; without an upgrade id the connection gets a UUID its operations share', async () => {
    const c = client();
    // At once, so both run on one socket (the lazy client closes it once nothing runs).
    const both = await Promise.all([wsRequest(c, { query: '{ viewer { kind } }' }), wsRequest(c, { query: 'query Who { viewer { kind } }' })]);
    expect(both).toEqual([{ data: { viewer: { kind: 'APP' } } }, { data: { viewer: { kind: 'APP' } } }]);
    await until(() => entries().filter((e) => /\/op-2$/.test(e.requestId ?? '') && e.operation === 'Who').length === 1, 5_000, 'the second line');
    const second = entries().find((e) => /\/op-2$/.test(e.requestId ?? '') && e.operation === 'Who')!;
    const conn = second.requestId.slice(0, -'/op-2'.length);
    expect(conn).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const first = await lineOf(`${conn}/op-1`, 'graphql operation');
    for (const line of [first, second]) {
      expect(line).toMatchObject({ level: 'info', transport: 'ws', operationType: 'query', identity: 'app', durationMs: expect.any(Number) });
      expect(line.errors).toBeUndefined();
      expect(line.feishuLogIds).toBeUndefined();
    }
  });

  it('a subscription: a line when it starts, one when it ends with the results it delivered; a second one on the connection is refused', async () => {
    const c = client('conn-sub');
    const sub = collect(c, SUBSCRIBE);
    await until(() => listening() === 1, 5_000, 'the subscription');
    expect(await lineOf('conn-sub/op-1', 'graphql subscription started')).toMatchObject({ level: 'info', transport: 'ws', operation: 'Launches', operationType: 'subscription', identity: 'app', durationMs: expect.any(Number) });

    // MAX_SUBSCRIPTIONS_PER_CONNECTION=1: the next one is refused, and its line says why.
    const refused = collect(c, SUBSCRIBE);
    expect((await refused.error)[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_SUBSCRIPTIONS_PER_CONNECTION' });
    expect(await lineOf('conn-sub/op-2', 'graphql subscription refused')).toMatchObject({ level: 'info', operation: 'Launches', operationType: 'subscription', identity: 'app', errors: ['BAD_USER_INPUT'] });
    expect(linesOf('conn-sub/op-2')).toHaveLength(1);

    for (const id of ['ev-log-1', 'ev-log-2']) {
      const event: RecordChanged = { kind: 'record', id: `${id}:rec1`, eventId: id, appToken: BASE, tableId: LAUNCHES, action: 'record_deleted', recordId: 'rec1', revision: 1, occurredAt: Date.now(), operatorOpenId: 'ou_f8e268529dbed0b638051597db41bf02', before: [], after: [] };
      await s.events!.runtime.services.bus.publish(topic, event);
    }
    expect(await sub.take(2)).toEqual([{ data: { recordChanged: { id: 'ev-log-1:rec1' } } }, { data: { recordChanged: { id: 'ev-log-2:rec1' } } }]);
    expect(linesOf('conn-sub/op-1').map((e) => e.msg)).toEqual(['graphql subscription started']);
    sub.stop();
    await until(() => listening() === 0, 5_000, 'the subscription to end');
    expect(await lineOf('conn-sub/op-1', 'graphql subscription ended')).toMatchObject({ level: 'info', operation: 'Launches', operationType: 'subscription', results: 2, durationMs: expect.any(Number) });
    expect(linesOf('conn-sub/op-1')).toHaveLength(2);
  });

  it('refused credentials: a line with identity none and UNAUTHENTICATED, without the key', async () => {
    const r = await wsRequest(client('conn-bad', { 'x-api-key': `${API_KEY}-wrong` }), { query: '{ viewer { kind } }' });
    expect((r.errors as any[])[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await lineOf('conn-bad/op-1', 'graphql operation')).toMatchObject({ level: 'info', transport: 'ws', identity: 'none', errors: ['UNAUTHENTICATED'] });
  });

  it('an upgrade id that is not sane is replaced by a UUID', async () => {
    await wsRequest(client('has spaces {"and":"json"}'), { query: 'query Insane { viewer { kind } }' });
    await until(() => entries().some((e) => e.operation === 'Insane'), 5_000, 'the line');
    expect(entries().find((e) => e.operation === 'Insane')!.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\/op-1$/);
  });

  it('every line is one JSON object, and no secret, token or API key appears anywhere in the output', () => {
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(debug|info|warn|error)$/), msg: expect.any(String) });
    }
    const output = lines.join('');
    for (const secret of [s.emu.rt.appSecret, API_KEY, s.events!.encryptKey, s.events!.verificationToken]) expect(output).not.toContain(secret);
    for (const token of Object.keys(s.emu.rt.state.tokens.tenant)) expect(output).not.toContain(token);
    expect(output).not.toMatch(/\b[tu]-[A-Za-z0-9._~+/=-]{6,}/);
  });
});
