import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { eventually } from '../helpers/events.js';
import { connections, dial, discover, discoveredUrl, type DialResult } from '../helpers/longConnection.js';

/** Long-connection endpoint discovery and handshake (feishu-wire.md §8.1-8.2). */
describe('long connection: discovery and handshake', () => {
  let t: TestEmulator;
  const sockets: WebSocket[] = [];
  const open = (r: DialResult) => {
    if (!('ws' in r)) throw new Error(`refused: ${r.status} ${r.body}`);
    sockets.push(r.ws);
    return r.ws;
  };

  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await eventually(async () => expect(await connections(t)).toEqual([]));
  });
  afterAll(() => t.close());

  it('answers {code: 0, msg: "ok"} with a ws URL on the emulator and all four ClientConfig integers', async () => {
    const res = await discover(t);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 0, msg: 'ok', data: { URL: expect.any(String), ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 } } });
    const url = new URL(res.body.data.URL);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`${t.url.replace('http:', 'ws:')}/ws/v2`);
    // The node SDK qs-parses the whole URL, which mangles the first key: service_id must not be it.
    const keys = [...url.searchParams.keys()];
    expect(keys[0]).toBe('device_id');
    expect(keys).toContain('service_id');
    expect(url.searchParams.get('device_id')).toMatch(/^[1-9]\d{18}$/);
    expect(Number(url.searchParams.get('service_id'))).toSatisfy((n: number) => Number.isInteger(n) && n > 0 && n < 2 ** 31);
    expect(url.searchParams.get('ticket')).toMatch(/^[0-9a-f]{32}$/);

    // A partial wsClientConfig change still answers all four integers.
    await t.admin('PUT', '/config', { wsClientConfig: { PingInterval: 5 } });
    expect((await discover(t)).body.data.ClientConfig).toEqual({ PingInterval: 5, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 });
    await t.admin('PUT', '/config', { wsClientConfig: { PingInterval: 120 } });
  });

  it('logs discovery in the request log without the body (it carries the app secret)', async () => {
    await t.admin('DELETE', '/requests');
    await discover(t);
    await discover(t, { AppID: t.emu.rt.appId, AppSecret: 'wrong' });
    const log = (await t.admin('GET', '/requests')).body;
    expect(log.map((e: any) => [e.method, e.path, e.status, e.code])).toEqual([
      ['POST', '/callback/ws/endpoint', 200, 0],
      ['POST', '/callback/ws/endpoint', 200, 514],
    ]);
    expect(JSON.stringify(log)).not.toContain(t.emu.rt.appSecret);
  });

  it('refuses wrong credentials with code 514 (auth failed) and data {}, which the node SDK treats as fatal', async () => {
    for (const body of [{ AppID: t.emu.rt.appId, AppSecret: 'wrong' }, { AppID: 'cli_0000000000000000', AppSecret: t.emu.rt.appSecret }, { AppID: t.emu.rt.appId }, {}]) {
      const res = await discover(t, body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ code: 514, msg: expect.stringContaining('auth failed'), data: {} });
    }
  });

  it('opens a discovered URL once; a reused, edited or unknown ticket is refused with the handshake headers', async () => {
    const url = await discoveredUrl(t);
    open(await dial(url));
    await eventually(async () => expect((await connections(t)).map((c) => c.device_id)).toEqual([new URL(url).searchParams.get('device_id')]));

    const stale = { status: 401, headers: expect.objectContaining({ 'handshake-status': '514', 'handshake-autherrcode': '514', 'handshake-msg': expect.stringContaining('ticket') }) };
    expect(await dial(url)).toMatchObject(stale);
    const edited = new URL(await discoveredUrl(t));
    edited.searchParams.set('service_id', '1');
    expect(await dial(edited.toString())).toMatchObject(stale);
    expect(await dial(url.replace(/ticket=\w+/, 'ticket=0'))).toMatchObject(stale);
    expect(await dial(`${t.url.replace('http:', 'ws:')}/ws/other`)).toMatchObject({ status: 404 });
  });

  it('builds the URL on EMULATOR_PUBLIC_URL, wss for https', async () => {
    const other = await startTestEmulator({ publicUrl: 'https://feishu-emu.example:8443/' });
    try {
      expect((await discover(other)).body.data.URL).toMatch(/^wss:\/\/feishu-emu\.example:8443\/ws\/v2\?device_id=\d+&service_id=\d+&ticket=\w+$/);
    } finally {
      await other.close();
    }
  });

  it('holds at most 50 connections: discovery answers 1000040350 and a 51st handshake is refused', async () => {
    const spare = await discoveredUrl(t);
    for (let i = 0; i < 50; i++) open(await dial(await discoveredUrl(t)));
    expect(await connections(t)).toHaveLength(50);

    expect((await discover(t)).body).toEqual({ code: 1000040350, msg: expect.stringContaining('exceeded connection limit'), data: {} });
    // A URL discovered before the limit was reached: Go and Python read these headers as fatal.
    expect(await dial(spare)).toMatchObject({
      status: 403,
      headers: expect.objectContaining({ 'handshake-status': '514', 'handshake-autherrcode': '1000040350', 'handshake-msg': expect.stringContaining('exceeded connection limit') }),
    });

    sockets.pop()!.terminate();
    await eventually(async () => expect((await discover(t)).body.code).toBe(0));
  });
});
