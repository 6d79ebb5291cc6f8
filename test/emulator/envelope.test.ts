import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const LOG_ID = /^\d{14}[0-9A-F]{20}$/;

describe('envelope', () => {
  let t: TestEmulator;
  let appToken: string;
  beforeAll(async () => {
    t = await startTestEmulator();
    ({ appToken } = await newBase(t, 'Envelope'));
  });
  afterAll(() => t.close());

  /** A raw call that keeps the body as text, so an HTML answer could not hide behind JSON parsing. */
  async function raw(method: string, path: string, init: { body?: string; auth?: boolean } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (init.auth !== false) headers.authorization = `Bearer ${await t.tenantToken()}`;
    const res = await fetch(`${t.url}${path}`, { method, headers, body: init.body });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  const cases: Array<[string, string, () => string, number, boolean?]> = [
    ['a success', 'GET', () => `/open-apis/bitable/v1/apps/${appToken}`, 200],
    ['a Bitable error', 'GET', () => '/open-apis/bitable/v1/apps/bascnNoSuchBase', 200],
    ['a token error', 'GET', () => '/open-apis/bitable/v1/apps/x', 400, false],
    ['an unknown /open-apis route', 'GET', () => '/open-apis/nope/v1/things', 404],
    ['a path outside /open-apis', 'GET', () => '/favicon.ico', 404],
    ['a wrong method', 'DELETE', () => `/open-apis/bitable/v1/apps/${appToken}`, 405],
    ['an admin answer', 'GET', () => '/__emulator/requests', 200],
    ['an unknown admin route', 'GET', () => '/__emulator/nope', 404],
    ['a wrong admin method', 'PATCH', () => '/__emulator/requests', 405],
    ['a malformed escape in a path parameter', 'GET', () => '/open-apis/bitable/v1/apps/%E0%A4%A', 404],
  ];
  it.each(cases)('%s carries X-Tt-Logid and a JSON body', async (_what, method, path, status, auth = true) => {
    const res = await raw(method, path(), { auth });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-tt-logid')).toMatch(LOG_ID);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(res.text);
    expect(typeof body.code === 'number' || Array.isArray(body)).toBe(true);
    if (status >= 400 && !Array.isArray(body)) {
      expect(body.code).toBe(status === 400 ? 99991661 : status);
      expect(body.msg).toEqual(expect.any(String));
    }
  });

  it('wraps success as {code: 0, msg, data} and echoes the log id in error bodies', async () => {
    const ok = await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`);
    expect(ok.body).toMatchObject({ code: 0, msg: 'success', data: { app: { app_token: appToken } } });

    const failed = await t.call('GET', '/open-apis/bitable/v1/apps/bascnNoSuchBase');
    expect(failed.body.code).toBe(1254040);
    expect(failed.body.error.log_id).toBe(failed.headers.get('x-tt-logid'));
    expect(failed.headers.get('x-tt-logid')).not.toBe(ok.headers.get('x-tt-logid'));
  });

  it.each([
    ['an Open API route', '/open-apis/bitable/v1/apps'],
    ['an admin route', '/__emulator/users'],
  ])('answers invalid JSON on %s with a clear 400', async (_what, path) => {
    const res = await raw('POST', path, { body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-tt-logid')).toMatch(LOG_ID);
    expect(JSON.parse(res.text)).toMatchObject({ code: 9499, msg: expect.stringContaining('not valid JSON') });
  });

  it('answers a request Node cannot parse with JSON and a log id', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(t.emu.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write('GET /open-apis/a b c HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/X-Tt-Logid: \d{14}[0-9A-F]{20}/i);
    expect(JSON.parse(body)).toMatchObject({ code: 400, msg: expect.any(String) });
  });
});
