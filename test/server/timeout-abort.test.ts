import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestTenantToken } from '../helpers/tenantToken.js';
import type { LoggedRequest } from '../../src/emulator/requestLog.js';
import { BASE, isToken, startDemoStack, type DemoStack } from './bitable.js';
import { API_KEY, wsRequest } from './harness.js';

/**
 * EXECUTION_TIMEOUT_MS and clients that go away: a hung Feishu call ends the operation with
 * TIMEOUT and is itself cut (the emulator sees its connection closed long before undici's own
 * 15 s header timeout); an HTTP client that aborts, or a graphql-ws client that completes its
 * operation or closes its socket, cancels the calls in flight and every call not yet sent
 * (throttle waits, retry backoff); a chunked write finishes the chunk on its way and sends no more.
 */

const TIMEOUT_MS = 700;
let s: DemoStack;

beforeAll(async () => {
  s = await startDemoStack({ EXECUTION_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(() => s.close());
beforeEach(async () => {
  await fetch(`${s.emu.url}/__emulator/faults`, { method: 'DELETE' });
  await s.emulatorConfig({ latencyMs: 0, writeLockMs: 0 });
  await s.clearLog();
});

const fault = async (spec: Record<string, unknown>) => {
  const res = await fetch(`${s.emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
};
const calls = async (): Promise<LoggedRequest[]> => ((await s.log()) as unknown as LoggedRequest[]).filter((c) => !isToken(c));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const APP_PATH = `/open-apis/bitable/v1/apps/${BASE}`;
/** The emulator logs a call when its connection ends: a hung call shows (status 0) once the gateway cuts it. */
const hungCallCut = () =>
  vi.waitFor(async () => expect((await calls()).filter((c) => c.path === APP_PATH).map((c) => c.status)).toEqual([0]), { timeout: 5_000, interval: 25 });

describe('EXECUTION_TIMEOUT_MS', () => {
  it('a query whose Feishu call hangs gets TIMEOUT, and the hung call is cut', async () => {
    await fault({ method: 'GET', path: `/apps/${BASE}$`, action: 'hang' });
    const res = await s.gql(`{ app(appToken: "${BASE}") { name } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].extensions.code).toBe('TIMEOUT');
    expect(res.errors[0].message).toContain(`EXECUTION_TIMEOUT_MS (${TIMEOUT_MS} ms)`);
    await hungCallCut();
  });

  it('an operation within the limit is untouched', async () => {
    const res = await s.gql(`{ app(appToken: "${BASE}") { name } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.app.name).toBeTruthy();
  });
});

describe('a client that goes away cancels its Feishu calls', () => {
  it('HTTP: an aborted request cuts its hung call', async () => {
    await fault({ method: 'GET', path: `/apps/${BASE}$`, action: 'hang' });
    const ac = new AbortController();
    const done = fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: `{ app(appToken: "${BASE}") { name } }` }), signal: ac.signal }).catch((e: Error) => e);
    await sleep(200); // the call is on its way
    ac.abort();
    expect(await done).toBeInstanceOf(Error);
    await hungCallCut();
  });

  it('HTTP: a call waiting in retry backoff is never repeated once the client is gone', async () => {
    // Feishu says: come back in 2 s. The client leaves before that.
    await fault({ method: 'GET', path: `/apps/${BASE}$`, status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '2' }, times: 1 });
    const ac = new AbortController();
    const done = fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: `{ app(appToken: "${BASE}") { name } }` }), signal: ac.signal }).catch((e: Error) => e);
    await vi.waitFor(async () => expect((await calls()).length).toBe(1), { timeout: 5_000, interval: 10 });
    ac.abort();
    await done;
    await sleep(2_500); // past the announced reset
    expect((await calls()).map((c) => c.status)).toEqual([429]);
  });

  it('HTTP: calls waiting for the throttle are never sent once the client is gone', async () => {
    // 30 distinct base reads (MAX_ALIASES): the gateway's throttle lets 20 a second through.
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: app(appToken: "bascnNope${String(i).padStart(18, '0')}") { name }`).join('\n');
    const ac = new AbortController();
    const done = fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: `{ ${aliases} }` }), signal: ac.signal }).catch((e: Error) => e);
    await vi.waitFor(async () => expect((await calls()).length).toBeGreaterThan(0), { timeout: 5_000, interval: 10 });
    ac.abort();
    await done;
    await sleep(200);
    const atAbort = (await calls()).length;
    await sleep(3_500); // the throttle would have sent all 30 by now
    expect((await calls()).length).toBe(atAbort);
    expect(atAbort).toBeLessThan(30);
  });

  it('graphql-ws: completing a running query, or closing the socket, cuts its hung call', async () => {
    await fault({ method: 'GET', path: `/apps/${BASE}$`, action: 'hang' });
    const client = s.ws({ 'x-api-key': API_KEY });
    const stop = client.subscribe({ query: `{ app(appToken: "${BASE}") { name } }` }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await sleep(200);
    stop(); // sends `complete`
    await hungCallCut();
    // Only that operation ended: the connection still serves.
    await fetch(`${s.emu.url}/__emulator/faults`, { method: 'DELETE' });
    expect(await wsRequest(client, { query: '{ viewer { kind } }' })).toEqual({ data: { viewer: { kind: 'APP' } } });

    await fault({ method: 'GET', path: `/apps/${BASE}$`, action: 'hang' });
    await s.clearLog();
    const other = s.ws({ 'x-api-key': API_KEY });
    other.subscribe({ query: `{ app(appToken: "${BASE}") { name } }` }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await sleep(200);
    await other.dispose(); // closes the socket
    await hungCallCut();
  });

  it('a chunked createRecords whose client goes away finishes the chunk on its way and sends no more', async () => {
    const token = (await requestTenantToken(s.emu.url, s.emu.rt.appId, s.emu.rt.appSecret)).tenant_access_token!;
    const made = await fetch(`${s.emu.url}/open-apis/bitable/v1/apps/${BASE}/tables`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ table: { name: `Abandoned ${Date.now()}`, fields: [{ field_name: 'Name', type: 1 }] } }) });
    const tableId = ((await made.json()) as any).data.table_id as string;
    await s.emulatorConfig({ latencyMs: 300 });
    await s.clearLog();
    const records = Array.from({ length: 2000 }, (_, i) => ({ fields: { Name: `row ${i}` } }));
    const ac = new AbortController();
    const done = fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: 'mutation($input: CreateRecordsInput!) { createRecords(input: $input) { complete } }', variables: { input: { appToken: BASE, tableId, records } } }),
      signal: ac.signal,
    }).catch((e: Error) => e);
    const creates = async () => (await calls()).filter((c) => c.path.endsWith('/records/batch_create'));
    await vi.waitFor(async () => expect((await creates()).length).toBe(1), { timeout: 5_000, interval: 10 });
    ac.abort(); // the second chunk is on its way
    await done;
    await sleep(1_500); // longer than a chunk takes
    const sent = await creates();
    // No write cut halfway (each answered), and none sent after the client left.
    expect(sent.map((c) => c.status).every((st) => st === 200)).toBe(true);
    expect(sent.length).toBeLessThan(4);
    expect(Object.keys(s.emu.rt.state.apps[BASE].tables[tableId].records).length).toBe(500 * sent.length);
  }, 15_000);
});
