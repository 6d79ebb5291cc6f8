import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertTableAccess } from '../../src/emulator/bitable/permissions.js';
import { ApiError } from '../../src/emulator/errors.js';
import type { Identity } from '../../src/emulator/router.js';
import { roleFixture, type RoleFixture } from '../helpers/advancedBase.js';
import { newUser, startTestEmulator, type TestEmulator, type TestUser as User } from '../helpers/emulator.js';

describe('assertTableAccess', () => {
  let t: TestEmulator;
  let f: RoleFixture;
  let reader: User; // in the "readers" role directly
  let viaChat: User; // in the "editors" role through a chat
  let both: User; // in both roles
  let outsider: User; // in no role
  beforeAll(async () => {
    t = await startTestEmulator();
    f = await roleFixture(t, { advanced: true });
    [reader, viaChat, both, outsider] = await Promise.all(['Reader', 'ViaChat', 'Both', 'Outsider'].map((n) => newUser(t, n)));
    const [t1, t2, t3] = f.tables;
    const path = { app_token: f.appToken };
    const readers = await t.sdk.bitable.appRole.create({
      path,
      data: { role_name: 'readers', table_roles: [{ table_id: t1.table_id, table_perm: 1 }, { table_id: t2.table_id, table_perm: 0 }] },
    });
    const editors = await t.sdk.bitable.appRole.create({
      path,
      data: { role_name: 'editors', table_roles: [{ table_id: t1.table_id, table_perm: 2 }, { table_id: t3.table_id, table_perm: 4 }] },
    });
    const chatId = (await t.admin('POST', '/chats', { name: 'editors chat', members: [viaChat.open_id, both.open_id] })).body.chat_id;
    await t.sdk.bitable.appRoleMember.batchCreate({
      path: { ...path, role_id: readers.data!.role!.role_id! },
      data: { member_list: [{ id: reader.open_id }, { type: 'user_id', id: both.user_id }] },
    });
    await t.sdk.bitable.appRoleMember.create({ path: { ...path, role_id: editors.data!.role!.role_id! }, params: { member_id_type: 'chat_id' }, data: { member_id: chatId } });
  });
  afterAll(() => t.close());

  const as = (u: User): Identity => ({ kind: 'user', user: t.emu.rt.state.users[u.open_id] });
  const outcome = (identity: Identity, table: number, need: 'read' | 'write') => {
    try {
      assertTableAccess(t.emu.rt, f.app, f.tables[table].table_id, identity, need);
      return 'ok';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return `${e.httpStatus} ${e.code} ${e.message}`;
    }
  };
  const denied = '403 1254302 Permission denied.';

  it('lets the app (tenant token) do anything', () => {
    for (const table of [0, 1, 2, 3]) expect(outcome({ kind: 'tenant' }, table, 'write')).toBe('ok');
  });

  it('lets a user in no role do anything, as a document collaborator', () => {
    for (const table of [0, 1, 2, 3]) expect(outcome(as(outsider), table, 'write')).toBe('ok');
  });

  it("applies a direct member's table_perm; a table the role does not name is no access", () => {
    expect(outcome(as(reader), 0, 'read')).toBe('ok');
    expect(outcome(as(reader), 0, 'write')).toBe(denied);
    expect(outcome(as(reader), 1, 'read')).toBe(denied); // table_perm 0
    expect(outcome(as(reader), 2, 'read')).toBe(denied); // not named
  });

  it('applies the role of a chat the user is in', () => {
    expect(outcome(as(viaChat), 0, 'write')).toBe('ok'); // 2: edit records
    expect(outcome(as(viaChat), 2, 'write')).toBe('ok'); // 4: edit fields and records
    expect(outcome(as(viaChat), 1, 'read')).toBe(denied);
    expect(outcome(as(viaChat), 3, 'read')).toBe(denied);
  });

  it('gives a user in several roles the best table_perm of them', () => {
    expect(outcome(as(both), 0, 'write')).toBe('ok'); // readers 1, editors 2
    expect(outcome(as(both), 2, 'write')).toBe('ok'); // editors only
    expect(outcome(as(both), 1, 'read')).toBe(denied); // readers 0, editors silent
  });

  it('restricts nobody while advanced permissions are off', async () => {
    await t.sdk.bitable.app.update({ path: { app_token: f.appToken }, data: { is_advanced: false } });
    try {
      expect(outcome(as(reader), 1, 'write')).toBe('ok');
    } finally {
      await t.sdk.bitable.app.update({ path: { app_token: f.appToken }, data: { is_advanced: true } });
    }
    expect(outcome(as(reader), 1, 'write')).toBe(denied);
  });

  it('follows membership changes made through the API', async () => {
    const roleId = Object.values(f.app.roles).find((r) => r.role_name === 'readers')!.role_id;
    const later = await newUser(t, 'Later');
    expect(outcome(as(later), 1, 'read')).toBe('ok');
    await t.sdk.bitable.appRoleMember.create({ path: { app_token: f.appToken, role_id: roleId }, data: { member_id: later.open_id } });
    expect(outcome(as(later), 1, 'read')).toBe(denied);
    await t.sdk.bitable.appRoleMember.delete({ path: { app_token: f.appToken, role_id: roleId, member_id: later.open_id } });
    expect(outcome(as(later), 1, 'read')).toBe('ok');
  });

  it('keeps role members out of the role APIs, while other users manage them', async () => {
    const url = `/open-apis/bitable/v1/apps/${f.appToken}/roles`;
    const refused = await t.call('GET', url, { token: reader.user_access_token });
    expect([refused.status, refused.body.code]).toEqual([403, 1254302]);
    const viaChatRefused = await t.call('POST', url, { token: viaChat.user_access_token, body: { role_name: 'mine', table_roles: [] } });
    expect([viaChatRefused.status, viaChatRefused.body.code]).toEqual([403, 1254302]);
    const allowed = await t.call('GET', url, { token: outsider.user_access_token });
    expect(allowed.body.code).toBe(0);
    expect(allowed.body.data.items.map((r: { role_name: string }) => r.role_name)).toEqual(['readers', 'editors']);
  });
});
