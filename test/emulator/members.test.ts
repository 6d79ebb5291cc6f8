import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleFixture, type RoleFixture } from '../helpers/advancedBase.js';
import { newUser, startTestEmulator, type TestEmulator, type TestUser as User } from '../helpers/emulator.js';

describe('bitable role members', () => {
  let t: TestEmulator;
  let f: RoleFixture;
  let ann: User;
  let bob: User;
  let cat: User;
  let chatId: string;
  beforeAll(async () => {
    t = await startTestEmulator();
    f = await roleFixture(t, { advanced: true });
    // An en_name of their own, so the member lists show which name goes where.
    [ann, bob, cat] = await Promise.all(['Ann', 'Bob', 'Cat'].map((name) => newUser(t, name, { en_name: `${name} (en)` })));
    chatId = (await t.admin('POST', '/chats', { name: 'design-chat', members: [cat.open_id] })).body.chat_id;
  });
  afterAll(() => t.close());

  const newRole = async (name: string) => {
    const res = await t.sdk.bitable.appRole.create({ path: { app_token: f.appToken }, data: { role_name: name, table_roles: [] } });
    return res.data!.role!.role_id!;
  };
  const members = (roleId: string) => `/open-apis/bitable/v1/apps/${f.appToken}/roles/${roleId}/members`;
  const listAll = async (roleId: string) => {
    const items = [];
    for await (const page of await t.sdk.bitable.appRoleMember.listWithIterator({ path: { app_token: f.appToken, role_id: roleId }, params: { page_size: 2 } })) items.push(...(page?.items ?? []));
    return items;
  };

  it('answers 1254301 on every member API while advanced permissions are off', async () => {
    const plain = await roleFixture(t, { advanced: false });
    const base = `/open-apis/bitable/v1/apps/${plain.appToken}/roles/rolAbCdEfG/members`;
    const member_list = [{ type: 'open_id', id: ann.open_id }];
    const attempts = await Promise.all([
      t.call('GET', base),
      t.call('POST', base, { body: { member_id: ann.open_id } }),
      t.call('POST', `${base}/batch_create`, { body: { member_list } }),
      t.call('POST', `${base}/batch_delete`, { body: { member_list } }),
      t.call('DELETE', `${base}/${ann.open_id}`),
    ]);
    for (const res of attempts) expect([res.status, res.body.code]).toEqual([400, 1254301]);
  });

  it('adds members by every user id type and by chat, and lists them in the seed A47 shape', async () => {
    const roleId = await newRole('editors');
    const add = (member_id: string, member_id_type: 'open_id' | 'union_id' | 'user_id' | 'chat_id') =>
      t.sdk.bitable.appRoleMember.create({ path: { app_token: f.appToken, role_id: roleId }, params: { member_id_type }, data: { member_id } });
    expect((await add(ann.open_id, 'open_id')).code).toBe(0);
    expect((await add(bob.union_id, 'union_id')).code).toBe(0);
    expect((await add(cat.user_id, 'user_id')).code).toBe(0);
    expect((await add(chatId, 'chat_id')).code).toBe(0);
    // Adding someone again keeps one entry.
    expect((await add(ann.user_id, 'user_id')).code).toBe(0);

    const first = await t.sdk.bitable.appRoleMember.list({ path: { app_token: f.appToken, role_id: roleId }, params: { page_size: 3 } });
    expect(first.data).toMatchObject({ total: 4, has_more: true });
    expect(await listAll(roleId)).toEqual([
      { member_type: 'user', member_name: 'Ann', member_en_name: 'Ann (en)', open_id: ann.open_id, union_id: ann.union_id, user_id: ann.user_id },
      { member_type: 'user', member_name: 'Bob', member_en_name: 'Bob (en)', open_id: bob.open_id, union_id: bob.union_id, user_id: bob.user_id },
      { member_type: 'user', member_name: 'Cat', member_en_name: 'Cat (en)', open_id: cat.open_id, union_id: cat.union_id, user_id: cat.user_id },
      { member_type: 'chat', member_name: 'design-chat', member_en_name: 'design-chat', chat_id: chatId },
    ]);

    const tooBig = await t.call('GET', members(roleId), { query: { page_size: '101' } });
    expect([tooBig.status, tooBig.body.code]).toEqual([400, 99992402]);
  });

  it('deletes a member by the id type given', async () => {
    const roleId = await newRole('deleters');
    await t.sdk.bitable.appRoleMember.batchCreate({
      path: { app_token: f.appToken, role_id: roleId },
      data: { member_list: [{ type: 'open_id', id: ann.open_id }, { type: 'user_id', id: bob.user_id }, { type: 'chat_id', id: chatId }] },
    });
    const del = (member_id: string, member_id_type: 'open_id' | 'union_id' | 'chat_id') =>
      t.sdk.bitable.appRoleMember.delete({ path: { app_token: f.appToken, role_id: roleId, member_id }, params: { member_id_type } });
    expect((await del(bob.union_id, 'union_id')).code).toBe(0);
    expect((await del(chatId, 'chat_id')).code).toBe(0);
    expect((await listAll(roleId)).map((m) => m.open_id)).toEqual([ann.open_id]);

    const again = await t.call('DELETE', `${members(roleId)}/${chatId}`, { query: { member_id_type: 'chat_id' } });
    expect([again.status, again.body.code]).toEqual([404, 1254048]);
    const notMember = await t.call('DELETE', `${members(roleId)}/${cat.open_id}`);
    expect([notMember.status, notMember.body.code]).toEqual([404, 1254048]);
    expect((await del(ann.open_id, 'open_id')).code).toBe(0);
    expect(await listAll(roleId)).toEqual([]);
  });

  it('batch creates and batch deletes, all or nothing', async () => {
    const roleId = await newRole('batchers');
    const path = { app_token: f.appToken, role_id: roleId };
    const created = await t.sdk.bitable.appRoleMember.batchCreate({ path, data: { member_list: [{ id: ann.open_id }, { type: 'union_id', id: bob.union_id }] } });
    expect(created).toMatchObject({ code: 0, data: {} });

    const unknownUser = await t.call('POST', `${members(roleId)}/batch_create`, { body: { member_list: [{ type: 'open_id', id: cat.open_id }, { type: 'open_id', id: 'ou_00000000000000000000000000000000' }] } });
    expect([unknownUser.status, unknownUser.body.code]).toEqual([400, 1254048]);
    const notMember = await t.call('POST', `${members(roleId)}/batch_delete`, { body: { member_list: [{ id: ann.open_id }, { id: cat.open_id }] } });
    expect([notMember.status, notMember.body.code]).toEqual([400, 1254048]);
    expect((await listAll(roleId)).map((m) => m.member_name)).toEqual(['Ann', 'Bob']);

    const deleted = await t.sdk.bitable.appRoleMember.batchDelete({ path, data: { member_list: [{ type: 'user_id', id: ann.user_id }, { id: bob.open_id }] } });
    expect(deleted).toMatchObject({ code: 0, data: {} });
    expect(await listAll(roleId)).toEqual([]);
  });

  it('refuses unknown members, roles and id types with the documented codes', async () => {
    const roleId = await newRole('refusals');
    const cases: [string, Promise<{ status: number; body: any }>, number, number][] = [
      ['unknown open_id', t.call('POST', members(roleId), { body: { member_id: 'ou_00000000000000000000000000000000' } }), 404, 1254048],
      ['unknown union_id', t.call('POST', members(roleId), { body: { member_id: 'on_nobody' }, query: { member_id_type: 'union_id' } }), 404, 1254048],
      ['an open_id given as user_id', t.call('POST', members(roleId), { body: { member_id: ann.open_id }, query: { member_id_type: 'user_id' } }), 404, 1254048],
      ['unknown chat', t.call('POST', members(roleId), { body: { member_id: 'oc_nochat' }, query: { member_id_type: 'chat_id' } }), 404, 1254048],
      ['a department (none exist here)', t.call('POST', members(roleId), { body: { member_id: 'od-123' }, query: { member_id_type: 'open_department_id' } }), 404, 1254048],
      ['unknown id type', t.call('POST', members(roleId), { body: { member_id: ann.open_id }, query: { member_id_type: 'email' } }), 400, 99992402],
      ['missing member_id', t.call('POST', members(roleId), { body: {} }), 400, 99992402],
      ['unknown role (list)', t.call('GET', members('rolNoSuchR')), 404, 1254047],
      ['unknown role (create)', t.call('POST', members('rolNoSuchR'), { body: { member_id: ann.open_id } }), 404, 1254047],
      ['unknown role (batch)', t.call('POST', `${members('rolNoSuchR')}/batch_create`, { body: { member_list: [{ id: ann.open_id }] } }), 404, 1254047],
      ['unknown base (batch)', t.call('POST', `/open-apis/bitable/v1/apps/bascnNoSuchBase/roles/${roleId}/members/batch_delete`, { body: { member_list: [{ id: ann.open_id }] } }), 404, 1254040],
      ['unknown base (single)', t.call('GET', `/open-apis/bitable/v1/apps/bascnNoSuchBase/roles/${roleId}/members`), 200, 1254040],
      ['empty member_list', t.call('POST', `${members(roleId)}/batch_create`, { body: { member_list: [] } }), 400, 99992402],
      ['unknown type in a batch', t.call('POST', `${members(roleId)}/batch_create`, { body: { member_list: [{ type: 'email', id: 'a@b.c' }] } }), 400, 99992402],
      ['101 members in a batch', t.call('POST', `${members(roleId)}/batch_create`, { body: { member_list: Array.from({ length: 101 }, () => ({ id: ann.open_id })) } }), 400, 99992402],
      ['101 members in a batch delete', t.call('POST', `${members(roleId)}/batch_delete`, { body: { member_list: Array.from({ length: 101 }, () => ({ id: ann.open_id })) } }), 400, 99992402],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect([what, res.status, res.body.code]).toEqual([what, status, code]);
    }
    expect(f.app.roles[roleId].members).toEqual({});
  });

  it('holds at most 200 members a role (1254111)', async () => {
    const roleId = await newRole('crowd');
    const users = (await Promise.all(Array.from({ length: 201 }, (_, i) => newUser(t, `u${i}`)))).map((u) => u.open_id);
    for (let i = 0; i < 200; i += 100) {
      const res = await t.call('POST', `${members(roleId)}/batch_create`, { body: { member_list: users.slice(i, i + 100).map((id) => ({ id })) } });
      expect(res.body.code).toBe(0);
    }
    const full = await t.call('POST', members(roleId), { body: { member_id: users[200] } });
    expect([full.status, full.body.code]).toEqual([400, 1254111]);
    // Re-adding a member already there does not count against the limit.
    expect((await t.call('POST', members(roleId), { body: { member_id: users[0] } })).body.code).toBe(0);
    expect((await t.sdk.bitable.appRoleMember.list({ path: { app_token: f.appToken, role_id: roleId } })).data).toMatchObject({ total: 200, has_more: true });
  });

  it('removes a role together with its members', async () => {
    const roleId = await newRole('short-lived');
    await t.sdk.bitable.appRoleMember.create({ path: { app_token: f.appToken, role_id: roleId }, data: { member_id: ann.open_id } });
    await t.sdk.bitable.appRole.delete({ path: { app_token: f.appToken, role_id: roleId } });
    const res = await t.call('GET', members(roleId));
    expect([res.status, res.body.code]).toEqual([404, 1254047]);
  });
});
