import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableCall, isToken, startDemoStack, type DemoStack, type LoggedCall } from './bitable.js';

/**
 * Feed groups in the graph (issue 6), end to end on the demo emulator as Alice: queries with
 * pagination over live and deleted groups and items, every mutation read back, batching counted
 * in the emulator's request log, user-only fail-fast as the app, and dry runs that list exactly
 * what the real runs send.
 */

const ALICE = 'ou_f8e268529dbed0b638051597db41bf02';
const FOCUS = 'ofg_b60fedd1af491cb75764f3414ee9d993';
const LAUNCH_CHATS = 'ofg_943a80009eddec349633eaa22577696f';
const CHAT = {
  aurora: 'oc_0ca3f8be2627358ebaa1b00c8bca3cce',
  exec: 'oc_9a393529e279ea30a8b6da34dc0e38de',
  comet: 'oc_f94d021cb1991a042ca489cb5b9954aa',
  marketing: 'oc_b469dbc07fa309c318e57bcd2699d47a',
  beacon: 'oc_9718796c95fe5c6f292fe3e68865fac0', // Alice is not in it
};

let s: DemoStack;

/** A GraphQL operation as Alice (her user token). */
async function asAlice(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer u-demo-alice' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

/** Upstream calls, token requests aside. */
const calls = async (): Promise<LoggedCall[]> => (await s.log()).filter((c) => !isToken(c));
const named = (log: LoggedCall[], path: RegExp) => log.filter((c) => path.test(c.path));
/** The writes of a log, comparable with plannedCalls (POST reads aside). */
const writes = (log: LoggedCall[]) => log.filter((c) => !isToken(c) && c.method !== 'GET' && !/\/batch_query(_item)?$/.test(c.path)).map(comparableCall);
const planned = (p: { method: string; path: string; query: Record<string, string>; body: unknown }[]) => p.map(comparableCall);

async function adminChat(name: string): Promise<string> {
  const res = await fetch(`${s.emu.url}/__emulator/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, members: [ALICE] }) });
  return ((await res.json()) as { chat_id: string }).chat_id;
}

const CREATE = `mutation($input: CreateFeedGroupInput!) { createFeedGroup(input: $input) { feedGroup { groupId name type deleted } plannedCalls { method path query body } } }`;
const ADD = `mutation($input: AddFeedGroupItemsInput!) { addFeedGroupItems(input: $input) { appliedChatIds failedItems { chatId errorCode errorMessage } feedGroup { groupId } plannedCalls { method path query body } } }`;
const REMOVE = `mutation($input: RemoveFeedGroupItemsInput!) { removeFeedGroupItems(input: $input) { appliedChatIds failedItems { chatId errorCode } plannedCalls { method path query body } } }`;

async function createGroup(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await asAlice(CREATE, { input: { name, ...extra } });
  expect(res.errors).toBeUndefined();
  return res.data.createFeedGroup.feedGroup.groupId;
}

beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s.close());

describe('feed-group queries', () => {
  it('lists the demo groups with typed rules, sending page_token even on the first page', async () => {
    await s.clearLog();
    const res = await asAlice(`{ feedGroups(first: 50) { pageInfo { hasNextPage } edges { node { id groupId name type deleted
      rules { action matchType conditions { type operator keyword chatType user { openId } } } } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.feedGroups.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.groupId, n.name, n.type, n.deleted])).toEqual([
      [FOCUS, 'Launch focus', 'NORMAL', false],
      [LAUNCH_CHATS, 'Launch chats', 'RULE', false],
    ]);
    expect(nodes[0].rules).toEqual([]);
    expect(nodes[1].rules).toEqual([
      {
        action: 'ADD',
        matchType: 'MATCH_ALL',
        conditions: [
          { type: 'CHAT_TYPE', operator: 'IS', keyword: null, chatType: 'GROUP', user: null },
          { type: 'KEYWORD', operator: 'CONTAIN', keyword: 'Launch', chatType: null, user: null },
        ],
      },
      { action: 'REMOVE', matchType: 'MATCH_ANY', conditions: [{ type: 'KEYWORD', operator: 'CONTAIN', keyword: 'War Room', chatType: null, user: null }] },
    ]);
    const log = await calls();
    expect(log.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /open-apis/im/v1/groups']);
    expect(log[0].query).toMatchObject({ page_size: '50', page_token: '' });
  });

  it('lists a group\'s items, live and taken out, with their chats, across pages', async () => {
    const ITEMS = `query($after: String) { feedGroup(groupId: "${FOCUS}") { items(first: 2, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { feedId feedType updatedAt deleted chat { chatId name chatMode } } } } } }`;
    const first = await asAlice(ITEMS);
    expect(first.errors).toBeUndefined();
    const page1 = first.data.feedGroup.items;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await asAlice(ITEMS, { after: page1.pageInfo.endCursor });
    const page2 = second.data.feedGroup.items;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const items = [...page1.edges, ...page2.edges].map((e: any) => e.node);
    expect(items.map((i: any) => [i.feedId, i.deleted, i.chat.name])).toEqual([
      [CHAT.aurora, false, 'Aurora Launch'],
      [CHAT.exec, false, 'Exec Updates'],
      [CHAT.comet, false, 'Comet Launch'],
      [CHAT.marketing, true, 'Marketing Squad'],
    ]);
    expect(items.every((i: any) => i.feedType === 'CHAT' && i.chat.chatMode === 'GROUP' && !Number.isNaN(Date.parse(i.updatedAt)))).toBe(true);
    // The rule group's items are its rules over Alice's chats.
    const rule = await asAlice(`{ feedGroup(groupId: "${LAUNCH_CHATS}") { items { edges { node { feedId deleted } } } } }`);
    expect(rule.data.feedGroup.items.edges.map((e: any) => e.node.feedId).sort()).toEqual([CHAT.aurora, CHAT.comet].sort());
  });

  it('pages through live and deleted groups one at a time, and resumes after a mid-page edge', async () => {
    const temp = await createGroup('Temp group');
    expect((await asAlice(`mutation { deleteFeedGroup(input: {groupId: "${temp}"}) { deletedGroupId } }`)).data.deleteFeedGroup.deletedGroupId).toBe(temp);
    const seen: [string, boolean][] = [];
    let after: string | null = null;
    for (let hasNext = true; hasNext; ) {
      const res = await asAlice(`query($after: String) { feedGroups(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { groupId deleted } } } }`, { after });
      expect(res.errors).toBeUndefined();
      const c = res.data.feedGroups;
      seen.push(...c.edges.map((e: any) => [e.node.groupId, e.node.deleted] as [string, boolean]));
      ({ hasNextPage: hasNext, endCursor: after } = c.pageInfo);
    }
    expect(seen).toEqual([
      [FOCUS, false],
      [LAUNCH_CHATS, false],
      [temp, true],
    ]);
    // A whole page, then the rest after its first edge: the same entries in the same order.
    const whole = await asAlice(`{ feedGroups(first: 3) { edges { cursor node { groupId } } } }`);
    const edges = whole.data.feedGroups.edges;
    const rest = await asAlice(`query($after: String) { feedGroups(first: 5, after: $after) { edges { node { groupId } } } }`, { after: edges[0].cursor });
    expect(rest.data.feedGroups.edges.map((e: any) => e.node.groupId)).toEqual(edges.slice(1).map((e: any) => e.node.groupId));
    // The deleted group: still found, with no items.
    const gone = await asAlice(`{ feedGroup(groupId: "${temp}") { name deleted items { edges { node { feedId } } } } }`);
    expect(gone.errors).toBeUndefined();
    expect(gone.data.feedGroup).toEqual({ name: 'Temp group', deleted: true, items: { edges: [] } });
    const unknown = await asAlice(`{ feedGroup(groupId: "ofg_00000000000000000000000000000000") { items { edges { cursor } } } }`);
    expect(unknown.errors?.[0]).toMatchObject({ path: ['feedGroup', 'items'], extensions: { code: 'NOT_FOUND' } });
  });

  it('filters groups and items by update time', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const res = await asAlice(`query($t: DateTime) { feedGroups(updatedAfter: $t) { edges { node { groupId } } }
      feedGroup(groupId: "${FOCUS}") { items(updatedBefore: "2000-01-01T00:00:00Z") { edges { node { feedId } } } } }`, { t: future });
    expect(res.errors).toBeUndefined();
    expect(res.data.feedGroups.edges).toEqual([]);
    expect(res.data.feedGroup.items.edges).toEqual([]);
    const log = await calls();
    expect(named(log, /\/groups$/).at(-1)?.query.start_time).toBe(String(Date.parse(future)));
    expect(named(log, /\/list_item$/).at(-1)?.query.end_time).toBe(String(Date.parse('2000-01-01T00:00:00Z')));
  });

  it('several feedGroup lookups in one query share one batch_query; an unknown id is NOT_FOUND at its field', async () => {
    await s.clearLog();
    const res = await asAlice(`{ a: feedGroup(groupId: "${FOCUS}") { name type } b: feedGroup(groupId: "${LAUNCH_CHATS}") { name deleted }
      c: feedGroup(groupId: "ofg_00000000000000000000000000000000") { groupId name } }`);
    expect(res.data.a).toEqual({ name: 'Launch focus', type: 'NORMAL' });
    expect(res.data.b).toEqual({ name: 'Launch chats', deleted: false });
    expect(res.data.c).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['c', 'name'], extensions: { code: 'NOT_FOUND' } });
    const log = await calls();
    expect(log.map((c) => c.path)).toEqual(['/open-apis/im/v1/groups/batch_query']);
    expect((log[0].body as any).group_ids.sort()).toEqual([FOCUS, LAUNCH_CHATS, 'ofg_00000000000000000000000000000000'].sort());
  });

  it('30 feed items across 3 groups resolve their chats in ONE chats/batch_query', async () => {
    const chats: string[] = [];
    for (let i = 0; i < 30; i++) chats.push(await adminChat(`Counting chat ${String(i).padStart(2, '0')}`));
    const groups: string[] = [];
    for (let g = 0; g < 3; g++) {
      const id = await createGroup(`Counting ${g}`);
      const add = await asAlice(ADD, { input: { groupId: id, chatIds: chats.slice(g * 10, g * 10 + 10) } });
      expect(add.data.addFeedGroupItems.failedItems).toEqual([]);
      groups.push(id);
    }
    await s.clearLog();
    // A network's latency, as the gate expects: with none, the three list_item calls can answer
    // within the millisecond the first chats batch forms, and the gate takes calls started that
    // close to a batch for its siblings (it does not wait for them), which split the batch under load.
    await s.emulatorConfig({ latencyMs: 20 });
    let res;
    try {
      res = await asAlice(
        `{ ${groups.map((g, i) => `g${i}: feedGroup(groupId: "${g}") { name items(first: 10) { edges { node { feedId chat { chatId name } } } } }`).join(' ')} }`,
      );
    } finally {
      await s.emulatorConfig({ latencyMs: 0 });
    }
    expect(res.errors).toBeUndefined();
    const names = groups.flatMap((_, i) => res.data[`g${i}`].items.edges.map((e: any) => e.node.chat.name));
    expect(names).toEqual(chats.map((_, i) => `Counting chat ${String(i).padStart(2, '0')}`));
    const log = await calls();
    const chatCalls = named(log, /\/chats\/batch_query$/);
    // On failure, the calls with their timing: a split batch means the quiet gate let go early.
    expect(chatCalls, JSON.stringify(log.map((c) => [c.path, c.at, c.durationMs]))).toHaveLength(1);
    expect((chatCalls[0].body as any).chat_ids).toHaveLength(30);
    // The minimum: one groups batch_query (names), three item lists, one chats batch_query.
    expect(log).toHaveLength(5);
    expect(named(log, /\/list_item$/)).toHaveLength(3);
    expect(named(log, /\/groups\/batch_query$/)).toHaveLength(1);
    expect(named(log, /\/chats\/oc_/)).toHaveLength(0);
  });
});

