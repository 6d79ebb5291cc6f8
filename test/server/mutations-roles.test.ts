import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, TASKS, TEAM, startDemoStack, writesIn, type DemoStack, dryThenRealDocument, ok as okOf } from './bitable.js';

/** createRole, updateRole, deleteRole over real HTTP, the demo base (advanced, two roles) as upstream. */

let s: DemoStack;
let blocks: string[];
beforeAll(async () => {
  s = await startDemoStack();
  // Back-to-back writes: no hold after each (a retried conflict would add a call to the log a dry run is compared with).
  await s.emulatorConfig({ writeLockMs: 0 });
  const d = await ok(`{ app(appToken: "${BASE}") { dashboards(first: 10) { edges { node { blockId } } } } }`);
  blocks = d.app.dashboards.edges.map((e: any) => e.node.blockId);
});
afterAll(() => s.close());

/** A tenant token straight from the emulator, to make a plain base without the gateway. */
async function tenantToken(): Promise<string> {
  const res = await fetch(`${s.emu.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: s.emu.rt.appId, app_secret: s.emu.rt.appSecret }) });
  return ((await res.json()) as any).tenant_access_token;
}

const ok = (query: string, variables?: Record<string, unknown>) => okOf(s, query, variables);

const dryThenReal = (mutation: string, input: Record<string, unknown>) => dryThenRealDocument(s, mutation, input);

async function refused(mutation: string, input: Record<string, unknown>, argumentPath: string | RegExp) {
  await s.clearLog();
  const r = await s.gql(mutation, { input });
  expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
  if (typeof argumentPath === 'string') expect(r.errors[0].extensions.argumentPath).toBe(argumentPath);
  else expect(r.errors[0].extensions.argumentPath).toMatch(argumentPath);
  expect(writesIn(await s.log())).toEqual([]);
}

const PLANNED = 'plannedCalls { endpoint method path query body }';
const ROLE = 'roleId name tableRoles { tableId tableName tablePerm recRule fieldPerm allowAddRecord allowDeleteRecord } blockRoles { blockId blockPerm }';
const CREATE = `mutation($input: CreateRoleInput!) { createRole(input: $input) { ${PLANNED} role { ${ROLE} } app { appToken } } }`;
const UPDATE = `mutation($input: UpdateRoleInput!) { updateRole(input: $input) { ${PLANNED} role { ${ROLE} } app { appToken } } }`;
const DELETE = `mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { ${PLANNED} deletedRoleId app { appToken } } }`;
const roles = async () => (await ok(`{ app(appToken: "${BASE}") { roles(first: 30) { edges { node { ${ROLE} members(first: 10) { totalCount } } } } } }`)).app.roles.edges.map((e: any) => e.node);
const roleNamed = async (name: string) => (await roles()).find((r: any) => r.name === name);

const ROLES_PATH = `/open-apis/bitable/v1/apps/${BASE}/roles`;

describe('createRole', () => {
  it('plans, then creates a role from typed input; it reads back', async () => {
    const input = {
      appToken: BASE,
      roleName: 'Editors (EMEA)',
      tableRoles: [
        { tableId: LAUNCHES, tablePerm: 'EDIT', allowAddRecord: false, fieldPerm: { Budget: 1, Status: 2 } },
        { tableName: 'Tasks', tablePerm: 'READ', recRule: { conjunction: 'and', conditions: [{ field_name: 'Assignee' }] } },
        { tableId: TEAM, tablePerm: 'NONE' },
      ],
      blockRoles: [{ blockId: blocks[0], blockPerm: 'READ' }],
    };
    const { dry, real } = await dryThenReal(CREATE, input);
    expect(dry.role).toBeNull();
    expect(dry.plannedCalls).toEqual([
      {
        endpoint: 'bitable.createRole',
        method: 'POST',
        path: ROLES_PATH,
        query: {},
        body: {
          role_name: 'Editors (EMEA)',
          table_roles: [
            { table_id: LAUNCHES, table_perm: 2, allow_add_record: false, field_perm: { Budget: 1, Status: 2 } },
            { table_name: 'Tasks', table_perm: 1, rec_rule: { conjunction: 'and', conditions: [{ field_name: 'Assignee' }] } },
            { table_id: TEAM, table_perm: 0 },
          ],
          block_roles: [{ block_id: blocks[0], block_perm: 1 }],
        },
      },
    ]);
    expect(real.app).toEqual({ appToken: BASE });
    expect(real.role.name).toBe('Editors (EMEA)');
    const back = await roleNamed('Editors (EMEA)');
    expect(back.roleId).toBe(real.role.roleId);
    const byTable = Object.fromEntries(back.tableRoles.map((t: any) => [t.tableId, t]));
    expect(byTable[LAUNCHES]).toMatchObject({ tablePerm: 'EDIT', allowAddRecord: false, allowDeleteRecord: true, fieldPerm: { Budget: 1, Status: 2 } });
    expect(byTable[TASKS]).toMatchObject({ tableName: 'Tasks', tablePerm: 'READ', recRule: { conjunction: 'and', conditions: [{ field_name: 'Assignee' }] } });
    expect(byTable[TEAM]).toMatchObject({ tablePerm: 'NONE' });
    expect(back.blockRoles).toEqual([{ blockId: blocks[0], blockPerm: 'READ' }]);
    expect(back.members.totalCount).toBe(0);
  });

  it('takes Feishu\'s body as JSON (raw)', async () => {
    const raw = { role_name: 'Raw readers', table_roles: [{ table_id: TASKS, table_perm: 1 }], block_roles: [{ block_id: blocks[1], block_perm: 0 }] };
    const { dry } = await dryThenReal(CREATE, { appToken: BASE, raw });
    expect(dry.plannedCalls[0].body).toEqual(raw);
    const back = await roleNamed('Raw readers');
    expect(back.tableRoles).toMatchObject([{ tableId: TASKS, tablePerm: 'READ' }]);
    expect(back.blockRoles).toEqual([{ blockId: blocks[1], blockPerm: 'NONE' }]);
  });

  it('refuses bad permissions before any call, naming the argument', async () => {
    const base = { appToken: BASE, roleName: 'Bad' };
    await refused(CREATE, { ...base, tableRoles: [{ tableId: LAUNCHES, tablePerm: 'EDIT', fieldPerm: { Budget: 3 } }] }, 'input.tableRoles.0.fieldPerm.Budget');
    await refused(CREATE, { ...base, tableRoles: [{ tableId: TASKS, tablePerm: 'READ', recRule: { conjunction: 'xor', conditions: [] } }] }, 'input.tableRoles.0.recRule.conjunction');
    await refused(CREATE, { ...base, tableRoles: [{ tableId: TASKS, tablePerm: 'EDIT', recRule: { conditions: [{ field_name: 'Status', operator: 'like', value: ['x'] }] } }] }, 'input.tableRoles.0.recRule.conditions.0.operator');
    await refused(CREATE, { ...base, tableRoles: [{ tableId: TASKS, tablePerm: 'EDIT', recRule: { conditions: [], other_perm: 2 } }] }, 'input.tableRoles.0.recRule.other_perm');
    await refused(CREATE, { appToken: BASE, raw: { role_name: 'Bad', table_roles: [{ table_id: TASKS, table_perm: 3 }] } }, 'input.raw.table_roles.0.table_perm');
    await refused(CREATE, { appToken: BASE, raw: { role_name: 'Bad', table_roles: [], block_roles: [{ block_id: blocks[0], block_perm: 2 }] } }, 'input.raw.block_roles.0.block_perm');
  });

  it('refuses static mistakes through the input types', async () => {
    await refused(CREATE, { appToken: BASE, roleName: ' ', tableRoles: [] }, 'input.roleName');
    await refused(CREATE, { appToken: BASE, tableRoles: [] }, 'input.roleName');
    await refused(CREATE, { appToken: BASE, roleName: 'X', tableRoles: [{ tablePerm: 'READ' }] }, 'input.tableRoles.0.tableId');
    await refused(CREATE, { appToken: BASE, roleName: 'X', blockRoles: Array.from({ length: 101 }, () => ({ blockId: blocks[0], blockPerm: 'READ' })) }, 'input.blockRoles');
    await refused(CREATE, { appToken: BASE, raw: [1, 2] }, 'input.raw');
    const enumErr = await s.gql(CREATE, { input: { appToken: BASE, roleName: 'X', tableRoles: [{ tableId: TASKS, tablePerm: 'WRITE' }] } });
    expect(enumErr.errors[0].message).toMatch(/TablePermission/);
  });

  it('Feishu\'s refusals surface mapped (a duplicate name)', async () => {
    const r = await s.gql(CREATE, { input: { appToken: BASE, roleName: 'Marketing editors', tableRoles: [] } });
    expect(r.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', feishu: { code: 1254033 } });
  });
});

describe('updateRole', () => {
  let roleId: string;
  beforeAll(async () => {
    const d = await ok(CREATE, { input: { appToken: BASE, roleName: 'Reviewers', tableRoles: [{ tableId: TASKS, tablePerm: 'EDIT', allowDeleteRecord: false, recRule: { conditions: [{ field_name: 'Assignee' }], other_perm: 1 } }], blockRoles: [{ blockId: blocks[0], blockPerm: 'READ' }] } });
    roleId = d.createRole.role.roleId;
  });

  it('a rename alone keeps the permissions (the role is read and sent whole)', async () => {
    const { dry, real } = await dryThenReal(UPDATE, { appToken: BASE, roleId, roleName: 'Senior reviewers' });
    expect(dry.plannedCalls[0]).toMatchObject({ endpoint: 'bitable.updateRole', method: 'PUT', path: `${ROLES_PATH}/${roleId}` });
    expect(dry.plannedCalls[0].body).toEqual({
      role_name: 'Senior reviewers',
      table_roles: [{ table_id: TASKS, table_perm: 2, allow_add_record: true, allow_delete_record: false, rec_rule: { conjunction: 'and', conditions: [{ field_name: 'Assignee', operator: 'contains' }], other_perm: 1 } }],
      block_roles: [{ block_id: blocks[0], block_perm: 1 }],
    });
    expect(real.role).toMatchObject({ roleId, name: 'Senior reviewers' });
    const back = await roleNamed('Senior reviewers');
    expect(back.tableRoles).toMatchObject([{ tableId: TASKS, tablePerm: 'EDIT', allowDeleteRecord: false, recRule: { other_perm: 1 } }]);
    expect(back.blockRoles).toEqual([{ blockId: blocks[0], blockPerm: 'READ' }]);
  });

  it('a list given replaces the current one', async () => {
    await dryThenReal(UPDATE, { appToken: BASE, roleId, tableRoles: [{ tableId: LAUNCHES, tablePerm: 'MANAGE' }], blockRoles: [] });
    const back = await roleNamed('Senior reviewers');
    expect(back.tableRoles).toMatchObject([{ tableId: LAUNCHES, tablePerm: 'MANAGE' }]);
    expect(back.blockRoles).toEqual([]);
  });

  it('refuses bad permissions with no write, and an unknown role is NOT_FOUND', async () => {
    await refused(UPDATE, { appToken: BASE, roleId, tableRoles: [{ tableId: TASKS, tablePerm: 'EDIT', fieldPerm: { Status: 0 } }] }, 'input.tableRoles.0.fieldPerm.Status');
    await s.clearLog();
    const r = await s.gql(UPDATE, { input: { appToken: BASE, roleId: 'rolNoSuchRole', roleName: 'X' } });
    expect(r.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(writesIn(await s.log())).toEqual([]);
  });
});

describe('deleteRole', () => {
  it('plans, then deletes; the role is gone', async () => {
    const d = await ok(CREATE, { input: { appToken: BASE, roleName: 'Temporary', tableRoles: [] } });
    const roleId = d.createRole.role.roleId;
    const { dry, real } = await dryThenReal(DELETE, { appToken: BASE, roleId });
    expect(dry).toMatchObject({ deletedRoleId: null, plannedCalls: [{ endpoint: 'bitable.deleteRole', method: 'DELETE', path: `${ROLES_PATH}/${roleId}`, body: null }] });
    expect(real).toMatchObject({ deletedRoleId: roleId, app: { appToken: BASE } });
    expect(await roleNamed('Temporary')).toBeUndefined();
  });

  it('an unknown role id is Feishu\'s NOT_FOUND, mapped', async () => {
    const r = await s.gql(DELETE, { input: { appToken: BASE, roleId: 'rolNoSuchRole' } });
    expect(r.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', feishu: { code: 1254047 } });
  });

  it('a base without advanced permissions says so', async () => {
    const plain = await fetch(`${s.emu.url}/open-apis/bitable/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${await tenantToken()}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Plain' }) });
    const appToken = ((await plain.json()) as any).data.app.app_token;
    const r = await s.gql(DELETE, { input: { appToken, roleId: 'rolAny' } });
    expect(r.errors[0].message).toMatch(/advanced permissions are off/);
  });
});
