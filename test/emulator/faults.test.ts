import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

describe('faults', () => {
  let t: TestEmulator;
  let appToken: string;
  beforeAll(async () => {
    t = await startTestEmulator();
    await t.tenantToken(); // fetched before any fault, so faults on wide patterns hit only the calls under test
    ({ appToken } = await newBase(t, 'Original'));
  });
  afterEach(async () => {
    expect((await t.admin('DELETE', '/faults')).body).toEqual({});
  });
  afterAll(() => t.close());

  const appPath = () => `/open-apis/bitable/v1/apps/${appToken}`;
  const addFault = async (spec: object) => {
    const res = await t.admin('POST', '/faults', spec);
    expect(res.status).toBe(200);
    expect(res.body.id).toEqual(expect.any(String));
    return res.body.id as string;
  };
  const rename = (name: string) => t.call('PUT', appPath(), { body: { name } });
  const currentName = () => t.emu.rt.state.apps[appToken].name;
  const lastLogged = async () => (await t.admin('GET', '/requests')).body.at(-1);

  it('phase "before" (the default) fails without touching state, in the Feishu envelope', async () => {
    const nameBefore = currentName();
    await addFault({ method: 'PUT', path: '/bitable/v1/apps/[^/]+$' });
    const res = await rename('Before');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ code: 1255001, msg: 'emulated fault', error: { log_id: res.headers.get('x-tt-logid') } });
    expect(currentName()).toBe(nameBefore);
    expect(await lastLogged()).toMatchObject({ method: 'PUT', path: appPath(), status: 500, code: 1255001 });
  });

  it('phase "after" applies the write, then fails the answer', async () => {
    await addFault({ method: 'PUT', path: 'apps/bascn', phase: 'after', status: 502, code: 1254607, msg: 'Data not ready' });
    const res = await rename('After');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 1254607, msg: 'Data not ready' });
    expect(currentName()).toBe('After');
    expect((await t.call('GET', appPath())).body.data.app.name).toBe('After');
  });

  it('matches method and an unanchored RegExp on the path with /open-apis and without the query', async () => {
    await addFault({ method: 'get', path: '^/open-apis/bitable/v1/apps/bascn\\w+$', status: 503 });
    expect((await t.call('GET', appPath(), { query: { user_id_type: 'open_id' } })).status).toBe(503);
    expect((await rename('Other method')).status).toBe(200);
    expect((await t.call('GET', '/open-apis/bitable/v1/apps/bascnX/copy')).status).not.toBe(503);
    await t.admin('DELETE', '/faults');
    await addFault({ path: 'v1/apps/' }); // no method: any method, and a fragment matches
    expect((await t.call('GET', appPath())).status).toBe(500);
    expect((await rename('Any')).status).toBe(500);
  });

  it('answers with the given status, code, msg and headers; 429 defaults to 99991400', async () => {
    await addFault({ path: 'apps', status: 429, headers: { 'x-ogw-ratelimit-limit': '20', 'x-ogw-ratelimit-reset': '3' }, times: 1 });
    const limited = await t.call('GET', appPath());
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(99991400);
    expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('3');
    expect(limited.headers.get('x-ogw-ratelimit-limit')).toBe('20');
    expect(limited.headers.get('x-tt-logid')).toBeTruthy();

    await addFault({ path: 'apps', status: 200, code: 1254291, msg: 'Write conflict', times: 1 });
    const conflict = await rename('Conflict');
    expect(conflict.status).toBe(200);
    expect(conflict.body).toMatchObject({ code: 1254291, msg: 'Write conflict' });
    expect(currentName()).not.toBe('Conflict');
  });

  it('counts "times" down and then removes the fault; the oldest matching fault wins', async () => {
    await addFault({ path: 'apps', status: 503, times: 2 });
    await addFault({ path: 'apps', status: 504, times: 1 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.call('GET', appPath())).status);
    expect(statuses).toEqual([503, 503, 504, 200, 200]);
  });

  it('"skip" lets that many matching requests through before the fault applies', async () => {
    await addFault({ method: 'PUT', path: 'apps/bascn', skip: 2, times: 1, status: 503 });
    expect((await rename('one')).status).toBe(200);
    expect((await rename('two')).status).toBe(200);
    expect((await rename('three')).status).toBe(503);
    expect((await rename('four')).status).toBe(200);
    expect(currentName()).toBe('four');
  });

  it('delays the answer by delayMs', async () => {
    await addFault({ path: 'apps', delayMs: 150, status: 500, times: 1 });
    const started = Date.now();
    expect((await t.call('GET', appPath())).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('action "reset" destroys the socket: the client sees a connection error', async () => {
    await addFault({ path: 'apps', action: 'reset', times: 1 });
    await expect(t.call('GET', appPath())).rejects.toThrow(/fetch failed/);
    expect(await lastLogged()).toMatchObject({ path: appPath(), status: 0, code: null });
    expect((await t.call('GET', appPath())).status).toBe(200);
  });

  it('action "reset" with phase "after" still applies the write', async () => {
    await addFault({ method: 'PUT', path: 'apps', action: 'reset', phase: 'after', times: 1 });
    await expect(rename('Reset after')).rejects.toThrow(/fetch failed/);
    expect(currentName()).toBe('Reset after');
  });

  it('action "hang" never answers', async () => {
    await addFault({ path: 'apps', action: 'hang', times: 1 });
    const token = await t.tenantToken();
    const hung = fetch(`${t.url}${appPath()}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(100) });
    await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await t.call('GET', appPath())).status).toBe(200);
  });

  it('leaves the admin API alone, whatever the pattern', async () => {
    await addFault({ path: '.*' });
    expect((await t.admin('GET', '/config')).status).toBe(200);
    expect((await t.call('GET', appPath())).status).toBe(500);
  });

  it('DELETE /faults removes every fault', async () => {
    await addFault({ path: 'apps' });
    await addFault({ path: 'tenant_access_token' });
    await t.admin('DELETE', '/faults');
    expect((await t.call('GET', appPath())).status).toBe(200);
  });

  it.each([
    ['no path', { status: 500 }, 'path'],
    ['a bad RegExp', { path: '(' }, 'RegExp'],
    ['an unknown key', { path: 'x', when: 'now' }, 'when'],
    ['a status out of range', { path: 'x', status: 99 }, 'status'],
    ['zero times', { path: 'x', times: 0 }, 'times'],
    ['an unknown phase', { path: 'x', phase: 'during' }, 'phase'],
    ['an unknown action', { path: 'x', action: 'explode' }, 'action'],
    ['a negative delay', { path: 'x', delayMs: -5 }, 'delayMs'],
  ])('refuses a fault with %s (400)', async (_what, spec, named) => {
    const res = await t.admin('POST', '/faults', spec);
    expect(res.status).toBe(400);
    expect(res.body.msg).toContain(named);
    expect((await t.call('GET', appPath())).status).toBe(200);
  });
});
