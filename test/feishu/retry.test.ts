import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoint, FeishuError } from '../../src/feishu/index.js';
import { backoffMs, isRetryable } from '../../src/feishu/retry.js';
import { DEMO, rejectionOf, rig, type Rig } from './harness.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const RECORDS_PATH = `/open-apis/bitable/v1/apps/${DEMO.app}/tables/${DEMO.tasks}/records`;
const listTasks = (rg: Rig) => rg.client.as({ kind: 'app' }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 5 });
const recordCalls = async (rg: Rig) => (await rg.requests()).filter((q) => q.path === RECORDS_PATH).map((q) => [q.status, q.code]);

describe('retries through the emulator\'s faults', () => {
  it('500 twice, then success', async () => {
    r = await rig();
    await r.fault({ method: 'GET', path: '/records$', status: 500, times: 2 });
    const page = await listTasks(r);
    expect(page.items).toHaveLength(5);
    expect(await recordCalls(r)).toEqual([[500, 1255001], [500, 1255001], [200, 0]]);
    expect(r.calls.filter((c) => c.endpoint === 'bitable.listRecords').map((c) => [c.attempt, c.status, c.kind])).toEqual([
      [1, 500, 'transient'],
      [2, 500, 'transient'],
      [3, 200, undefined],
    ]);
  });

  it('a connection reset once, then success', async () => {
    r = await rig();
    await r.fault({ path: '/records$', action: 'reset', times: 1 });
    const page = await listTasks(r);
    expect(page.items).toHaveLength(5);
    expect(await recordCalls(r)).toEqual([[0, null], [200, 0]]);
    expect(r.calls.find((c) => c.endpoint === 'bitable.listRecords')).toMatchObject({ attempt: 1, status: 0, kind: 'transient' });
  });

  it('429 with x-ogw-ratelimit-reset: 1, then success after waiting about that second', async () => {
    r = await rig(); // backoff is 5-20 ms: a wait near a second can only come from the header
    await r.fault({ path: '/records$', status: 429, headers: { 'x-ogw-ratelimit-reset': '1', 'x-ogw-ratelimit-limit': '20' }, times: 1 });
    const started = performance.now();
    const page = await listTasks(r);
    const elapsed = performance.now() - started;
    expect(page.items).toHaveLength(5);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3_000);
    expect(await recordCalls(r)).toEqual([[429, 99991400], [200, 0]]);
  });

  it('1254290 (Bitable\'s HTTP 200 rate limit) on a POST read is retried', async () => {
    r = await rig();
    await r.fault({ path: '/records/search$', status: 200, code: 1254290, times: 1 });
    const page = await r.client.as({ kind: 'app' }).bitable.searchRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 3 });
    expect(page.items).toHaveLength(3);
    const log = (await r.requests()).filter((q) => q.path.endsWith('/records/search'));
    expect(log.map((q) => [q.status, q.code])).toEqual([[200, 1254290], [200, 0]]);
  });

  it('past the budget a 5xx surfaces as transient, after maxAttempts calls', async () => {
    r = await rig();
    await r.fault({ path: '/records$', status: 503 });
    const err = await rejectionOf(listTasks(r));
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ kind: 'transient', httpStatus: 503, code: 1255001, attempts: 3 });
    expect(await recordCalls(r)).toHaveLength(3);
    expect(r.logs.filter((l) => (l as unknown[])[1] === 'feishu call failed; retrying')).toHaveLength(2);
  });

  it('past the budget a rate limit surfaces as rate-limited with retryAfterMs', async () => {
    r = await rig({ client: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } } });
    await r.fault({ path: '/records$', status: 200, code: 1254290 });
    const err = await rejectionOf(listTasks(r));
    expect(err).toMatchObject({ kind: 'rate-limited', code: 1254290, attempts: 2 });
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000); // no header: at least a second
    expect(await recordCalls(r)).toHaveLength(2);
  });

  it('a reset longer than maxThrottleWaitMs surfaces at once, carrying the header\'s wait', async () => {
    r = await rig({ client: { maxThrottleWaitMs: 500 } });
    await r.fault({ path: '/records$', status: 429, headers: { 'x-ogw-ratelimit-reset': '7' } });
    const err = await rejectionOf(listTasks(r));
    expect(err).toMatchObject({ kind: 'rate-limited', httpStatus: 429, code: 99991400, retryAfterMs: 7000, attempts: 1 });
    expect(await recordCalls(r)).toHaveLength(1);
  });

  it('a timeout (the emulator hangs) is transient and retried', async () => {
    // undici checks headersTimeout on a coarse (about 1 s) timer, so each hang costs about a second.
    const dispatcher = new Agent({ headersTimeout: 200, keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    r = await rig({ client: { dispatcher, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } } });
    await r.fault({ path: '/records$', action: 'hang' });
    const err = await rejectionOf(listTasks(r));
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ kind: 'transient', httpStatus: 0, network: 'UND_ERR_HEADERS_TIMEOUT', attempts: 2, timedOut: true });
    expect(await recordCalls(r)).toHaveLength(2);
    await dispatcher.close();
  });

  it('a call that is not idempotent is not repeated after a 5xx, but is after a rate-limit refusal', async () => {
    r = await rig({ config: { writeLockMs: 0 } });
    const createRecord = endpoint({
      name: 'test.createRecord',
      method: 'POST',
      path: '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records',
      rate: 'bitable.record.write',
      idempotent: false,
      data: z.looseObject({ record: z.looseObject({ record_id: z.string() }) }),
    });
    const input = { params: { app_token: DEMO.app, table_id: DEMO.team }, body: { fields: { Name: 'Retry probe' } } };
    await r.fault({ method: 'POST', path: '/records$', status: 500, phase: 'after', times: 1 });
    await expect(r.client.request(createRecord, input, { kind: 'app' })).rejects.toMatchObject({ kind: 'transient', attempts: 1 });
    await r.fault({ method: 'POST', path: '/records$', status: 429, times: 1 });
    const created = await r.client.request(createRecord, input, { kind: 'app' });
    expect(created.record.record_id).toMatch(/^rec/);
    const posts = (await r.requests()).filter((q) => q.method === 'POST' && q.path.endsWith('/records')).map((q) => q.status);
    expect(posts).toEqual([500, 429, 200]);
  });

  it('an abort during a retry wait rejects with the abort reason at once', async () => {
    r = await rig();
    await r.fault({ path: '/records$', status: 429, headers: { 'x-ogw-ratelimit-reset': '5' } });
    const ac = new AbortController();
    const started = performance.now();
    const call = r.client.as({ kind: 'app' }, { signal: ac.signal }).bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks });
    setTimeout(() => ac.abort(new Error('client went away')), 150);
    await expect(call).rejects.toThrow('client went away');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('retry policy', () => {
  const err = (kind: FeishuError['kind'], network?: string) =>
    new FeishuError({ kind, httpStatus: network ? 0 : 500, code: null, msg: 'x', logId: null, endpoint: 'e', method: 'POST', path: '/p', network });

  it('repeats rate limits always, transient failures only when safe', () => {
    expect(isRetryable(err('rate-limited'), false)).toBe(true);
    expect(isRetryable(err('transient'), true)).toBe(true);
    expect(isRetryable(err('transient'), false)).toBe(false);
    expect(isRetryable(err('transient', 'ECONNREFUSED'), false)).toBe(true); // never reached Feishu
    expect(isRetryable(err('transient', 'ECONNRESET'), false)).toBe(false);
    for (const kind of ['auth', 'permission', 'not-found', 'invalid', 'conflict', 'unknown'] as const) expect(isRetryable(err(kind), true)).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    const o = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxConflictRetries: 0 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(o, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3].map((n) => backoffMs(o, n, () => 0))).toEqual([50, 100, 200]);
  });
});
