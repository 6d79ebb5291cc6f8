import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BASE, TASKS } from './bitable.js';
import { API_KEY } from './harness.js';
import { FAST_RETRY, SEARCH_PATH, TASKS_PAGE, isSearch, startResilienceStack, type GqlAnswer, type ResilienceStack } from './resilience-stack.js';

/**
 * Issue 4, end to end: faults injected at the emulator's fault API reach the gateway's Feishu
 * client over real HTTP; transient ones are retried away, persistent ones become the public
 * error codes (API.md, Errors). The gateway's backoff is shortened (FAST_RETRY, 3 attempts);
 * a wait longer than 1.5 s (a rate-limit reset) is not waited for but answered at once.
 */

let s: ResilienceStack;
let tenantToken: string;
beforeAll(async () => {
  s = await startResilienceStack({ retry: FAST_RETRY, maxThrottleWaitMs: 1_500 });
  // The token the gateway holds: the emulator hands the same one to anyone asking before its last quarter.
  const warm = await s.gql(TASKS_PAGE);
  expect(warm.body.errors).toBeUndefined();
  const res = await fetch(`${s.emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: s.emu.rt.appId, app_secret: s.emu.rt.appSecret }),
  });
  tenantToken = ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
  expect(tenantToken).toMatch(/^t-/);
});
afterAll(() => s?.close());
beforeEach(async () => {
  await s.clearFaults();
  await s.clearLog();
  s.calls.length = 0;
});

const edgesOf = (r: GqlAnswer) => r.body.data?.app?.table?.records?.edges;

/** Neither the app secret, the API key nor any Feishu token appears anywhere in an answer. */
function expectNoSecrets(text: string) {
  expect(text).not.toContain(s.emu.rt.appSecret);
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(tenantToken);
  expect(text).not.toMatch(/\b[tu]-[A-Za-z0-9._~+/=-]{6,}/);
}

/** The emulator's answers to the search probe, in arrival order: `status/code`. */
const searchAnswers = async () => (await s.log()).filter(isSearch).map((c) => `${c.status}/${c.code}`);

describe('resilience: transient faults are retried and the query succeeds', () => {
  it('HTTP 500 twice on records/search: the third attempt answers', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', status: 500, times: 2 });
    const r = await s.gql(TASKS_PAGE);
    expect(r.body.errors).toBeUndefined();
    expect(edgesOf(r)).toHaveLength(20);
    expect(await searchAnswers()).toEqual(['500/1255001', '500/1255001', '200/0']);
    expect(s.calls.filter((c) => c.endpoint === 'bitable.searchRecords').map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('a connection reset once: retried on a new connection', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', action: 'reset', times: 1 });
    const r = await s.gql(TASKS_PAGE);
    expect(r.body.errors).toBeUndefined();
    expect(edgesOf(r)).toHaveLength(20);
    // The reset attempt is logged with status 0 (no HTTP answer was given).
    expect(await searchAnswers()).toEqual(['0/null', '200/0']);
    const attempts = s.calls.filter((c) => c.endpoint === 'bitable.searchRecords');
    expect(attempts.map((c) => [c.status, c.kind ?? 'ok'])).toEqual([[0, 'transient'], [200, 'ok']]);
  });

  it('HTTP 429 with x-ogw-ratelimit-reset: 1 once: waits the reset, then succeeds', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', status: 429, headers: { 'x-ogw-ratelimit-reset': '1' }, times: 1 });
    const r = await s.gql(TASKS_PAGE);
    expect(r.body.errors).toBeUndefined();
    expect(edgesOf(r)).toHaveLength(20);
    const log = (await s.log()).filter(isSearch);
    expect(log.map((c) => `${c.status}/${c.code}`)).toEqual(['429/99991400', '200/0']);
    // The header's second is honoured, not the 10 ms backoff.
    expect(log[1].at - log[0].at).toBeGreaterThanOrEqual(950);
  });

  it.each([
    ['records/search (where, sort or none)', 'POST', 'records/search$', TASKS_PAGE, (d: any) => d.app.table.records.edges.length === 20],
    ['records list (formula filter)', 'GET', `tables/${TASKS}/records$`, `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 5, filter: "CurrentValue.[Status]=\\"Done\\"") { edges { node { recordId } } } } } }`, (d: any) => d.app.table.records.edges.length === 5],
    ['records/batch_get (record by id)', 'POST', 'records/batch_get$', `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { record(recordId: "@ID") { recordId fields } } } }`, (d: any) => typeof d.app.table.record.fields.Task !== 'undefined'],
  ] as const)('code 1254290 on HTTP 200 once, on a read: %s', async (_name, method, path, query, check) => {
    let q: string = query;
    if (q.includes('@ID')) {
      const id = edgesOf(await s.gql(TASKS_PAGE))[0].node.recordId as string;
      q = q.replace('@ID', id);
      await s.clearLog();
    }
    await s.fault({ method, path, status: 200, code: 1254290, msg: 'TooManyRequest', times: 1 });
    const r = await s.gql(q);
    expect(r.body.errors).toBeUndefined();
    expect(check(r.body.data)).toBe(true);
    const hits = (await s.log()).filter((c) => c.method === method && new RegExp(path).test(c.path));
    expect(hits.map((c) => `${c.status}/${c.code}`)).toEqual(['200/1254290', '200/0']);
  });
});

describe('resilience: past the retry budget', () => {
  it('persistent HTTP 503: UPSTREAM_UNAVAILABLE with what Feishu answered, after 3 attempts', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', status: 503 });
    const r = await s.gql(TASKS_PAGE);
    expect(r.body.errors).toHaveLength(1);
    const [e] = r.body.errors!;
    expect(e.path).toEqual(['app', 'table', 'records']);
    expect(e.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e.extensions.feishu).toEqual({ code: 1255001, msg: 'emulated fault', logId: expect.stringMatching(/\S{6,}/) });
    expect(e.message).toMatch(/unavailable/i);
    const log = (await s.log()).filter(isSearch);
    expect(log).toHaveLength(FAST_RETRY.maxAttempts);
    expect(log.every((c) => c.status === 503)).toBe(true);
    expectNoSecrets(r.text);
  });

  it('persistent connection resets: UPSTREAM_UNAVAILABLE without extensions.feishu (Feishu never answered)', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', action: 'reset' });
    const r = await s.gql(TASKS_PAGE);
    const [e] = r.body.errors!;
    expect(e.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e.extensions.feishu).toBeUndefined();
    expect((await s.log()).filter(isSearch)).toHaveLength(FAST_RETRY.maxAttempts);
    expectNoSecrets(r.text);
  });

  it('persistent 1254290: RATE_LIMITED with retryAfter in whole seconds and an HTTP Retry-After header', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', status: 200, code: 1254290, msg: 'TooManyRequest' });
    const r = await s.gql(TASKS_PAGE);
    const [e] = r.body.errors!;
    expect(e.path).toEqual(['app', 'table', 'records']);
    expect(e.extensions).toMatchObject({ code: 'RATE_LIMITED', feishu: { code: 1254290, msg: 'TooManyRequest', logId: expect.any(String) } });
    expect(Number.isInteger(e.extensions.retryAfter)).toBe(true);
    expect(e.extensions.retryAfter).toBeGreaterThanOrEqual(1);
    expect(r.headers.get('retry-after')).toBe(String(e.extensions.retryAfter));
    expect((await s.log()).filter(isSearch)).toHaveLength(FAST_RETRY.maxAttempts);
    // Transport details stay out of the body.
    expect(e.extensions.http).toBeUndefined();
  });

  it('persistent HTTP 429 (reset 1 s): retried after each reset, then RATE_LIMITED, Retry-After: 1', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', status: 429, headers: { 'x-ogw-ratelimit-reset': '1' } });
    const started = Date.now();
    const r = await s.gql(TASKS_PAGE);
    const [e] = r.body.errors!;
    expect(e.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1, feishu: { code: 99991400 } });
    expect(r.headers.get('retry-after')).toBe('1');
    expect((await s.log()).filter(isSearch).map((c) => c.status)).toEqual([429, 429, 429]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it('a reset longer than the gateway will wait is answered at once, its seconds passed on', async () => {
    await s.fault({ method: 'POST', path: 'records/search$', status: 429, headers: { 'x-ogw-ratelimit-reset': '7' } });
    const started = Date.now();
    const r = await s.gql(TASKS_PAGE);
    const [e] = r.body.errors!;
    expect(e.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 7 });
    expect(r.headers.get('retry-after')).toBe('7');
    expect((await s.log()).filter(isSearch)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a Feishu message carrying the app secret or a token is redacted before it reaches the caller', async () => {
    const msg = `token ${tenantToken} refused; app_secret=${s.emu.rt.appSecret}`;
    await s.fault({ method: 'POST', path: 'records/search$', status: 500, msg });
    const r = await s.gql(TASKS_PAGE);
    const [e] = r.body.errors!;
    expect(e.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e.extensions.feishu.msg).toContain('redacted');
    expect(e.message).toContain('redacted');
    expectNoSecrets(r.text);
  });

  it('the fault path matches what the gateway sends (guards the tests above)', async () => {
    await s.gql(TASKS_PAGE);
    expect((await s.log()).some((c) => c.path === SEARCH_PATH && c.method === 'POST')).toBe(true);
  });
});
