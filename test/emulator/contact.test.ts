import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestEmulator, withUserAccessToken, type TestEmulator, type TestUser } from '../helpers/emulator.js';

describe('contact users and user_info', () => {
  let t: TestEmulator;
  let ada: TestUser;
  let lin: TestUser;
  beforeAll(async () => {
    t = await startTestEmulator();
    ada = await newUser(t, '艾达', { en_name: 'Ada', email: 'ada@example.com' });
    lin = await newUser(t, 'Lin');
  });
  afterAll(() => t.close());

  it('reads users in batches through the official SDK, leaving unknown ids out', async () => {
    const res = await t.sdk.contact.user.batch({ params: { user_ids: [ada.open_id, 'ou_00000000000000000000000000000000', lin.open_id], user_id_type: 'open_id' } });
    expect(res.code).toBe(0);
    const items = res.data!.items!;
    expect(items.map((u) => u.open_id)).toEqual([ada.open_id, lin.open_id]);
    expect(items[0]).toMatchObject({ union_id: ada.union_id, user_id: ada.user_id, name: '艾达', en_name: 'Ada', email: 'ada@example.com', department_ids: [] });
    expect(Object.keys(items[0].avatar!)).toEqual(['avatar_72', 'avatar_240', 'avatar_640', 'avatar_origin']);

    const byUnion = await t.sdk.contact.user.batch({ params: { user_ids: [lin.union_id], user_id_type: 'union_id' } });
    expect(byUnion.data!.items!.map((u) => u.name)).toEqual(['Lin']);
    const byUserId = await t.sdk.contact.user.batch({ params: { user_ids: [ada.user_id], user_id_type: 'user_id' } });
    expect(byUserId.data!.items![0].open_id).toBe(ada.open_id);
  });

  it('gets one user through the official SDK', async () => {
    const res = await t.sdk.contact.user.get({ path: { user_id: ada.union_id }, params: { user_id_type: 'union_id' } });
    expect(res.data!.user).toMatchObject({ open_id: ada.open_id, name: '艾达', status: { is_activated: true, is_resigned: false } });
    const byOpenId = await t.sdk.contact.user.get({ path: { user_id: lin.open_id } });
    expect(byOpenId.data!.user!.union_id).toBe(lin.union_id);
  });

  it('answers the documented errors', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `ou_${String(i).padStart(32, '0')}`);
    const tooMany = await t.call('GET', '/open-apis/contact/v3/users/batch', { query: { user_ids: many } });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 40001]);
    const fifty = await t.call('GET', '/open-apis/contact/v3/users/batch', { query: { user_ids: many.slice(0, 50) } });
    expect(fifty.body).toMatchObject({ code: 0, data: { items: [] } });
    const none = await t.call('GET', '/open-apis/contact/v3/users/batch');
    expect([none.status, none.body.code]).toEqual([400, 99992402]);
    const badType = await t.call('GET', '/open-apis/contact/v3/users/batch', { query: { user_ids: ada.open_id, user_id_type: 'email' } });
    expect([badType.status, badType.body.code]).toEqual([400, 99992402]);

    const unknown = await t.call('GET', '/open-apis/contact/v3/users/ou_00000000000000000000000000000000');
    expect([unknown.status, unknown.body.code]).toEqual([400, 41050]);
    const malformed = await t.call('GET', '/open-apis/contact/v3/users/not-an-open-id');
    expect([malformed.status, malformed.body.code]).toEqual([400, 41012]);
    const bot = await t.call('GET', `/open-apis/contact/v3/users/${t.emu.rt.bot.open_id}`);
    expect(bot.body.code).toBe(41050); // the app's bot is not a directory user

    const anon = await t.call('GET', `/open-apis/contact/v3/users/${ada.open_id}`, { token: null });
    expect(anon.body.code).toBe(99991661);
  });

  it('answers authen/v1/user_info for user tokens only', async () => {
    const res = await t.sdk.authen.userInfo.get({}, withUserAccessToken(ada.user_access_token));
    expect(res.data).toMatchObject({ open_id: ada.open_id, union_id: ada.union_id, user_id: ada.user_id, name: '艾达', en_name: 'Ada', email: 'ada@example.com' });
    expect(res.data!.tenant_key).toMatch(/^[0-9a-f]{16}$/);
    const lins = await t.call('GET', '/open-apis/authen/v1/user_info', { token: lin.user_access_token });
    expect(lins.body.data.tenant_key).toBe(res.data!.tenant_key);

    const tenant = await t.call('GET', '/open-apis/authen/v1/user_info');
    expect(tenant.body.code).toBe(99991663);
    const forged = await t.call('GET', '/open-apis/authen/v1/user_info', { token: 'u-forged' });
    expect(forged.body.code).toBe(99991668);
  });
});
