import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoint } from '../../src/feishu/index.js';
import { z } from 'zod';
import { BASE, LAUNCHES, TASKS, startDemoStack, type DemoStack } from './bitable.js';

/** Roles, dashboards, forms and Viewer.user over real HTTP, on the demo seed. */

const MARKETING = 'rolr6UW0gE';
const STAKEHOLDERS = 'rolToscosR';
const FORM_VIEW = 'vewYrts3Ji';
const ALICE = 'ou_f8e268529dbed0b638051597db41bf02';
const USER_INFO = '/open-apis/authen/v1/user_info';

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s.close());

const ok = async (query: string, variables?: Record<string, unknown>) => {
  const r = await s.gql(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data;
};
const feishuCalls = async () => (await s.log()).filter((c) => !c.path.includes('/auth/v3/'));
const asUser = (query: string, token = 'u-demo-alice') => s.post(query, { authorization: `Bearer ${token}` });

describe('App.roles and Role', () => {
  it('lists the roles with their table and block permissions', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { roles(first: 30) { totalCount pageInfo { hasNextPage }
      edges { node { id roleId name
        tableRoles { tableId tableName table { tableId name } tablePerm recRule fieldPerm allowAddRecord allowDeleteRecord }
        blockRoles { blockId blockType blockPerm dashboard { blockId name } } } } } } }`);
    const roles = d.app.roles;
    expect(roles.totalCount).toBe(2);
    expect(roles.pageInfo.hasNextPage).toBe(false);
    expect(roles.edges.map((e: any) => [e.node.roleId, e.node.name])).toEqual([
      [MARKETING, 'Marketing editors'],
      [STAKEHOLDERS, 'Stakeholders (read-only)'],
    ]);
    const [marketing, stakeholders] = roles.edges.map((e: any) => e.node);
    expect(typeof marketing.id).toBe('string');
    const perms = (r: any) => Object.fromEntries(r.tableRoles.map((t: any) => [t.tableName, t.tablePerm]));
    expect(perms(marketing)).toEqual({ Launches: 'EDIT', Tasks: 'EDIT', Assets: 'MANAGE', Team: 'READ' });
    expect(perms(stakeholders)).toEqual({ Launches: 'READ', Tasks: 'READ', Assets: 'READ', Team: 'NONE' });

    const launches = marketing.tableRoles.find((t: any) => t.tableName === 'Launches');
    expect(launches).toMatchObject({ tableId: LAUNCHES, table: { tableId: LAUNCHES, name: 'Launches' }, allowAddRecord: false, allowDeleteRecord: false, recRule: null });
    expect(launches.fieldPerm).toEqual({ Budget: 1, Spent: 1, Channels: 2, 'Press kit': 2, Cover: 2 });
    const tasks = marketing.tableRoles.find((t: any) => t.tableName === 'Tasks');
    expect(tasks).toMatchObject({ tableId: TASKS, allowAddRecord: true, allowDeleteRecord: false, fieldPerm: null });
    expect(tasks.recRule).toMatchObject({ conjunction: 'and', other_perm: 1, conditions: [{ field_name: 'Assignee' }] });
    const assets = marketing.tableRoles.find((t: any) => t.tableName === 'Assets');
    expect(assets).toMatchObject({ allowAddRecord: null, allowDeleteRecord: null, recRule: null, fieldPerm: null });

    const blocks = (r: any) => r.blockRoles.map((b: any) => [b.dashboard.name, b.blockType, b.blockPerm]);
    expect(blocks(marketing)).toEqual([['Launch overview', 'dashboard', 'READ'], ['Team workload', 'dashboard', 'READ']]);
    expect(blocks(stakeholders)).toEqual([['Launch overview', 'dashboard', 'READ'], ['Team workload', 'dashboard', 'NONE']]);
    expect(marketing.blockRoles.every((b: any) => b.blockId === b.dashboard.blockId)).toBe(true);
  });

  it('the list is one listRoles call, sent with page_size = first', async () => {
    await s.clearLog();
    await ok(`{ app(appToken: "${BASE}") { roles(first: 5) { edges { node { name tableRoles { tablePerm } blockRoles { blockPerm } } } } } }`);
    const calls = await feishuCalls();
    expect(calls.map((c) => c.path)).toEqual([`/open-apis/bitable/v1/apps/${BASE}/roles`]);
    expect(calls[0].query).toMatchObject({ page_size: '5' });
  });

  it('pages: first 1, then after its endCursor', async () => {
    const one = await ok(`{ app(appToken: "${BASE}") { roles(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { roleId } } } } }`);
    expect(one.app.roles.edges.map((e: any) => e.node.roleId)).toEqual([MARKETING]);
    expect(one.app.roles.pageInfo.hasNextPage).toBe(true);
    const two = await ok(`query($after: String) { app(appToken: "${BASE}") { roles(first: 1, after: $after) { pageInfo { hasNextPage } edges { node { roleId name } } } } }`, {
      after: one.app.roles.pageInfo.endCursor,
    });
    expect(two.app.roles.edges.map((e: any) => e.node.roleId)).toEqual([STAKEHOLDERS]);
    expect(two.app.roles.pageInfo.hasNextPage).toBe(false);
  });

  it('first over 30 is BAD_USER_INPUT naming the cap, before any Feishu call', async () => {
    await s.clearLog();
    const r = await s.gql(`{ app(appToken: "${BASE}") { roles(first: 31) { totalCount } } }`);
    expect(r.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
    expect(r.errors[0].message).toContain('30');
    expect(r.errors[0].path).toEqual(['app', 'roles']);
    expect(await feishuCalls()).toEqual([]);
  });

  it('App.role by id, with its members', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { role(roleId: "${MARKETING}") { roleId name tableRoles { tableName } blockRoles { blockId }
      members(first: 100) { totalCount pageInfo { hasNextPage } edges { node { memberType memberName memberEnName openId unionId userId chatId departmentId openDepartmentId user { openId name } } } } } } }`);
    const role = d.app.role;
    expect(role).toMatchObject({ roleId: MARKETING, name: 'Marketing editors' });
    expect(role.tableRoles).toHaveLength(4);
    expect(role.blockRoles).toHaveLength(2);
    expect(role.members.totalCount).toBe(3);
    expect(role.members.pageInfo.hasNextPage).toBe(false);
    const members = role.members.edges.map((e: any) => e.node);
    expect(members.map((m: any) => m.memberName)).toEqual(['Eve Liu', 'Frank Yang', 'Grace Huang']);
    for (const m of members) {
      expect(m).toMatchObject({ memberType: 'USER', memberEnName: m.memberName, chatId: null, departmentId: null, openDepartmentId: null });
      expect(m.openId).toMatch(/^ou_/);
      expect(m.unionId).toMatch(/^on_/);
      expect(m.userId).toBeTruthy();
      expect(m.user).toEqual({ openId: m.openId, name: m.memberName });
    }
  });

  it('members page and cap at 100', async () => {
    const q = `query($first: Int, $after: String) { app(appToken: "${BASE}") { role(roleId: "${STAKEHOLDERS}") { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { memberName } } } } } }`;
    const one = await ok(q, { first: 3 });
    const m1 = one.app.role.members;
    expect(m1.totalCount).toBe(4);
    expect(m1.edges).toHaveLength(3);
    expect(m1.pageInfo.hasNextPage).toBe(true);
    const two = await ok(q, { first: 3, after: m1.pageInfo.endCursor });
    expect(two.app.role.members.edges).toHaveLength(1);
    expect(two.app.role.members.pageInfo.hasNextPage).toBe(false);
    const names = [...m1.edges, ...two.app.role.members.edges].map((e: any) => e.node.memberName);
    expect(new Set(names).size).toBe(4);
    // A mid-page cursor resumes after that edge.
    const mid = await ok(q, { first: 1, after: m1.edges[0].cursor });
    expect(mid.app.role.members.edges[0].node.memberName).toBe(names[1]);

    const over = await s.gql(q, { first: 101 });
    expect(over.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
    expect(over.errors[0].message).toContain('100');
  });

  it('an unknown role is NOT_FOUND at the first field that loads it', async () => {
    const r = await s.gql(`{ app(appToken: "${BASE}") { role(roleId: "rolMissing1") { roleId name } } }`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(r.errors[0].path).toEqual(['app', 'role', 'name']);
    expect(r.data.app.role).toEqual({ roleId: 'rolMissing1', name: null });
  });

  it('Role and Dashboard are Nodes: node(id) round-trips', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { role(roleId: "${STAKEHOLDERS}") { id } dashboards(first: 1) { edges { node { id } } } } }`);
    const back = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Role { roleId name } ... on Dashboard { blockId name } } }`, {
      ids: [d.app.role.id, d.app.dashboards.edges[0].node.id],
    });
    expect(back.nodes).toEqual([
      { __typename: 'Role', roleId: STAKEHOLDERS, name: 'Stakeholders (read-only)' },
      { __typename: 'Dashboard', blockId: expect.stringMatching(/^blk/), name: 'Launch overview' },
    ]);
  });

  describe('a base without advanced permissions', () => {
    let plain: string;
    beforeAll(async () => {
      const createApp = endpoint({
        name: 'test.createApp',
        method: 'POST',
        path: '/open-apis/bitable/v1/apps',
        rate: 'bitable',
        idempotent: false,
        data: z.looseObject({ app: z.looseObject({ app_token: z.string() }) }),
      });
      const feishu = s.upstream.feishuFor({ kind: 'APP', appId: s.emu.rt.appId });
      plain = (await feishu.request(createApp, { body: { name: 'Plain base' } })).app.app_token;
    });

    it('answers roles with a readable error carrying the mapped code and Feishu 1254301', async () => {
      const r = await s.gql(`{ app(appToken: "${plain}") { isAdvanced roles { totalCount } } }`);
      // roles is RoleConnection! (API.md): its error nulls the nullable app above it.
      expect(r.data.app).toBeNull();
      expect(r.errors).toHaveLength(1);
      const [e] = r.errors;
      expect(e.path).toEqual(['app', 'roles']);
      expect(e.message).toMatch(/advanced permissions are off/);
      expect(e.message).toContain(plain);
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', feishu: { code: 1254301 } });
    });

    it('App.role and its members say the same', async () => {
      for (const [selection, path] of [
        ['name', 'app.role.name'],
        ['members { totalCount }', 'app.role.members'],
      ]) {
        const r = await s.gql(`{ app(appToken: "${plain}") { role(roleId: "${MARKETING}") { ${selection} } } }`);
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0].path.join('.')).toBe(path);
        expect(r.errors[0].message).toMatch(/advanced permissions are off/);
        expect(r.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', feishu: { code: 1254301 } });
      }
    });
  });
});

