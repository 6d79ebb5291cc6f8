import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { createDriveSubscriptions } from '../../src/events/driveSubscriptions.js';
import { createFeishuClient, type FeishuClient } from '../../src/feishu/index.js';

/**
 * Drive file subscriptions against the emulator: once per base per process however many
 * subscribers ask at once, forgotten after a failure so the next subscriber retries, as the app.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const SUBSCRIBE = `/open-apis/drive/v1/files/${BASE}/subscribe`;

describe('ensureSubscribed', () => {
  let emu: Emulator;
  let client: FeishuClient;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/__emulator${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    return res.json();
  };
  const subscribeCalls = async () => ((await admin('GET', '/requests')) as Array<{ method: string; path: string; query: unknown; status: number }>).filter((r) => r.path === SUBSCRIBE);

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 'demo' });
    client = createFeishuClient({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await client.close();
    await emu.close();
  });

  it('makes one subscribe call for many simultaneous subscribers; a failure is forgotten and retried', async () => {
    await admin('POST', '/faults', { method: 'POST', path: '/subscribe$', status: 500, code: 1061045, msg: 'internal error', times: 1 });
    const subs = createDriveSubscriptions(client.as({ kind: 'app' }));
    const first = await Promise.allSettled(Array.from({ length: 20 }, () => subs.ensureSubscribed(BASE)));
    expect(first.every((r) => r.status === 'rejected')).toBe(true); // all shared the one failed call
    expect(await subscribeCalls()).toHaveLength(1);

    await Promise.all(Array.from({ length: 20 }, () => subs.ensureSubscribed(BASE)));
    await subs.ensureSubscribed(BASE);
    const calls = await subscribeCalls();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ method: 'POST', status: 200, query: { file_type: 'bitable' } });

    // Subscribed as the app, as Feishu's get_subscribe says.
    const token = (await (await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: emu.rt.appId, app_secret: emu.rt.appSecret }) })).json()).tenant_access_token;
    const check = await (await fetch(`${emu.url}/open-apis/drive/v1/files/${BASE}/get_subscribe?file_type=bitable`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(check).toMatchObject({ code: 0, data: { is_subscribe: true } });

    // Another process (another replica) subscribes again: Feishu takes the repeat as success.
    await createDriveSubscriptions(client.as({ kind: 'app' })).ensureSubscribed(BASE);
    expect(await subscribeCalls()).toHaveLength(3);
  });
});
