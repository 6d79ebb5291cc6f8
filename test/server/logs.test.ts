import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { createLogger, loggerFor } from '../../src/server/logger.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';
import { API_KEY } from './harness.js';
import { FAST_RETRY, TASKS_PAGE } from './resilience-stack.js';

/**
 * Structured logs (issue 10): one JSON object per line, an access line per operation with its
 * request id (the caller's when sane, echoed as a header), and the Feishu log ids of failed
 * upstream calls; no secret or token anywhere in the output, even at `debug`, even when Feishu's
 * own messages carry them and credentials are refused on purpose.
 */

const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const ENCRYPT_KEY = secret('ek');
const VERIFICATION_TOKEN = secret('vt');
const METRICS_TOKEN = secret('mt');
const BOGUS_USER_TOKEN = `u-${randomBytes(16).toString('hex')}`;

let emu: Emulator;
let upstream: Upstream;
let gateway: Gateway;
let url: string;
let userToken: string;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 'demo' });
  const config = loadConfig({
    GATEWAY_API_KEYS: API_KEY,
    LOG_LEVEL: 'debug',
    FEISHU_APP_ID: emu.rt.appId,
    FEISHU_APP_SECRET: emu.rt.appSecret,
    FEISHU_BASE_URL: emu.url,
    FEISHU_EVENT_MODE: 'off',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    METRICS_TOKEN,
  });
  const logger = loggerFor(config, (line) => void lines.push(line));
  upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, retry: FAST_RETRY, logger });
  gateway = createGateway({ config, appId: emu.rt.appId, upstream, logger });
  ({ url } = await gateway.start(0, '127.0.0.1'));
  userToken = (await admin('/users', 'POST', { name: 'Log Tester' })).user_access_token;
});
afterAll(async () => {
  await gateway?.stop(1_000);
  await upstream?.close();
  await emu?.close();
});
beforeEach(() => admin('/faults', 'DELETE'));

async function admin(path: string, method: string, body?: unknown) {
  const res = await fetch(`${emu.url}/__emulator${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status}`);
  return res.json();
}
async function gql(query: string, headers: Record<string, string> = { 'x-api-key': API_KEY }, variables?: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: (await res.json()) as { data?: any; errors?: any[] } };
}
const entries = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
const accessLine = (requestId: string | null) => entries().find((e) => e.requestId === requestId && /^graphql /.test(e.msg));

