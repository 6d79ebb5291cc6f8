import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, comparableCall, startDemoStack, writesIn, type DemoStack, dryThenRealDocument, ok as okOf } from './bitable.js';

/** addRoleMembers, removeRoleMembers over real HTTP: chunks of 100, reported per chunk. */

let s: DemoStack;
let roleId: string;
beforeAll(async () => {
  s = await startDemoStack();
  // Back-to-back writes: no hold after each (a retried conflict would add a call to the log a dry run is compared with).
  await s.emulatorConfig({ writeLockMs: 0 });
  const d = await ok(`mutation { createRole(input: { appToken: "${BASE}", roleName: "Members test", tableRoles: [] }) { role { roleId } } }`);
  roleId = d.createRole.role.roleId;
});
afterAll(() => s.close());

const ok = (query: string, variables?: Record<string, unknown>) => okOf(s, query, variables);

/** New emulator users (admin API), answering their ids. */
async function newUsers(n: number, prefix: string): Promise<{ open_id: string; user_id: string }[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await fetch(`${s.emu.url}/__emulator/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `${prefix} ${i}` }) });
      return (await res.json()) as { open_id: string; user_id: string };
    }),
  );
}

const CHUNKS = 'chunks { index start count status recordIds error { code feishu } } complete';
const ADD = `mutation($input: AddRoleMembersInput!) { addRoleMembers(input: $input) { plannedCalls { endpoint method path query body } role { roleId } ${CHUNKS} } }`;
const REMOVE = `mutation($input: RemoveRoleMembersInput!) { removeRoleMembers(input: $input) { plannedCalls { endpoint method path query body } role { roleId } ${CHUNKS} } }`;
const members = async (id = roleId) =>
  (await ok(`{ app(appToken: "${BASE}") { role(roleId: "${id}") { members(first: 100) { totalCount edges { node { memberType openId chatId memberName } } } } } }`)).app.role.members;
const MEMBERS_PATH = () => `/open-apis/bitable/v1/apps/${BASE}/roles/${roleId}/members`;

const dryThenReal = (mutation: string, input: Record<string, unknown>) => dryThenRealDocument(s, mutation, input);

describe('addRoleMembers / removeRoleMembers', () => {
  it('adds users (by open_id and user_id) and a chat, then removes them; dry runs write nothing', async () => {
    const [a, b] = await newUsers(2, 'Member');
    const chat = await (await fetch(`${s.emu.url}/__emulator/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Role chat', members: [a.open_id] }) })).json();
    const list = [{ id: a.open_id }, { id: b.user_id, type: 'USER_ID' }, { id: chat.chat_id, type: 'CHAT_ID' }];
    const { dry, real } = await dryThenReal(ADD, { appToken: BASE, roleId, members: list });
    expect(dry).toMatchObject({ role: null, chunks: [], complete: false });
    expect(dry.plannedCalls).toEqual([
      {
        endpoint: 'bitable.batchCreateRoleMembers',
        method: 'POST',
        path: `${MEMBERS_PATH()}/batch_create`,
        query: {},
        body: { member_list: [{ type: 'open_id', id: a.open_id }, { type: 'user_id', id: b.user_id }, { type: 'chat_id', id: chat.chat_id }] },
      },
    ]);
    expect(real).toMatchObject({ role: { roleId }, complete: true, chunks: [{ index: 0, start: 0, count: 3, status: 'APPLIED', error: null }] });
    const after = await members();
    expect(after.totalCount).toBe(3);
    expect(after.edges.map((e: any) => e.node.openId ?? e.node.chatId).sort()).toEqual([a.open_id, b.open_id, chat.chat_id].sort());

    const removed = await dryThenReal(REMOVE, { appToken: BASE, roleId, members: [{ id: a.open_id }, { id: chat.chat_id, type: 'CHAT_ID' }] });
    expect(removed.dry.plannedCalls[0]).toMatchObject({ endpoint: 'bitable.batchDeleteRoleMembers', path: `${MEMBERS_PATH()}/batch_delete` });
    expect(removed.real).toMatchObject({ complete: true, chunks: [{ status: 'APPLIED', count: 2 }] });
    expect((await members()).edges.map((e: any) => e.node.openId)).toEqual([b.open_id]);
  });

  it('splits 105 members into chunks of 100, and reports a failed chunk after an applied one', async () => {
    const users = await newUsers(104, 'Bulk');
    const list = [...users.map((u) => ({ id: u.open_id })), { id: 'ou_nobody_at_all' }];
    await s.clearLog();
    const dry = await ok(ADD, { input: { appToken: BASE, roleId, members: list, dryRun: true } });
    expect(dry.addRoleMembers.plannedCalls.map((c: any) => c.body.member_list.length)).toEqual([100, 5]);

    await s.clearLog();
    const real = (await ok(ADD, { input: { appToken: BASE, roleId, members: list } })).addRoleMembers;
    expect(writesIn(await s.log())).toEqual(dry.addRoleMembers.plannedCalls.map(comparableCall));
    expect(real.complete).toBe(false);
    expect(real.chunks).toEqual([
      { index: 0, start: 0, count: 100, status: 'APPLIED', recordIds: [], error: null },
      { index: 1, start: 100, count: 5, status: 'FAILED', recordIds: [], error: { code: 'NOT_FOUND', feishu: expect.objectContaining({ code: 1254048 }) } },
    ]);
    expect((await members()).totalCount).toBe(101);
  });

  it('a failure with nothing applied is the field\'s error, mapped (unknown role, unknown member)', async () => {
    const role = await s.gql(ADD, { input: { appToken: BASE, roleId: 'rolNoSuchRole', members: [{ id: 'ou_x' }] } });
    expect(role.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', feishu: { code: 1254047 } });
    const member = await s.gql(REMOVE, { input: { appToken: BASE, roleId, members: [{ id: 'ou_not_a_member' }] } });
    expect(member.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', feishu: { code: 1254048 } });
  });

  it('refuses an empty list, an empty id and an unknown id type before any call', async () => {
    await s.clearLog();
    const empty = await s.gql(ADD, { input: { appToken: BASE, roleId, members: [] } });
    expect(empty.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.members' });
    const blank = await s.gql(REMOVE, { input: { appToken: BASE, roleId, members: [{ id: 'ou_a' }, { id: ' ' }] } });
    expect(blank.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.members.1.id' });
    const type = await s.gql(ADD, { input: { appToken: BASE, roleId, members: [{ id: 'x', type: 'EMAIL' }] } });
    expect(type.errors[0].message).toMatch(/RoleMemberIdType/);
    expect(writesIn(await s.log())).toEqual([]);
  });
});
