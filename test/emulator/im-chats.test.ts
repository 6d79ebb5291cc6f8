import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantKeyOf } from '../../src/emulator/ids.js';
import { newUser, startTestEmulator, withUserAccessToken, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { IM, newChat, outcome, send, textContent } from '../helpers/im.js';

describe('IM chats', () => {
  let t: TestEmulator;
  let ada: TestUser;
  let bob: TestUser;
  let team: string;
  let botless: string;
  let p2p: string;
  const batch = (chat_ids: unknown, token?: string, query: Record<string, string> = {}) => t.call('POST', `${IM}/chats/batch_query`, { body: { chat_ids }, token, query });

  beforeAll(async () => {
    t = await startTestEmulator();
    ada = await newUser(t, 'Ada');
    bob = await newUser(t, 'Bob');
    team = await t.admin('POST', '/chats', { name: 'Team', description: 'Our team', members: [ada.open_id, bob.open_id] }).then((r) => r.body.chat_id);
    botless = await newChat(t, 'Private', [ada.open_id], { bot_member: false });
    p2p = (await send(t, 'open_id', ada.open_id, textContent('hi'))).body.data.chat_id;
  });
  afterAll(() => t.close());

  it('gets a chat through the official SDK, ids in the asked type', async () => {
    const res = await t.sdk.im.chat.get({ path: { chat_id: team } });
    expect(res.code).toBe(0);
    expect(res.data).toMatchObject({
      name: 'Team',
      description: 'Our team',
      chat_mode: 'group',
      chat_type: 'private',
      group_message_type: 'chat',
      owner_id: ada.open_id,
      owner_id_type: 'open_id',
      user_count: '2',
      bot_count: '1',
      external: false,
      tenant_key: tenantKeyOf(t.emu.rt.appId),
      chat_status: 'normal',
    });
    const byUnion = await t.sdk.im.chat.get({ path: { chat_id: team }, params: { user_id_type: 'union_id' } }, withUserAccessToken(bob.user_access_token));
    expect(byUnion.data).toMatchObject({ owner_id: ada.union_id, owner_id_type: 'union_id' });
  });

  it('leaves owner and group settings out of p2p and bot-owned chats', async () => {
    const chat = (await t.call('GET', `${IM}/chats/${p2p}`)).body.data;
    expect(chat).toMatchObject({ chat_mode: 'p2p', user_count: '1', bot_count: '1' });
    for (const key of ['name', 'owner_id', 'owner_id_type', 'chat_type', 'add_member_permission', 'group_message_type']) expect(chat, key).not.toHaveProperty(key);
    const botOwned = await newChat(t, 'Bot owned', []);
    expect((await t.call('GET', `${IM}/chats/${botOwned}`)).body.data).not.toHaveProperty('owner_id');
    const topic = await newChat(t, 'Topics', [ada.open_id], { chat_mode: 'topic' });
    expect((await t.call('GET', `${IM}/chats/${topic}`)).body.data).toMatchObject({ chat_mode: 'topic' });
  });

  it('answers outsiders with the name, avatar, member count and status only; unknown chats with 232006', async () => {
    const outside = await t.call('GET', `${IM}/chats/${botless}`);
    expect(outside.body).toMatchObject({ code: 0, data: { name: 'Private', user_count: '1', chat_status: 'normal' } });
    expect(Object.keys(outside.body.data).sort()).toEqual(['avatar', 'chat_status', 'name', 'user_count']);
    expect((await t.call('GET', `${IM}/chats/${botless}`, { token: ada.user_access_token })).body.data).toHaveProperty('owner_id', ada.open_id);
    expect(outcome(await t.call('GET', `${IM}/chats/oc_00000000000000000000000000000000`))).toEqual([400, 232006]);
    expect(outcome(await t.call('GET', `${IM}/chats/${team}`, { query: { user_id_type: 'email' } }))).toEqual([400, 232001]);
  });

  it('batch_query answers the chats the caller is in, in request order, p2p chats with their other side', async () => {
    const res = await t.sdk.request({ method: 'POST', url: '/open-apis/im/v1/chats/batch_query', params: { user_id_type: 'open_id' }, data: { chat_ids: [p2p, 'oc_00000000000000000000000000000000', botless, team, p2p] } });
    expect(res.code).toBe(0);
    expect(res.data.items.map((c: any) => c.chat_id)).toEqual([p2p, team]);
    expect(res.data.items[0]).toMatchObject({ chat_mode: 'p2p', name: '', p2p_target_type: 'user', p2p_target_id: ada.open_id });
    expect(res.data.items[1]).toMatchObject({ chat_mode: 'group', name: 'Team', description: 'Our team', owner_id: ada.open_id, owner_id_type: 'open_id', external: false, chat_status: 'normal' });
    expect(res.data.items[1]).not.toHaveProperty('p2p_target_id');

    const asAda = await batch([p2p, botless, team], ada.user_access_token, { user_id_type: 'user_id' });
    expect(asAda.body.data.items.map((c: any) => c.chat_id)).toEqual([p2p, botless, team]);
    expect(asAda.body.data.items[0]).toMatchObject({ p2p_target_type: 'bot', p2p_target_id: t.emu.rt.appId });
    expect(asAda.body.data.items[2].owner_id).toBe(ada.user_id);
    expect((await batch([team], bob.user_access_token)).body.data.items).toHaveLength(1);
    expect((await batch([botless], bob.user_access_token)).body.data.items).toEqual([]);
  });

  it('batch_query takes 1 to 50 ids (232001 beyond)', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `oc_${String(i).padStart(32, '0')}`);
    expect((await batch(ids.slice(0, 50))).body).toMatchObject({ code: 0, data: { items: [] } });
    expect(outcome(await batch(ids))).toEqual([400, 232001]);
    expect(outcome(await batch([]))).toEqual([400, 232001]);
    expect(outcome(await batch('oc_x'))).toEqual([400, 232001]);
    expect(outcome(await batch([team, 5]))).toEqual([400, 232001]);
  });
});
