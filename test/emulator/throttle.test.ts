import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, type RuntimeConfig } from '../../src/emulator/config.js';
import { ApiError } from '../../src/emulator/errors.js';
import { Runtime } from '../../src/emulator/runtime.js';
import { emptyState } from '../../src/emulator/state.js';
import { Throttle, type ThrottledCall } from '../../src/emulator/throttle.js';
import { newBase } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const APP_ROUTE = 'GET /open-apis/bitable/v1/apps/:app_token';

describe('rate limits over HTTP', () => {
  let t: TestEmulator;
  let appToken: string;
  let tableId: string;
  let records: string;
  /** The base (and table) the tests call: made again after a test resets the emulator. */
  async function useNewBase(name: string) {
    ({ appToken, defaultTableId: tableId } = await newBase(t, name));
    records = `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}/records`;
  }
  beforeAll(async () => {
    t = await startTestEmulator({ rateLimits: 'documented' });
    await useNewBase('Throttled');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.admin('PUT', '/config', { rateLimits: 'documented' }); // also starts fresh windows
  });

  /**
   * `n` calls at once, answers in the order asked. The emulator's clock stands still meanwhile, so
   * the burst falls in one window however slowly a loaded machine serves it.
   */
  async function burst(n: number, path: string, query?: Record<string, string | string[]>, method = 'GET', body?: unknown) {
    await t.tenantToken();
    const realNow = t.emu.rt.now;
    const frozen = Date.now();
    t.emu.rt.now = () => frozen;
    try {
      return await Promise.all(Array.from({ length: n }, () => t.call(method, path, { query, body })));
    } finally {
      t.emu.rt.now = realNow;
    }
  }
  const limited = <T extends { status: number }>(answers: T[]) => answers.filter((a) => a.status === 429);

  it('limits Bitable calls to 20 QPS with 429, 99991400 and both headers', async () => {
    const answers = await burst(25, `/open-apis/bitable/v1/apps/${appToken}`);
    expect(answers.filter((a) => a.body.code === 0)).toHaveLength(20);
    const over = limited(answers);
    expect(over).toHaveLength(5);
    expect(over[0].body).toMatchObject({ code: 99991400, msg: 'request trigger frequency limit' });
    expect(over[0].headers.get('x-ogw-ratelimit-limit')).toBe('20');
    expect(over[0].headers.get('x-ogw-ratelimit-reset')).toBe('1');

    // A client that waits x-ogw-ratelimit-reset seconds gets through (the clock is moved, not slept).
    const realNow = t.emu.rt.now;
    t.emu.rt.now = () => Date.now() + 1000;
    try {
      expect((await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`)).body.code).toBe(0);
    } finally {
      t.emu.rt.now = realNow;
    }
  });

  it('limits record reads to 20 QPS per route with 1254290 on HTTP 200 and both headers', async () => {
    const lists = await burst(24, records, { filter: 'CurrentValue.[多行文本] = ""' });
    expect(lists.filter((a) => a.body.code === 0)).toHaveLength(20);
    const over = lists.filter((a) => a.body.code === 1254290);
    expect(over).toHaveLength(4);
    for (const a of over) {
      expect(a.status).toBe(200);
      expect(a.body.msg).toBe('TooManyRequest');
      expect(a.headers.get('x-ogw-ratelimit-limit')).toBe('20');
      expect(a.headers.get('x-ogw-ratelimit-reset')).toBe('1');
    }
    // search and batch_get have budgets of their own, each 20 a second.
    const searches = await burst(22, `${records}/search`, undefined, 'POST', {});
    expect(searches.map((a) => a.body.code).filter((c) => c === 1254290)).toHaveLength(2);
    const gets = await burst(21, `${records}/batch_get`, undefined, 'POST', { record_ids: ['recNoSuch'] });
    expect(gets.filter((a) => a.body.code === 0)).toHaveLength(20);
    expect(gets.filter((a) => a.body.code === 1254290)).toHaveLength(1);
  });

  it('answers the official SDK over the record-read limit with code 1254290', async () => {
    const realNow = t.emu.rt.now;
    const frozen = Date.now();
    await t.sdk.bitable.app.get({ path: { app_token: appToken } }); // the SDK fetches its token outside the burst
    t.emu.rt.now = () => frozen;
    try {
      const answers = await Promise.all(Array.from({ length: 23 }, () => t.sdk.bitable.appTableRecord.search({ path: { app_token: appToken, table_id: tableId }, data: {} })));
      expect(answers.filter((a) => a.code === 0)).toHaveLength(20);
      expect(answers.filter((a) => a.code === 1254290)).toHaveLength(3);
    } finally {
      t.emu.rt.now = realNow;
    }
  });

  it('lets a burst of record reads through when limits are off', async () => {
    await t.admin('PUT', '/config', { rateLimits: 'off' });
    const answers = await burst(40, records);
    expect(answers.every((a) => a.status === 200 && a.body.code === 0)).toBe(true);
  });

  it('limits contact calls to 50 QPS', async () => {
    const user = await newUser(t, 'Counted');
    const answers = await burst(55, '/open-apis/contact/v3/users/batch', { user_ids: user.open_id });
    expect(limited(answers)).toHaveLength(5);
    expect(limited(answers)[0].headers.get('x-ogw-ratelimit-limit')).toBe('50');
  });

  it('lets the same burst through when limits are off', async () => {
    await t.admin('PUT', '/config', { rateLimits: 'off' });
    expect(limited(await burst(30, `/open-apis/bitable/v1/apps/${appToken}`))).toHaveLength(0);
  });

  it('applies a custom table at once, per route template, and resets windows on every change', async () => {
    expect((await t.admin('PUT', '/config', { rateLimits: { [APP_ROUTE]: { perMinute: 3 } } })).status).toBe(200);
    const answers = await burst(5, `/open-apis/bitable/v1/apps/${appToken}`);
    expect(limited(answers)).toHaveLength(2);
    expect(limited(answers)[0].headers.get('x-ogw-ratelimit-limit')).toBe('3');
    expect(Number(limited(answers)[0].headers.get('x-ogw-ratelimit-reset'))).toBeGreaterThan(50);
    // Routes the table does not name are not limited at all.
    expect(limited(await burst(60, '/open-apis/contact/v3/users/batch', { user_ids: 'ou_x' }))).toHaveLength(0);

    await t.admin('PUT', '/config', { rateLimits: { [APP_ROUTE]: { perMinute: 3 } } });
    expect((await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`)).status).toBe(200);
    await burst(2, `/open-apis/bitable/v1/apps/${appToken}`);
    expect((await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`)).status).toBe(429);
    await t.admin('POST', '/reset', { seed: 'empty' });
    // A fresh world has a fresh budget (the base is gone: 1254040, but not 429).
    const after = await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`);
    expect([after.status, after.body.code]).toEqual([200, 1254040]);
    await useNewBase('Throttled again');
  });

  it('refuses a malformed table', async () => {
    const res = await t.admin('PUT', '/config', { rateLimits: { [APP_ROUTE]: { perSecond: -1 } } });
    expect(res.status).toBe(400);
  });
});

describe('documented limits per route', () => {
  let rt: Runtime;
  let throttle: Throttle;
  let now: number;
  beforeEach(() => {
    const config: RuntimeConfig = { ...defaultRuntimeConfig(), rateLimits: 'documented' };
    rt = new Runtime(emptyState(), config, 'cli_a1b2c3d4e5f60718', 'secret', 'http://emulator');
    now = 1_000_000;
    rt.now = () => now;
    throttle = new Throttle();
  });

  const call = (method: string, template: string, extra: Partial<ThrottledCall> = {}): ThrottledCall => ({ method, template, params: {}, query: new URLSearchParams(), body: undefined, ...extra });
  /** How many of `n` calls pass, and the first refusal. */
  function run(n: number, c: ThrottledCall): { passed: number; refusal?: ApiError } {
    let passed = 0;
    for (let i = 0; i < n; i++) {
      try {
        throttle.check(rt, c);
        passed++;
      } catch (e) {
        return { passed, refusal: e as ApiError };
      }
    }
    return { passed };
  }

  const RECORDS = '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records';

  it('gives record writes 10 QPS and record reads 20, answered with 1254290 on HTTP 200', async () => {
    for (const [method, template] of [['POST', RECORDS], ['PUT', `${RECORDS}/:record_id`], ['DELETE', `${RECORDS}/:record_id`], ['POST', `${RECORDS}/batch_create`], ['POST', `${RECORDS}/batch_update`], ['POST', `${RECORDS}/batch_delete`]]) {
      const { passed, refusal } = run(11, call(method, template));
      expect([method, template, passed]).toEqual([method, template, 10]);
      expect(refusal).toMatchObject({ httpStatus: 200, code: 1254290, message: 'TooManyRequest', headers: { 'x-ogw-ratelimit-limit': '10', 'x-ogw-ratelimit-reset': '1' } });
    }
    for (const [method, template] of [['GET', RECORDS], ['GET', `${RECORDS}/:record_id`], ['POST', `${RECORDS}/search`], ['POST', `${RECORDS}/batch_get`]]) {
      expect(run(21, call(method, template)).passed).toBe(20);
    }
    expect(run(21, call('GET', '/open-apis/bitable/v1/apps/:app_token/tables')).refusal).toMatchObject({ httpStatus: 429, code: 99991400 });
  });

  it('starts a new window once the old one has passed', () => {
    const c = call('POST', RECORDS);
    expect(run(11, c).passed).toBe(10);
    now += 400;
    expect(run(1, c).refusal?.headers['x-ogw-ratelimit-reset']).toBe('1');
    now += 600;
    expect(run(11, c).passed).toBe(10);
  });

  it('gives message sends 50 QPS overall and 5 per chat', () => {
    const send = (chat: string) => call('POST', '/open-apis/im/v1/messages', { query: new URLSearchParams({ receive_id_type: 'chat_id' }), body: { receive_id: chat } });
    expect(run(6, send('oc_a')).passed).toBe(5);
    expect(run(5, send('oc_b')).passed).toBe(5); // another chat has its own budget
    for (let i = 0; i < 8; i++) expect(run(5, send(`oc_${i}`)).passed).toBe(5);
    const over = run(1, send('oc_fresh')).refusal; // 50 sent in this second
    expect(over).toMatchObject({ httpStatus: 429, code: 99991400, headers: { 'x-ogw-ratelimit-limit': '50' } });
  });

  it('gives media uploads 5 QPS and leaves unlisted routes alone', () => {
    expect(run(6, call('POST', '/open-apis/drive/v1/medias/upload_all')).passed).toBe(5);
    expect(run(100, call('GET', '/open-apis/drive/v1/medias/:file_token/download')).passed).toBe(100);
    expect(run(100, call('POST', '/open-apis/auth/v3/tenant_access_token/internal')).passed).toBe(100);
  });
});