describe('App.dashboards', () => {
  it('lists the dashboards', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { dashboards { totalCount pageInfo { hasNextPage } edges { node { id blockId name app { appToken } } } } } }`);
    const ds = d.app.dashboards;
    expect(ds.totalCount).toBe(2);
    expect(ds.pageInfo.hasNextPage).toBe(false);
    expect(ds.edges.map((e: any) => e.node.name)).toEqual(['Launch overview', 'Team workload']);
    for (const e of ds.edges) {
      expect(e.node.blockId).toMatch(/^blk/);
      expect(e.node.app.appToken).toBe(BASE);
    }
  });

  it('pages, caps first at 500, and App.dashboard finds one by id', async () => {
    await s.clearLog();
    const one = await ok(`{ app(appToken: "${BASE}") { dashboards(first: 1) { pageInfo { hasNextPage endCursor } edges { node { blockId name } } } } }`);
    const calls = await feishuCalls();
    expect(calls.map((c) => c.path)).toEqual([`/open-apis/bitable/v1/apps/${BASE}/dashboards`]);
    expect(calls[0].query).toMatchObject({ page_size: '1' });
    expect(one.app.dashboards.pageInfo.hasNextPage).toBe(true);
    const two = await ok(`query($after: String) { app(appToken: "${BASE}") { dashboards(first: 500, after: $after) { pageInfo { hasNextPage } edges { node { blockId name } } } } }`, {
      after: one.app.dashboards.pageInfo.endCursor,
    });
    expect(two.app.dashboards.edges.map((e: any) => e.node.name)).toEqual(['Team workload']);
    expect(two.app.dashboards.pageInfo.hasNextPage).toBe(false);

    const over = await s.gql(`{ app(appToken: "${BASE}") { dashboards(first: 501) { totalCount } } }`);
    expect(over.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
    expect(over.errors[0].message).toContain('500');

    const blockId = two.app.dashboards.edges[0].node.blockId;
    const byId = await ok(`{ app(appToken: "${BASE}") { dashboard(blockId: "${blockId}") { blockId name } } }`);
    expect(byId.app.dashboard).toEqual({ blockId, name: 'Team workload' });
    const missing = await s.gql(`{ app(appToken: "${BASE}") { dashboard(blockId: "blkMissing") { name } } }`);
    expect(missing.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('View.form', () => {
  const formQuery = `{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { view(viewId: "${FORM_VIEW}") { type
    form { formId name description shared sharedUrl sharedLimit submitLimitOnce
      questions { fieldId title description required visible field { fieldId name type } } } } } } }`;

  it('a form view has its form settings and questions', async () => {
    const d = await ok(formQuery);
    const view = d.app.table.view;
    expect(view.type).toBe('FORM');
    const form = view.form;
    expect(form).toMatchObject({
      formId: FORM_VIEW,
      name: 'Launch request',
      description: 'Propose a product launch. The launch team reviews new requests every Monday.',
      shared: true,
      sharedLimit: 'tenant_editable',
      submitLimitOnce: false,
    });
    expect(form.sharedUrl).toMatch(/^https?:\/\/.+\/share\/base\/form\/shr/);
    const required = form.questions.filter((q: any) => q.required);
    expect(required.map((q: any) => q.field.name).sort()).toEqual(['Launch', 'Launch date', 'Owner', 'Product']);
    const launch = form.questions.find((q: any) => q.field.name === 'Launch');
    expect(launch).toMatchObject({ title: 'Launch name', description: 'Product and release, e.g. "Aurora 3.0"', required: true, visible: true });
    expect(launch.fieldId).toBe(launch.field.fieldId);
    const status = form.questions.find((q: any) => q.field.name === 'Status');
    expect(status).toMatchObject({ visible: false, required: false, field: { type: 'SINGLE_SELECT' } });
    expect(form.questions.every((q: any) => q.field && q.fieldId.startsWith('fld'))).toBe(true);
  });

  it('costs one getView, one getForm and one questions listing', async () => {
    await s.clearLog();
    await ok(formQuery);
    const paths = (await feishuCalls()).map((c) => c.path.replace(`/open-apis/bitable/v1/apps/${BASE}/tables/${LAUNCHES}`, ''));
    expect(paths.sort()).toEqual(['/fields', `/forms/${FORM_VIEW}`, `/forms/${FORM_VIEW}/fields`, `/views/${FORM_VIEW}`]);
  });

  it('is null for views of other types, without a form call', async () => {
    await s.clearLog();
    const d = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { views { edges { node { viewId type form { name } } } } } } }`);
    const views = d.app.table.views.edges.map((e: any) => e.node);
    expect(views.filter((v: any) => v.form !== null).map((v: any) => v.viewId)).toEqual([FORM_VIEW]);
    expect(views.filter((v: any) => v.type !== 'FORM').every((v: any) => v.form === null)).toBe(true);
    expect((await feishuCalls()).filter((c) => c.path.includes('/forms/'))).toHaveLength(1);
  });
});

