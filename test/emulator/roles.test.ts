import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleFixture, seedRoleBody, type RoleFixture } from '../helpers/advancedBase.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const roles = (appToken: string) => `/open-apis/bitable/v1/apps/${appToken}/roles`;

// One emulator for the file; each describe works on bases of its own.
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

describe('bitable custom roles', () => {
  let f: RoleFixture;
  beforeAll(async () => {
    f = await roleFixture(t, { advanced: true });
  });

  /** A fresh advanced base per test that counts or deletes roles. */
  const freshBase = () => roleFixture(t, { advanced: true });

  it('answers 1254301 on every role API until advanced permissions are switched on', async () => {
    const plain = await roleFixture(t, { advanced: false });
    const attempts = [
      t.call('GET', roles(plain.appToken)),
      t.call('POST', roles(plain.appToken), { body: seedRoleBody(plain) }),
      t.call('PUT', `${roles(plain.appToken)}/rolAbCdEfG`, { body: seedRoleBody(plain) }),
      t.call('DELETE', `${roles(plain.appToken)}/rolAbCdEfG`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 1254301, msg: 'OperationTypeError' });
    }
    expect(plain.app.roles).toEqual({});

    await t.sdk.bitable.app.update({ path: { app_token: plain.appToken }, data: { is_advanced: true } });
    const listed = await t.sdk.bitable.appRole.list({ path: { app_token: plain.appToken } });
    expect(listed).toMatchObject({ code: 0, data: { items: [], has_more: false, total: 0 } });

    // Switching off again closes the door without losing what was set.
    await t.sdk.bitable.appRole.create({ path: { app_token: plain.appToken }, data: seedRoleBody(plain) });
    await t.sdk.bitable.app.update({ path: { app_token: plain.appToken }, data: { is_advanced: false } });
    expect((await t.call('GET', roles(plain.appToken))).body.code).toBe(1254301);
    expect(Object.keys(plain.app.roles)).toHaveLength(1);
  });

  it('creates a role with the seed A42 body and answers the seed A41 shape', async () => {
    const res = await t.sdk.bitable.appRole.create({ path: { app_token: f.appToken }, data: seedRoleBody(f, 'creator') });
    expect(res.code).toBe(0);
    const role = res.data!.role!;
    expect(role.role_id).toMatch(/^rol[A-Za-z0-9]{7}$/);
    const [t1, t2, t3, t4] = f.tables;
    expect(role).toEqual({
      role_id: role.role_id,
      role_name: 'creator',
      table_roles: [
        {
          table_name: 'table1',
          table_id: t1.table_id,
          table_perm: 2,
          allow_add_record: false,
          allow_delete_record: true,
          rec_rule: {
            conjunction: 'or',
            conditions: [
              { field_name: '单选', field_type: 3, operator: 'is', value: [f.single[0]] },
              { field_name: '人员', field_type: 11, operator: 'contains', value: null },
              { field_name: '', field_type: 1003, operator: 'contains', value: null },
            ],
            other_perm: 0,
          },
          field_perm: { 年龄: 2, 单选: 1 },
        },
        {
          table_name: 'table2',
          table_id: t2.table_id,
          table_perm: 1,
          rec_rule: {
            conjunction: 'and',
            conditions: [
              { field_name: '人员', field_type: 11, operator: 'contains', value: null },
              { field_name: '多选', field_type: 4, operator: 'is', value: f.multi },
            ],
            other_perm: 0,
          },
        },
        { table_name: 'table3', table_id: t3.table_id, table_perm: 0 },
        { table_name: 'table4', table_id: t4.table_id, table_perm: 4 },
      ],
      block_roles: [
        { block_id: f.blocks[0], block_type: 'dashboard', block_perm: 0 },
        { block_id: f.blocks[1], block_type: 'dashboard', block_perm: 1 },
      ],
    });
  });

  it('resolves tables by name, applies the documented defaults and drops settings meaningless for the table_perm', async () => {
    const base = await freshBase();
    const res = await t.sdk.bitable.appRole.create({
      path: { app_token: base.appToken },
      data: {
        role_name: 'defaults',
        table_roles: [
          { table_name: 'table1', table_perm: 2 },
          { table_name: 'table2', table_perm: 1, field_perm: { 多选: 2 }, allow_add_record: false, rec_rule: { conditions: [{ field_name: '多选', operator: 'isEmpty' }], other_perm: 1 } },
          { table_name: 'table3', table_perm: 4, rec_rule: { conditions: [{ field_name: '' }] } },
        ],
      },
    });
    expect(res.data!.role!.table_roles).toEqual([
      { table_name: 'table1', table_id: base.tables[0].table_id, table_perm: 2, allow_add_record: true, allow_delete_record: true },
      {
        table_name: 'table2',
        table_id: base.tables[1].table_id,
        table_perm: 1,
        rec_rule: { conjunction: 'and', conditions: [{ field_name: '多选', field_type: 4, operator: 'isEmpty', value: null }], other_perm: 0 },
      },
      { table_name: 'table3', table_id: base.tables[2].table_id, table_perm: 4 },
    ]);
    expect(res.data!.role!.block_roles).toEqual([]);
  });

  it('lists roles through list and listWithIterator, page_size at most 30', async () => {
    const base = await freshBase();
    for (const name of ['r1', 'r2', 'r3']) await t.sdk.bitable.appRole.create({ path: { app_token: base.appToken }, data: { role_name: name, table_roles: [] } });

    const first = await t.sdk.bitable.appRole.list({ path: { app_token: base.appToken }, params: { page_size: 2 } });
    expect(first.data).toMatchObject({ has_more: true, total: 3 });
    expect(first.data!.items!.map((r) => r.role_name)).toEqual(['r1', 'r2']);
    const second = await t.sdk.bitable.appRole.list({ path: { app_token: base.appToken }, params: { page_size: 2, page_token: first.data!.page_token } });
    expect(second.data).toMatchObject({ has_more: false, page_token: '', total: 3 });
    expect(second.data!.items!.map((r) => r.role_name)).toEqual(['r3']);

    const names: string[] = [];
    for await (const page of await t.sdk.bitable.appRole.listWithIterator({ path: { app_token: base.appToken }, params: { page_size: 1 } })) {
      names.push(...(page?.items ?? []).map((r) => r.role_name));
    }
    expect(names).toEqual(['r1', 'r2', 'r3']);

    const tooBig = await t.call('GET', roles(base.appToken), { query: { page_size: '31' } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe(99992402);
    expect((await t.call('GET', roles(base.appToken), { query: { page_size: '30' } })).body.data.items).toHaveLength(3);
  });

  it('updates a role as a full replacement and keeps its members', async () => {
    const base = await freshBase();
    const created = await t.sdk.bitable.appRole.create({ path: { app_token: base.appToken }, data: seedRoleBody(base, 'before') });
    const roleId = created.data!.role!.role_id!;
    base.app.roles[roleId].members.ou_keepme = { member_type: 'user', id: 'ou_keepme', member_name: 'Keep', member_en_name: 'Keep' };

    const updated = await t.sdk.bitable.appRole.update({
      path: { app_token: base.appToken, role_id: roleId },
      data: { role_name: 'after', table_roles: [{ table_id: base.tables[3].table_id, table_perm: 1 }] },
    });
    expect(updated.code).toBe(0);
    expect(updated.data!.role).toEqual({
      role_id: roleId,
      role_name: 'after',
      table_roles: [{ table_name: 'table4', table_id: base.tables[3].table_id, table_perm: 1 }],
      block_roles: [],
    });
    const listed = await t.sdk.bitable.appRole.list({ path: { app_token: base.appToken } });
    expect(listed.data!.items).toEqual([updated.data!.role]);
    expect(Object.keys(base.app.roles[roleId].members)).toEqual(['ou_keepme']);

    // Its own name is not a duplicate.
    const same = await t.sdk.bitable.appRole.update({ path: { app_token: base.appToken, role_id: roleId }, data: { role_name: 'after', table_roles: [] } });
    expect(same.code).toBe(0);
  });

  it('follows table renames and forgets deleted tables and fields', async () => {
    const base = await freshBase();
    const created = await t.sdk.bitable.appRole.create({ path: { app_token: base.appToken }, data: seedRoleBody(base) });
    base.tables[0].name = 'renamed';
    delete base.tables[0].fields[Object.values(base.tables[0].fields).find((x) => x.field_name === '年龄')!.field_id];
    delete base.app.tables[base.tables[2].table_id];
    delete base.app.dashboards[base.blocks[0]];
    const [role] = (await t.sdk.bitable.appRole.list({ path: { app_token: base.appToken } })).data!.items!;
    expect(role.role_id).toBe(created.data!.role!.role_id);
    expect(role.table_roles.map((r) => r.table_name)).toEqual(['renamed', 'table2', 'table4']);
    expect(role.table_roles[0].field_perm).toEqual({ 单选: 1 });
    expect(role.block_roles).toEqual([{ block_id: base.blocks[1], block_type: 'dashboard', block_perm: 1 }]);
  });

  it('deletes a role; an unknown role is 1254047 with HTTP 404', async () => {
    const base = await freshBase();
    const created = await t.sdk.bitable.appRole.create({ path: { app_token: base.appToken }, data: { role_name: 'gone', table_roles: [] } });
    const roleId = created.data!.role!.role_id!;
    const deleted = await t.sdk.bitable.appRole.delete({ path: { app_token: base.appToken, role_id: roleId } });
    expect(deleted).toMatchObject({ code: 0, data: {} });
    expect((await t.sdk.bitable.appRole.list({ path: { app_token: base.appToken } })).data!.total).toBe(0);

    for (const res of [
      await t.call('DELETE', `${roles(base.appToken)}/${roleId}`),
      await t.call('PUT', `${roles(base.appToken)}/${roleId}`, { body: { role_name: 'x', table_roles: [] } }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(1254047);
    }
  });

  it('answers an unknown base with 1254040', async () => {
    const res = await t.call('GET', roles('bascnNoSuchBase'));
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(1254040);
  });

  it('refuses empty and duplicate role names and a 31st role', async () => {
    const base = await freshBase();
    const empty = await t.call('POST', roles(base.appToken), { body: { role_name: '  ', table_roles: [] } });
    expect([empty.status, empty.body.code]).toEqual([400, 1254032]);
    const missing = await t.call('POST', roles(base.appToken), { body: { table_roles: [] } });
    expect([missing.status, missing.body.code]).toEqual([400, 1254032]);

    for (let i = 1; i <= 30; i++) {
      const res = await t.call('POST', roles(base.appToken), { body: { role_name: `role ${i}`, table_roles: [] } });
      expect(res.body.code).toBe(0);
    }
    const duplicate = await t.call('POST', roles(base.appToken), { body: { role_name: 'role 7', table_roles: [] } });
    expect([duplicate.status, duplicate.body.code]).toEqual([400, 1254033]);
    const thirtyFirst = await t.call('POST', roles(base.appToken), { body: { role_name: 'role 31', table_roles: [] } });
    expect([thirtyFirst.status, thirtyFirst.body.code]).toEqual([400, 1254110]);
    expect(Object.keys(base.app.roles)).toHaveLength(30);

    const [a, b] = Object.keys(base.app.roles);
    const renameClash = await t.call('PUT', `${roles(base.appToken)}/${a}`, { body: { role_name: base.app.roles[b].role_name, table_roles: [] } });
    expect([renameClash.status, renameClash.body.code]).toEqual([400, 1254033]);
  });
});

describe('bitable custom role validation', () => {
  let f: RoleFixture;
  beforeAll(async () => {
    f = await roleFixture(t, { advanced: true });
  });

  const tableRole = (extra: Record<string, unknown>) => ({ role_name: 'invalid', table_roles: [{ table_id: f.tables[0].table_id, table_perm: 2, ...extra }] });
  let n = 0;
  /** Each attempt gets its own name, so one wrongly accepted role cannot fail the next case as a duplicate. */
  const create = async (body: Record<string, unknown>) => {
    const before = Object.keys(f.app.roles).length;
    const res = await t.call('POST', roles(f.appToken), { body: { ...body, role_name: `invalid ${++n}` } });
    expect(Object.keys(f.app.roles)).toHaveLength(before);
    return res;
  };

  it.each([
    ['table_roles is missing', () => ({ role_name: 'invalid' })],
    ['table_perm is not 0, 1, 2 or 4', () => tableRole({ table_perm: 3 })],
    ['table_perm is missing', () => ({ role_name: 'invalid', table_roles: [{ table_id: f.tables[0].table_id }] })],
    ['a table role names no table', () => ({ role_name: 'invalid', table_roles: [{ table_perm: 1 }] })],
    ['block_perm is not 0 or 1', () => ({ role_name: 'invalid', table_roles: [], block_roles: [{ block_id: f.blocks[0], block_perm: 2 }] })],
    ['a field_perm value is not 1 or 2', () => tableRole({ field_perm: { 年龄: 4 } })],
    ['allow_add_record is not a boolean', () => tableRole({ allow_add_record: 'yes' })],
    ['the conjunction is unknown', () => tableRole({ rec_rule: { conditions: [{ field_name: '人员' }], conjunction: 'xor' } })],
    ['other_perm is not 0 or 1', () => tableRole({ rec_rule: { conditions: [{ field_name: '人员' }], other_perm: 2 } })],
    ['the operator is unknown', () => tableRole({ rec_rule: { conditions: [{ field_name: '单选', operator: 'isGreater', value: [f.single[0]] }] } })],
    ['rec_rule has no conditions', () => tableRole({ rec_rule: { conjunction: 'and' } })],
    ['a select condition has no value', () => tableRole({ rec_rule: { conditions: [{ field_name: '单选', operator: 'is' }] } })],
    ['over 100 table roles', () => ({ role_name: 'invalid', table_roles: Array.from({ length: 101 }, () => ({ table_id: f.tables[0].table_id, table_perm: 0 })) })],
  ])('answers 99992402 (HTTP 400) when %s', async (_, body) => {
    const res = await create(body());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(99992402);
  });

  it.each([
    ['the table is not in the base', () => ({ role_name: 'invalid', table_roles: [{ table_id: 'tblNoSuchTable00', table_perm: 1 }] })],
    ['the table name is not in the base', () => ({ role_name: 'invalid', table_roles: [{ table_name: 'nope', table_perm: 1 }] })],
    ['a table appears twice', () => ({ role_name: 'invalid', table_roles: [{ table_id: f.tables[0].table_id, table_perm: 1 }, { table_name: 'table1', table_perm: 2 }] })],
    ['the block is not in the base', () => ({ role_name: 'invalid', table_roles: [], block_roles: [{ block_id: 'blkNoSuchBlock000', block_perm: 1 }] })],
    ['a field_perm field is not in the table', () => tableRole({ field_perm: { 体重: 1 } })],
    ['a condition field is not in the table', () => tableRole({ rec_rule: { conditions: [{ field_name: '多选', value: ['x'] }] } })],
    ['a condition value is not an option of the field', () => tableRole({ rec_rule: { conditions: [{ field_name: '单选', value: ['optNoSuch00'] }] } })],
    ['a condition field is neither select nor person', () => tableRole({ rec_rule: { conditions: [{ field_name: '年龄', value: ['1'] }] } })],
  ])('answers 1254001 WrongRequestBody when %s', async (_, body) => {
    const res = await create(body());
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(1254001);
  });

  it('changes nothing when a role is refused, on create and on update', async () => {
    const ok = await t.call('POST', roles(f.appToken), { body: { role_name: 'kept', table_roles: [{ table_id: f.tables[0].table_id, table_perm: 1 }] } });
    const roleId = ok.body.data.role.role_id;
    const before = structuredClone(f.app.roles[roleId]);
    const bad = await t.call('PUT', `${roles(f.appToken)}/${roleId}`, { body: { role_name: 'changed', table_roles: [{ table_id: f.tables[0].table_id, table_perm: 9 }] } });
    expect(bad.body.code).toBe(99992402);
    expect(f.app.roles[roleId]).toEqual(before);
  });
});
