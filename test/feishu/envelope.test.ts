import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuClient, FeishuError, paginate, type FeishuClient } from '../../src/feishu/index.js';
import { rejectionOf } from './harness.js';

/**
 * Answers the emulator never gives (it always speaks the Feishu envelope): proxies' HTML pages,
 * bodies that are not envelopes, data of the wrong shape, a log id only in the body.
 */

const ORIGIN = 'https://open.feishu.test';
const TABLES = '/open-apis/bitable/v1/apps/bascnX/tables';
let agent: MockAgent;
let client: FeishuClient;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  pool.intercept({ path: '/open-apis/auth/v3/tenant_access_token/internal', method: 'POST' }).reply(200, { code: 0, msg: 'ok', tenant_access_token: 't-mock', expire: 7200 });
  client = createFeishuClient({ baseUrl: ORIGIN, appId: 'cli_x', appSecret: 'mock-secret', dispatcher: agent, throttle: 'off', retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
});
afterEach(async () => {
  await agent.close();
});

const listTables = () => client.as({ kind: 'app' }).bitable.listTables({ appToken: 'bascnX' });

describe('answers that are not what Feishu promises', () => {
  it('an HTML 502 from a proxy: transient, retried', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: (p) => p.startsWith(TABLES) }).reply(502, '<html>Bad Gateway</html>', { headers: { 'content-type': 'text/html' } });
    pool.intercept({ path: (p) => p.startsWith(TABLES) }).reply(200, { code: 0, msg: 'success', data: { items: [{ table_id: 'tbl1', name: 'A' }], has_more: false } });
    const page = await listTables();
    expect(page.items).toEqual([{ table_id: 'tbl1', name: 'A' }]);
  });

  it('HTML with HTTP 200: unknown, not retried', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(TABLES) }).reply(200, '<html>login</html>', { headers: { 'content-type': 'text/html', 'x-tt-logid': 'LOG123' } });
    const err = await rejectionOf(listTables());
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ kind: 'unknown', httpStatus: 200, code: null, logId: 'LOG123', attempts: 1 });
    expect(err.msg).toContain('not a Feishu envelope');
  });

  it('JSON without a code: unknown', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(TABLES) }).reply(200, { data: { items: [] } });
    await expect(listTables()).rejects.toMatchObject({ kind: 'unknown', code: null });
  });

  it('data of the wrong shape: unknown, naming the path of the problem', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(TABLES) }).reply(200, { code: 0, msg: 'success', data: { items: [{ name: 'no id' }] } });
    const err = await rejectionOf(listTables());
    expect(err).toMatchObject({ kind: 'unknown', code: 0 });
    expect(err.msg).toContain('items.0.table_id');
  });

  it('extra fields pass through, missing optional ones do not matter', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(TABLES) }).reply(200, { code: 0, data: { items: [{ table_id: 'tbl1', future_field: { x: 1 } }], brand_new: true } });
    const page = await listTables();
    expect(page.items[0]).toEqual({ table_id: 'tbl1', future_field: { x: 1 } });
    expect(page.has_more).toBe(false);
    expect((page as Record<string, unknown>).brand_new).toBe(true);
  });

  it('a null items list reads as an empty page', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(TABLES) }).reply(200, { code: 0, msg: 'success', data: { items: null, has_more: false } });
    expect((await listTables()).items).toEqual([]);
  });

  it('the log id comes from the body when the header is missing', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(TABLES) }).reply(400, { code: 99992402, msg: 'field validation failed', error: { logid: 'BODYLOG' } });
    await expect(listTables()).rejects.toMatchObject({ kind: 'invalid', code: 99992402, logId: 'BODYLOG' });
  });

  it('a token endpoint answer without a token is an error, not a cached empty token', async () => {
    const a = new MockAgent();
    a.disableNetConnect();
    a.get(ORIGIN).intercept({ path: '/open-apis/auth/v3/tenant_access_token/internal', method: 'POST' }).reply(200, { code: 0, msg: 'ok' });
    const c = createFeishuClient({ baseUrl: ORIGIN, appId: 'cli_x', appSecret: 'mock-secret', dispatcher: a, throttle: 'off' });
    await expect(c.tenantToken()).rejects.toMatchObject({ kind: 'unknown', endpoint: 'auth.tenantToken' });
    await a.close();
  });

  it('a base URL with a path prefix keeps it', async () => {
    const a = new MockAgent({ enableCallHistory: true });
    a.disableNetConnect();
    a.get(ORIGIN).intercept({ path: '/feishu/open-apis/bitable/v1/apps/bascnX', method: 'GET' }).reply(200, { code: 0, data: { app: { app_token: 'bascnX' } } });
    const c = createFeishuClient({ baseUrl: `${ORIGIN}/feishu/`, appId: 'cli_x', appSecret: 's', dispatcher: a, throttle: 'off' });
    expect(await c.as({ kind: 'user', token: 'u-x' }).bitable.getApp({ appToken: 'bascnX' })).toEqual({ app_token: 'bascnX' });
    expect(a.getCallHistory()?.lastCall()?.headers).toMatchObject({ authorization: 'Bearer u-x' });
    await a.close();
  });
});

describe('paginate', () => {
  const pager = (pages: { has_more?: boolean; page_token?: string | null; n: number }[]) => {
    const asked: (string | undefined)[] = [];
    const fetchPage = async (token: string | undefined) => {
      asked.push(token);
      return pages[asked.length - 1];
    };
    return { asked, fetchPage };
  };
  const drain = async <P>(it: AsyncIterable<P>) => {
    const out: P[] = [];
    for await (const p of it) out.push(p);
    return out;
  };

  it('follows page tokens until has_more is false', async () => {
    const p = pager([{ has_more: true, page_token: 'a', n: 1 }, { has_more: true, page_token: 'b', n: 2 }, { has_more: false, page_token: '', n: 3 }]);
    expect((await drain(paginate(p.fetchPage))).map((x) => x.n)).toEqual([1, 2, 3]);
    expect(p.asked).toEqual([undefined, 'a', 'b']);
  });

  it('stops on an empty page token even if has_more says otherwise', async () => {
    const p = pager([{ has_more: true, page_token: '', n: 1 }, { has_more: false, n: 2 }]);
    expect(await drain(paginate(p.fetchPage))).toHaveLength(1);
  });

  it('stops on a repeated page token', async () => {
    const p = pager([{ has_more: true, page_token: 'a', n: 1 }, { has_more: true, page_token: 'b', n: 2 }, { has_more: true, page_token: 'a', n: 3 }, { has_more: false, n: 4 }]);
    expect((await drain(paginate(p.fetchPage))).map((x) => x.n)).toEqual([1, 2, 3]);
    expect(p.asked).toEqual([undefined, 'a', 'b']);
  });

  it('resumes from a token and honours maxPages', async () => {
    const p = pager([{ has_more: true, page_token: 'c', n: 1 }, { has_more: true, page_token: 'd', n: 2 }, { has_more: false, n: 3 }]);
    expect((await drain(paginate(p.fetchPage, { pageToken: 'b', maxPages: 2 }))).map((x) => x.n)).toEqual([1, 2]);
    expect(p.asked).toEqual(['b', 'c']);
  });
});