describe('Viewer.user', () => {
  it('is the user of the token, from one user_info call', async () => {
    await s.clearLog();
    const r = await asUser(`{ viewer { kind user { openId unionId userId name enName email } again: user { name } } me: viewer { user { openId } } }`);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const v = r.body.data.viewer;
    expect(v.kind).toBe('USER');
    expect(v.user).toMatchObject({ openId: ALICE, name: 'Alice Chen', enName: 'Alice Chen', email: 'alice.chen@example.com' });
    expect(v.user.unionId).toMatch(/^on_/);
    expect(v.user.userId).toBeTruthy();
    expect(r.body.data.me.user.openId).toBe(ALICE);
    const calls = await feishuCalls();
    expect(calls.map((c) => c.path)).toEqual([USER_INFO]);
  });

  it('joins with the rest of the User type (a node id that node() resolves)', async () => {
    const r = await asUser(`{ viewer { user { id } } }`);
    const back = await ok(`query($id: ID!) { node(id: $id) { ... on User { openId name } } }`, { id: r.body.data.viewer.user.id });
    expect(back.node).toEqual({ openId: ALICE, name: 'Alice Chen' });
  });

  it('is null for the app (API key), with no Feishu call', async () => {
    await s.clearLog();
    const d = await ok(`{ viewer { kind user { openId } } }`);
    expect(d.viewer).toEqual({ kind: 'APP', user: null });
    expect(await feishuCalls()).toEqual([]);
  });

  it('a token Feishu refuses is UNAUTHENTICATED at viewer.user', async () => {
    const r = await asUser(`{ viewer { kind user { openId } } }`, 'u-not-a-real-token');
    expect(r.body.data.viewer).toEqual({ kind: 'USER', user: null });
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]).toMatchObject({ path: ['viewer', 'user'], extensions: { code: 'UNAUTHENTICATED', feishu: { code: 99991668 } } });
  });
});