describe('feed-group mutations', () => {
  it('creates, renames and deletes a NORMAL group; each dry run plans exactly the real run\'s call', async () => {
    await s.clearLog();
    const dry = await asAlice(CREATE, { input: { name: 'Reading list', dryRun: true } });
    expect(dry.errors).toBeUndefined();
    expect(dry.data.createFeedGroup.feedGroup).toBeNull();
    expect(await calls()).toEqual([]);
    const real = await asAlice(CREATE, { input: { name: 'Reading list' } });
    const group = real.data.createFeedGroup.feedGroup;
    expect(group).toMatchObject({ name: 'Reading list', type: 'NORMAL', deleted: false });
    expect(writes(await s.log())).toEqual(planned(dry.data.createFeedGroup.plannedCalls));
    expect(dry.data.createFeedGroup.plannedCalls[0]).toMatchObject({ method: 'POST', path: '/open-apis/im/v1/groups', body: { feed_group_creator: { type: 'normal', name: 'Reading list' } } });

    const UPDATE = `mutation($input: UpdateFeedGroupInput!) { updateFeedGroup(input: $input) { feedGroup { name } plannedCalls { method path query body } } }`;
    await s.clearLog();
    const dryRename = await asAlice(UPDATE, { input: { groupId: group.groupId, name: 'Must read', dryRun: true } });
    expect(await calls()).toEqual([]);
    const rename = await asAlice(UPDATE, { input: { groupId: group.groupId, name: 'Must read' } });
    expect(rename.data.updateFeedGroup.feedGroup.name).toBe('Must read');
    expect(writes(await s.log())).toEqual(planned(dryRename.data.updateFeedGroup.plannedCalls));
    expect(dryRename.data.updateFeedGroup.plannedCalls[0].body).toEqual({ feed_group_updater: { name: 'Must read', update_fields: [1] } });

    const DELETE = `mutation($input: DeleteFeedGroupInput!) { deleteFeedGroup(input: $input) { deletedGroupId feedGroup { name deleted } plannedCalls { method path query body } } }`;
    await s.clearLog();
    const dryDelete = await asAlice(DELETE, { input: { groupId: group.groupId, dryRun: true } });
    expect(await calls()).toEqual([]);
    const del = await asAlice(DELETE, { input: { groupId: group.groupId } });
    expect(del.data.deleteFeedGroup).toMatchObject({ deletedGroupId: group.groupId, feedGroup: { name: 'Must read', deleted: true }, plannedCalls: null });
    expect(writes(await s.log())).toEqual(planned(dryDelete.data.deleteFeedGroup.plannedCalls));
  });

  it('creates a RULE group from Feishu\'s rules JSON and replaces its rules (update_fields 2)', async () => {
    const rules = { rules: [{ condition: { match_type: 'match_any', condition_items: [{ type: 'keyword', operator: 'contain', keyword: 'Exec' }] }, action: 'add' }] };
    const created = await asAlice(`mutation($input: CreateFeedGroupInput!) { createFeedGroup(input: $input) { feedGroup { groupId type rules { action conditions { type keyword } }
      items { edges { node { feedId } } } } } }`, { input: { name: 'Exec only', rules } });
    expect(created.errors).toBeUndefined();
    const g = created.data.createFeedGroup.feedGroup;
    expect(g).toMatchObject({ type: 'RULE', rules: [{ action: 'ADD', conditions: [{ type: 'KEYWORD', keyword: 'Exec' }] }], items: { edges: [{ node: { feedId: CHAT.exec } }] } });

    // A bare array of rules is taken as the rules object; a CHATTER condition names a user by open_id.
    const next = [{ condition: { match_type: 'match_all', condition_items: [{ type: 'chatter', operator: 'is', user_id: 'ou_a757c4d3c96c43850bfba8f8de68fa60' }] }, action: 'add' }];
    const UPDATE = `mutation($input: UpdateFeedGroupInput!) { updateFeedGroup(input: $input) { feedGroup { rules { conditions { type user { openId name } } } } plannedCalls { body } } }`;
    await s.clearLog();
    const dry = await asAlice(UPDATE, { input: { groupId: g.groupId, rules: next, dryRun: true } });
    expect(dry.data.updateFeedGroup.plannedCalls[0].body).toEqual({ feed_group_updater: { rules: { rules: next }, update_fields: [2] } });
    const both = await asAlice(UPDATE, { input: { groupId: g.groupId, name: 'Bob\'s chats', rules: next, dryRun: true } });
    expect(both.data.updateFeedGroup.plannedCalls[0].body.feed_group_updater.update_fields).toEqual([1, 2]);
    const real = await asAlice(UPDATE, { input: { groupId: g.groupId, rules: next } });
    expect(real.errors).toBeUndefined();
    expect(real.data.updateFeedGroup.feedGroup.rules).toEqual([{ conditions: [{ type: 'CHATTER', user: { openId: 'ou_a757c4d3c96c43850bfba8f8de68fa60', name: 'Bob Li' } }] }]);
  });

  it('adds and removes items; per-item failures are payload fields; dry runs plan the real calls', async () => {
    const id = await createGroup('Hand picked');
    await s.clearLog();
    const input = { groupId: id, chatIds: [CHAT.aurora, CHAT.beacon, CHAT.comet] };
    const dry = await asAlice(ADD, { input: { ...input, dryRun: true } });
    expect(dry.data.addFeedGroupItems).toMatchObject({ appliedChatIds: null, failedItems: null, feedGroup: null });
    expect(await calls()).toEqual([]);
    const add = await asAlice(ADD, { input });
    expect(add.errors).toBeUndefined();
    expect(add.data.addFeedGroupItems).toMatchObject({
      appliedChatIds: [CHAT.aurora, CHAT.comet],
      failedItems: [{ chatId: CHAT.beacon, errorCode: 240001, errorMessage: 'feed_id is invalid' }],
      feedGroup: { groupId: id },
    });
    expect(writes(await s.log())).toEqual(planned(dry.data.addFeedGroupItems.plannedCalls));

    await s.clearLog();
    const dryRemove = await asAlice(REMOVE, { input: { groupId: id, chatIds: [CHAT.aurora], dryRun: true } });
    const remove = await asAlice(REMOVE, { input: { groupId: id, chatIds: [CHAT.aurora] } });
    expect(remove.data.removeFeedGroupItems).toMatchObject({ appliedChatIds: [CHAT.aurora], failedItems: [] });
    expect(writes(await s.log())).toEqual(planned(dryRemove.data.removeFeedGroupItems.plannedCalls));
    const items = await asAlice(`{ feedGroup(groupId: "${id}") { items { edges { node { feedId deleted } } } } }`);
    expect(items.data.feedGroup.items.edges.map((e: any) => e.node)).toEqual([
      { feedId: CHAT.comet, deleted: false },
      { feedId: CHAT.aurora, deleted: true },
    ]);
  });

  it('refuses bad input as BAD_USER_INPUT naming the argument, before any call', async () => {
    await s.clearLog();
    const badChat = await asAlice(ADD, { input: { groupId: FOCUS, chatIds: [CHAT.aurora, CHAT.exec, CHAT.comet, 'not-a-chat'] } });
    expect(badChat.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.chatIds.3' });
    const twice = await asAlice(ADD, { input: { groupId: FOCUS, chatIds: [CHAT.aurora, CHAT.aurora] } });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.chatIds.1' });
    const badRule = await asAlice(CREATE, { input: { name: 'Bad', rules: { rules: [{ condition: { match_type: 'match_all', condition_items: [{ type: 'keyword', operator: 'contain' }] }, action: 'add' }] } } });
    expect(badRule.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.rules.rules.0.condition.condition_items.0.keyword' });
    const normalWithRules = await asAlice(CREATE, { input: { name: 'Bad', type: 'NORMAL', rules: [{ condition: { match_type: 'match_all', condition_items: [{ type: 'chat_type', operator: 'is', chat_type: 'group' }] }, action: 'add' }] } });
    expect(normalWithRules.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.rules' });
    const nothing = await asAlice(`mutation { updateFeedGroup(input: {groupId: "${FOCUS}"}) { feedGroup { name } } }`);
    expect(nothing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input' });
    for (const q of [`{ feedGroups(first: 51) { edges { cursor } } }`, `{ feedGroup(groupId: "${FOCUS}") { items(first: 51) { edges { cursor } } } }`]) {
      const res = await asAlice(q);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
      expect(res.errors?.[0]?.message).toContain('50');
    }
    expect(await calls()).toEqual([]);
  });

  it('a name Feishu refuses (a duplicate) is BAD_USER_INPUT with Feishu\'s code', async () => {
    const res = await asAlice(CREATE, { input: { name: 'Launch focus' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', feishu: { code: 230001 } });
  });
});

describe('identity: feed groups are user-only', () => {
  it('as the app every feed-group query and mutation is FORBIDDEN, saying a user token is needed, with no upstream call', async () => {
    await s.clearLog();
    const operations = [
      `{ feedGroups { edges { node { name } } } }`,
      `{ feedGroup(groupId: "${FOCUS}") { name } }`,
      `mutation { createFeedGroup(input: {name: "x"}) { plannedCalls { path } } }`,
      `mutation { updateFeedGroup(input: {groupId: "${FOCUS}", name: "x", dryRun: true}) { plannedCalls { path } } }`,
      `mutation { deleteFeedGroup(input: {groupId: "${FOCUS}"}) { deletedGroupId } }`,
      `mutation { addFeedGroupItems(input: {groupId: "${FOCUS}", chatIds: ["${CHAT.aurora}"]}) { appliedChatIds } }`,
      `mutation { removeFeedGroupItems(input: {groupId: "${FOCUS}", chatIds: ["${CHAT.aurora}"]}) { appliedChatIds } }`,
      // A global id reaches the type another way: its fields refuse the app too.
      `{ node(id: "${Buffer.from(`FeedGroup:${FOCUS}`).toString('base64')}") { ... on FeedGroup { name items { edges { cursor } } } } }`,
    ];
    for (const op of operations) {
      const res = await s.gql(op);
      expect(res.errors?.[0]?.extensions?.code, op).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.message, op).toMatch(/needs a user token/);
    }
    expect(await s.log()).toEqual([]);
  });

  it('Query.chat works for the app too (chats are not user-only)', async () => {
    const res = await s.gql(`{ chat(chatId: "${CHAT.aurora}") { id chatId name description chatMode external avatarUrl } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.chat).toMatchObject({ chatId: CHAT.aurora, name: 'Aurora Launch', chatMode: 'GROUP', external: false });
    const missing = await s.gql(`{ chat(chatId: "oc_00000000000000000000000000000000") { chatId name } }`);
    expect(missing.errors?.[0]).toMatchObject({ path: ['chat', 'name'], extensions: { code: 'NOT_FOUND' } });
  });
});
