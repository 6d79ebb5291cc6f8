import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBase } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { subscriptionPath } from '../helpers/events.js';

/** Drive event subscriptions: subscribe, get_subscribe, delete_subscribe (feishu-wire.md §7.4). */
describe('drive file subscriptions', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(() => t.close());

  const call = (method: string, appToken: string, what: Parameters<typeof subscriptionPath>[1], query: Record<string, string> = { file_type: 'bitable' }, token?: string) =>
    t.call(method, subscriptionPath(appToken, what), { query, token });
  const isSubscribed = async (appToken: string, token?: string) => (await call('GET', appToken, 'get_subscribe', undefined, token)).body.data.is_subscribe;

  it('subscribes, answers get_subscribe and unsubscribes with the tenant token, through the SDK too', async () => {
    const { appToken } = await newBase(t);
    expect(await isSubscribed(appToken)).toBe(false);
    const sub = await t.sdk.drive.file.subscribe({ path: { file_token: appToken }, params: { file_type: 'bitable' } });
    expect(sub).toMatchObject({ code: 0, data: {} });
    const got = await t.sdk.drive.file.getSubscribe({ path: { file_token: appToken }, params: { file_type: 'bitable' } });
    expect(got.data).toEqual({ is_subscribe: true });
    // Subscribing again is no error.
    expect((await call('POST', appToken, 'subscribe')).body.code).toBe(0);
    const gone = await t.sdk.drive.file.deleteSubscribe({ path: { file_token: appToken }, params: { file_type: 'bitable' } });
    expect(gone.code).toBe(0);
    expect(await isSubscribed(appToken)).toBe(false);
    expect(t.emu.rt.state.fileSubscriptions?.[appToken]).toBeUndefined();
  });

  it('keeps the app and each user apart: get_subscribe answers for the caller', async () => {
    const { appToken } = await newBase(t);
    const ann = await newUser(t, 'Ann');
    expect((await call('POST', appToken, 'subscribe', undefined, ann.user_access_token)).body.code).toBe(0);
    expect(await isSubscribed(appToken, ann.user_access_token)).toBe(true);
    expect(await isSubscribed(appToken)).toBe(false);
    expect(t.emu.rt.state.fileSubscriptions?.[appToken]).toMatchObject({ app: false, users: [ann.open_id] });
    await call('POST', appToken, 'subscribe');
    await call('DELETE', appToken, 'delete_subscribe', undefined, ann.user_access_token);
    expect(await isSubscribed(appToken, ann.user_access_token)).toBe(false);
    expect(await isSubscribed(appToken)).toBe(true);
  });

  it('answers bad file types with 1061002, files it does not hold with 1061003, a role-restricted user with 1061004', async () => {
    const { appToken, defaultTableId } = await newBase(t);
    const outcome = (r: { status: number; body: any }) => [r.status, r.body.code];
    expect(outcome(await call('POST', appToken, 'subscribe', {}))).toEqual([400, 1061002]);
    expect(outcome(await call('POST', appToken, 'subscribe', { file_type: 'wiki' }))).toEqual([400, 1061002]);
    expect(outcome(await call('GET', appToken, 'get_subscribe', { file_type: 'folder' }))).toEqual([400, 1061002]);
    expect(outcome(await call('POST', 'bascnNoSuchBase0000000000', 'subscribe'))).toEqual([404, 1061003]);
    expect(outcome(await call('POST', appToken, 'subscribe', { file_type: 'docx' }))).toEqual([404, 1061003]);
    expect(outcome(await call('DELETE', 'bascnNoSuchBase0000000000', 'delete_subscribe'))).toEqual([404, 1061003]);
    expect(outcome(await t.call('POST', subscriptionPath(appToken, 'subscribe'), { query: { file_type: 'bitable' }, token: null }))).toEqual([400, 99991661]);

    // A user held in a role of an advanced base is a restricted collaborator, not a manager.
    const bob = await newUser(t, 'Bob');
    await t.sdk.bitable.app.update({ path: { app_token: appToken }, data: { is_advanced: true } });
    const role = await t.sdk.bitable.appRole.create({ path: { app_token: appToken }, data: { role_name: 'readers', table_roles: [{ table_id: defaultTableId, table_perm: 1 }] } });
    await t.sdk.bitable.appRoleMember.create({ path: { app_token: appToken, role_id: role.data!.role!.role_id! }, params: { member_id_type: 'open_id' }, data: { member_id: bob.open_id } });
    expect(outcome(await call('POST', appToken, 'subscribe', undefined, bob.user_access_token))).toEqual([403, 1061004]);
    expect((await call('POST', appToken, 'subscribe')).body.code).toBe(0); // the app may
  });
});

describe('drive file subscriptions with --data', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-subscriptions-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survive a restart', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startTestEmulator({ dataFile });
    const { appToken } = await newBase(first);
    expect((await first.call('POST', subscriptionPath(appToken, 'subscribe'), { query: { file_type: 'bitable' } })).body.code).toBe(0);
    await first.close();
    const second = await startTestEmulator({ dataFile });
    try {
      const got = await second.call('GET', subscriptionPath(appToken, 'get_subscribe'), { query: { file_type: 'bitable' } });
      expect(got.body.data).toEqual({ is_subscribe: true });
    } finally {
      await second.close();
    }
  });
});