describe('structured logs', () => {
  it('an upstream failure: the access line (level error) carries the request id given, the error code and the Feishu log id', async () => {
    await admin('/faults', 'POST', { method: 'POST', path: 'records/search$', status: 500, msg: `boom app_secret=${emu.rt.appSecret} ek ${ENCRYPT_KEY} vt ${VERIFICATION_TOKEN} mt ${METRICS_TOKEN}` });
    const r = await gql(`query TaskPage ${TASKS_PAGE}`, { 'x-api-key': API_KEY, 'x-request-id': 'req-abc.123' });
    expect(r.requestId).toBe('req-abc.123');
    const [e] = r.body.errors!;
    expect(e.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    const logId = e.extensions.feishu.logId as string;
    expect(logId).toMatch(/\S{6,}/);
    expect(accessLine('req-abc.123')).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'error',
      msg: 'graphql operation',
      requestId: 'req-abc.123',
      operation: 'TaskPage',
      operationType: 'query',
      identity: 'app',
      durationMs: expect.any(Number),
      errors: ['UPSTREAM_UNAVAILABLE'],
      feishuLogIds: [logId],
    });
    // The client's retry lines name the endpoint and Feishu's log id of each failed attempt.
    const retries = entries().filter((x) => x.msg === 'feishu call failed; retrying' && x.endpoint === 'bitable.searchRecords');
    expect(retries).toHaveLength(FAST_RETRY.maxAttempts - 1);
    expect(retries.every((x) => typeof x.logId === 'string' && x.logId.length > 5 && x.httpStatus === 500 && x.feishuMsg.includes('[redacted]'))).toBe(true);
    // They, and the client's final failure line, name the request they served.
    expect(retries.map((x) => x.requestId)).toEqual(retries.map(() => 'req-abc.123'));
    expect(entries().filter((x) => x.msg === 'feishu call failed' && x.endpoint === 'bitable.searchRecords').map((x) => x.requestId)).toEqual(['req-abc.123']);
  });

  it('an id that is not sane is replaced by a generated one; without one, one is generated', async () => {
    for (const given of ['has spaces in it', 'x'.repeat(200), 'quote"brace{', undefined]) {
      const r = await gql('{ viewer { kind } }', { 'x-api-key': API_KEY, ...(given === undefined ? {} : { 'x-request-id': given }) });
      expect(r.status).toBe(200);
      expect(r.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(accessLine(r.requestId)).toMatchObject({ level: 'info', operationType: 'query', identity: 'app' });
    }
  });

  it('refused credentials (a wrong API key, a bogus user token) and a token refusal by Feishu are logged without the credential', async () => {
    const wrongKey = await gql('{ viewer { kind } }', { 'x-api-key': `${API_KEY}-wrong` });
    expect(wrongKey.status).toBe(401);
    expect(accessLine(wrongKey.requestId)).toMatchObject({ level: 'info', identity: 'none', errors: ['UNAUTHENTICATED'] });

    const bogus = await gql('{ viewer { kind user { name } } }', { authorization: `Bearer ${BOGUS_USER_TOKEN}` });
    expect(bogus.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(accessLine(bogus.requestId)).toMatchObject({ identity: 'user', errors: ['UNAUTHENTICATED'] });

    const asUser = await gql('query Me($t: String!) { viewer { kind user { name } } app(appToken: $t) { name } }', { authorization: `Bearer ${userToken}` }, { t: userToken });
    expect(asUser.body.data?.viewer.user.name).toBe('Log Tester');

    // The tenant token refused, then its refresh refused with a message quoting the secret.
    await admin('/faults', 'POST', { path: 'records/search$', status: 400, code: 99991663, msg: `token refused, secret ${emu.rt.appSecret}`, times: 1 });
    await admin('/faults', 'POST', { path: '/tenant_access_token/', status: 200, code: 10014, msg: `app secret ${emu.rt.appSecret} invalid` });
    const refused = await gql(TASKS_PAGE);
    expect(refused.body.errors?.[0].extensions.code).toBe('UPSTREAM_ERROR');
    expect(entries().some((x) => x.msg === 'feishu tenant token refused; fetching a new one' && x.level === 'warn')).toBe(true);
    expect(accessLine(refused.requestId)).toMatchObject({ level: 'error', errors: ['UPSTREAM_ERROR'], feishuLogIds: [expect.any(String)] });

    const metricsOrigin = new URL(url).origin;
    expect((await fetch(`${metricsOrigin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}-wrong` } })).status).toBe(401);
    expect((await fetch(`${metricsOrigin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });

  it('every line is one JSON object, and no secret or token appears anywhere in the output', async () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      const entry = JSON.parse(line);
      expect(entry).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(debug|info|warn|error)$/), msg: expect.any(String) });
    }
    const output = lines.join('');
    for (const s of [emu.rt.appSecret, API_KEY, userToken, BOGUS_USER_TOKEN, ENCRYPT_KEY, VERIFICATION_TOKEN, METRICS_TOKEN]) expect(output).not.toContain(s);
    for (const token of Object.keys(emu.rt.state.tokens.tenant)) expect(output).not.toContain(token);
    expect(output).not.toMatch(/\b[tu]-[A-Za-z0-9._~+/=-]{6,}/);
  });
});

describe('logger', () => {
  it('keeps allow-listed fields only, redacts every string, and writes nothing below its level', () => {
    const out: string[] = [];
    const log = createLogger('info', (t) => t.replaceAll('s3cret', '[redacted]'), { write: (l) => void out.push(l) });
    log.debug('hidden');
    log.info('seen', { requestId: 'r1', authorization: 'Bearer x', variables: { a: 1 }, headers: { cookie: 'c' }, error: 'has s3cret' }, new Error('with s3cret'));
    expect(out.map((l) => JSON.parse(l))).toEqual([{ time: expect.any(String), level: 'info', msg: 'seen', requestId: 'r1', error: 'Error: with [redacted]' }]);
  });

  it('redacts a configured secret holding quotes and backslashes (JSON-escaped in the line), and one cut by the length cap', () => {
    const token = 'mt"quoted\\secret-value';
    const out: string[] = [];
    const log = loggerFor(loadConfig({ METRICS_TOKEN: token, LOG_LEVEL: 'info' }), (l) => void out.push(l));
    log.warn(`leaked ${token}`, { error: `${'x'.repeat(995)}${token}` });
    const [entry] = out.map((l) => JSON.parse(l));
    expect(entry.msg).toBe('leaked [redacted]');
    expect(out.join('')).not.toContain('secret-value');
    expect(out.join('')).not.toContain('mt\\"quoted');
  });
});
