import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/emulator/admin.js';
import { defaultRuntimeConfig } from '../../src/emulator/config.js';
import { newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

describe('admin API', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.close());

  const createApp = async () => (await newBase(t, 'Admin')).appToken;

  describe('request log', () => {
    beforeEach(async () => {
      await t.tenantToken(); // keep token fetches out of the log under test
      expect((await t.admin('DELETE', '/requests')).status).toBe(200);
      expect((await t.admin('GET', '/requests')).body).toEqual([]);
    });

    it('logs every /open-apis call, oldest first, with path and query apart', async () => {
      const before = Date.now();
      const appToken = await createApp();
      await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`, { query: { user_id_type: 'open_id' } });
      await t.call('GET', '/open-apis/drive/v1/nowhere', { query: { file_tokens: ['a', 'b'], extra: '' } });
      await t.call('GET', '/open-apis/bitable/v1/apps/bascnNoSuchBase', { token: 'nonsense' });
      await t.admin('GET', '/config'); // admin calls are not logged
      const after = Date.now();

      const { status, body } = await t.admin('GET', '/requests');
      expect(status).toBe(200);
      expect(body.map((e: any) => [e.method, e.path, e.query, e.status, e.code])).toEqual([
        ['POST', '/open-apis/bitable/v1/apps', {}, 200, 0],
        ['GET', `/open-apis/bitable/v1/apps/${appToken}`, { user_id_type: 'open_id' }, 200, 0],
        ['GET', '/open-apis/drive/v1/nowhere', { file_tokens: ['a', 'b'], extra: '' }, 404, 404],
        ['GET', '/open-apis/bitable/v1/apps/bascnNoSuchBase', {}, 400, 99991671],
      ]);
      // The body is logged when there is one (the create's JSON), never for token requests.
      expect(body[0].body).toEqual({ name: 'Admin' });
      for (const e of body) {
        expect(Object.keys(e).filter((k) => k !== 'body').sort()).toEqual(['at', 'code', 'durationMs', 'method', 'path', 'query', 'status']);
        expect(e.at).toBeGreaterThanOrEqual(before);
        expect(e.at).toBeLessThanOrEqual(after);
        expect(e.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect(body.map((e: any) => e.at)).toEqual([...body.map((e: any) => e.at)].sort((a, b) => a - b));
    });

    it('keeps no body for token requests (they carry the app secret)', async () => {
      await t.admin('DELETE', '/requests');
      await t.call('POST', '/open-apis/auth/v3/tenant_access_token/internal', { body: { app_id: t.emu.rt.appId, app_secret: t.emu.rt.appSecret }, token: null });
      const { body } = await t.admin('GET', '/requests');
      expect(body).toHaveLength(1);
      expect(body[0].body).toBeUndefined();
      expect(JSON.stringify(body)).not.toContain(t.emu.rt.appSecret);
    });

    it('orders by arrival, not by when the answer ended', async () => {
      await t.admin('POST', '/faults', { path: '/slow$', delayMs: 150, status: 503 });
      const slow = t.call('GET', '/open-apis/slow');
      await new Promise((r) => setTimeout(r, 30));
      await t.call('GET', '/open-apis/fast');
      await slow;
      await t.admin('DELETE', '/faults');
      const { body } = await t.admin('GET', '/requests');
      expect(body.map((e: any) => [e.path, e.status])).toEqual([
        ['/open-apis/slow', 503],
        ['/open-apis/fast', 404],
      ]);
      expect(body[0].durationMs).toBeGreaterThanOrEqual(140);
    });

    it('DELETE /requests clears the log', async () => {
      await t.call('GET', '/open-apis/anything');
      expect((await t.admin('GET', '/requests')).body).toHaveLength(1);
      expect((await t.admin('DELETE', '/requests')).body).toEqual({});
      expect((await t.admin('GET', '/requests')).body).toEqual([]);
    });
  });

  describe('PUT /config', () => {
    afterAll(() => t.admin('PUT', '/config', { latencyMs: 0 }));

    it('changes settings at once and merges wsClientConfig', async () => {
      const defaults = defaultRuntimeConfig();
      expect((await t.admin('GET', '/config')).body).toEqual(defaults);
      const res = await t.admin('PUT', '/config', { writeLockMs: 5, wsClientConfig: { PingInterval: 7 }, rateLimits: { 'GET /open-apis/x': { perSecond: 2 } } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ writeLockMs: 5, latencyMs: 0, wsClientConfig: { ...defaults.wsClientConfig, PingInterval: 7 }, rateLimits: { 'GET /open-apis/x': { perSecond: 2 } } });
      expect(t.emu.rt.config.writeLockMs).toBe(5);
      await t.admin('PUT', '/config', { writeLockMs: defaults.writeLockMs, rateLimits: 'off', wsClientConfig: defaults.wsClientConfig });
    });

    it('applies latencyMs to the next call', async () => {
      const appToken = await createApp();
      await t.admin('PUT', '/config', { latencyMs: 120 });
      const started = Date.now();
      expect((await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`)).body.code).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
      await t.admin('PUT', '/config', { latencyMs: 0 });
    });

    it.each([
      ['a negative latency', { latencyMs: -1 }, 'latencyMs'],
      ['an unknown key', { latency: 5 }, 'latency'],
      ['an unknown rate-limit mode', { rateLimits: 'sometimes' }, 'rateLimits'],
      ['a zero token lifetime', { tokenTtlSeconds: 0 }, 'tokenTtlSeconds'],
      ['a string body', 'fast', 'body'],
    ])('refuses %s with 400', async (_what, body, named) => {
      const before = structuredClone(t.emu.rt.config);
      const res = await t.admin('PUT', '/config', body);
      expect(res.status).toBe(400);
      expect(res.body.msg).toContain(named);
      expect(t.emu.rt.config).toEqual(before);
    });
  });

  describe('POST /reset', () => {
    it('empties the state with seed "empty" and starts over from "demo"', async () => {
      const appToken = await createApp();
      await t.admin('POST', '/users', { name: 'Gone' });
      expect((await t.admin('POST', '/reset', { seed: 'empty' })).body).toEqual({ seed: 'empty' });
      const state = t.emu.rt.state;
      expect([state.apps, state.users, state.chats, state.tokens.user]).toEqual([{}, {}, {}, {}]);
      // The data is gone, but the tenant token the client holds still works.
      expect((await t.call('GET', `/open-apis/bitable/v1/apps/${appToken}`)).body.code).toBe(1254040);

      const again = await createApp();
      expect((await t.admin('POST', '/reset', { seed: 'demo' })).body).toEqual({ seed: 'demo' });
      expect(t.emu.rt.state.apps[again]).toBeUndefined(); // the demo content itself belongs to the demo-data work
      await t.admin('POST', '/reset', { seed: 'empty' });
    });

    it('refuses an unknown seed', async () => {
      const res = await t.admin('POST', '/reset', { seed: 'full' });
      expect(res.status).toBe(400);
      expect(res.body.msg).toContain('seed');
    });
  });

  describe('people, chats, messages and tasks', () => {
    it('POST /users fills defaults and validates', async () => {
      const { body } = await t.admin('POST', '/users', { name: 'Dee' });
      expect(t.emu.rt.state.users[body.open_id]).toMatchObject({ name: 'Dee', en_name: 'Dee', email: '', union_id: body.union_id, user_id: body.user_id });
      expect((await t.admin('POST', '/users', {})).status).toBe(400);
      expect((await t.admin('POST', '/users', { name: 'X', role: 'admin' })).status).toBe(400);
    });

    it('POST /chats makes the bot a member unless bot_member is false', async () => {
      const { body: user } = await t.admin('POST', '/users', { name: 'Eve' });
      const withBot = await t.admin('POST', '/chats', { name: 'Team', members: [user.open_id] });
      expect(withBot.status).toBe(200);
      expect(withBot.body.chat_id).toMatch(/^oc_[0-9a-f]{32}$/);
      expect(t.emu.rt.state.chats[withBot.body.chat_id]).toMatchObject({ name: 'Team', chat_mode: 'group', members: [user.open_id], bot_member: true, owner_open_id: user.open_id });

      const withoutBot = await t.admin('POST', '/chats', { name: 'Private', chat_mode: 'p2p', bot_member: false });
      expect(t.emu.rt.state.chats[withoutBot.body.chat_id]).toMatchObject({ chat_mode: 'p2p', bot_member: false });

      expect((await t.admin('POST', '/chats', { name: 'Ghosts', members: ['ou_nobody'] })).status).toBe(400);
      expect((await t.admin('POST', '/chats', { name: 'Bad', chat_mode: 'channel' })).status).toBe(400);
    });

    it('POST /chats/:chat_id/messages stores a user message and threads replies', async () => {
      const { body: user } = await t.admin('POST', '/users', { name: 'Fay' });
      const { body: chat } = await t.admin('POST', '/chats', { name: 'Talk', members: [user.open_id] });
      const say = (body: object) => t.admin('POST', `/chats/${chat.chat_id}/messages`, { sender_open_id: user.open_id, msg_type: 'text', ...body });

      const first = await say({ content: JSON.stringify({ text: 'hi' }) });
      expect(first.status).toBe(200);
      expect(first.body.message_id).toMatch(/^om_/);
      expect(t.emu.rt.state.messages[first.body.message_id]).toMatchObject({ chat_id: chat.chat_id, sender_open_id: user.open_id, sender_type: 'user', msg_type: 'text', content: '{"text":"hi"}' });

      const reply = await say({ content: JSON.stringify({ text: 're' }), parent_id: first.body.message_id });
      expect(t.emu.rt.state.messages[reply.body.message_id]).toMatchObject({ parent_id: first.body.message_id, root_id: first.body.message_id });

      expect((await say({ content: 'not json' })).status).toBe(400);
      expect((await say({ content: '{}', parent_id: 'om_missing' })).status).toBe(400);
      expect((await t.admin('POST', '/chats/oc_missing/messages', { sender_open_id: user.open_id, msg_type: 'text', content: '{}' })).status).toBe(400);
    });

    it('POST /tasks creates a task for a known owner', async () => {
      const { body: user } = await t.admin('POST', '/users', { name: 'Gil' });
      const res = await t.admin('POST', '/tasks', { summary: 'Ship it', owner_open_id: user.open_id });
      expect(res.body.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(t.emu.rt.state.tasks[res.body.guid]).toMatchObject({ summary: 'Ship it', owner_open_id: user.open_id });
      expect((await t.admin('POST', '/tasks', { summary: 'Orphan', owner_open_id: 'ou_nobody' })).status).toBe(400);
    });
  });

  it('answers POST /connections/drop and GET /connections with none open (long-connection-*.test.ts cover them)', async () => {
    expect(await t.admin('POST', '/connections/drop')).toEqual({ status: 200, body: { dropped: 0 } });
    expect(await t.admin('GET', '/connections')).toEqual({ status: 200, body: [] });
  });

  it('refuses a webhook that fails url_verification with 400 and the reason (events-*.test.ts cover delivery)', async () => {
    const res = await t.admin('PUT', '/webhook', { url: 'http://127.0.0.1:1/hook' });
    expect(res.status).toBe(400);
    expect(res.body.msg).toContain('url_verification of http://127.0.0.1:1/hook failed');
    // Earlier tests' messages emitted events; with no webhook they wait, never attempted.
    expect((await t.admin('GET', '/deliveries')).body.every((d: { attempts: number; status: string }) => d.attempts === 0 && d.status === 'queued')).toBe(true);
  });

  it('isLoopback accepts 127.0.0.0/8 and ::1 only, also IPv4-mapped', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of [undefined, '', '10.0.0.1', '192.168.1.127', '::ffff:10.0.0.1', '::2', 'fe80::1']) expect(isLoopback(a), String(a)).toBe(false);
  });
});
