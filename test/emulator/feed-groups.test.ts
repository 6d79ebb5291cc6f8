import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestEmulator, withUserAccessToken, type TestEmulator, type TestUser } from '../helpers/emulator.js';

/** Feed groups (feishu-wire.md §4.4, seed 003): nine user-only operations under /open-apis/im/v1/groups. */

const GROUPS = '/open-apis/im/v1/groups';

describe('feed groups', () => {
  let t: TestEmulator;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const chat: Record<string, string> = {};

  /** A raw call as a user (Alice unless told). */
  const as = (user: TestUser) => (method: string, path: string, opts: { body?: unknown; query?: Record<string, string> } = {}) =>
    t.call(method, `${GROUPS}${path}`, { ...opts, token: user.user_access_token });
  let call: ReturnType<typeof as>;

  async function newChat(name: string, members: TestUser[], extra: { chat_mode?: string; bot_member?: boolean } = {}): Promise<string> {
    const res = await t.admin('POST', '/chats', { name, members: members.map((m) => m.open_id), ...extra });
    expect(res.status).toBe(200);
    return res.body.chat_id;
  }

  async function createGroup(body: unknown, user = alice): Promise<string> {
    const res = await as(user)('POST', '', { body: { feed_group_creator: body } });
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    return res.body.data.group_id;
  }

  /** Every item of a group, live and deleted, through list_item's pages. */
  async function allItems(groupId: string, pageSize = 50) {
    const items: string[] = [];
    const deleted: string[] = [];
    let token = '';
    for (;;) {
      const res = await call('GET', `/${groupId}/list_item`, { query: { page_size: String(pageSize), ...(token ? { page_token: token } : {}) } });
      expect(res.body.code, JSON.stringify(res.body)).toBe(0);
      items.push(...res.body.data.items.map((i: any) => i.feed_id));
      deleted.push(...res.body.data.deleted_items.map((i: any) => i.feed_id));
      if (!res.body.data.has_more) return { items, deleted };
      token = res.body.data.page_token;
    }
  }

  beforeAll(async () => {
    t = await startTestEmulator();
    alice = await newUser(t, 'Alice Chen');
    bob = await newUser(t, 'Bob Li');
    carol = await newUser(t, 'Carol Wang');
    call = as(alice);
    chat.crew = await newChat('Release Crew', [alice, bob]);
    chat.notes = await newChat('Release notes', [alice, carol], { chat_mode: 'topic' });
    chat.design = await newChat('Design Review', [alice, carol]);
    chat.dm = await newChat('DM', [alice, bob], { chat_mode: 'p2p', bot_member: false });
    chat.bot = await newChat('Release bot', [alice], { chat_mode: 'p2p' });
    chat.outside = await newChat('Release Outsiders', [bob, carol]);
  });
  afterAll(() => t.close());

  it('creates a group and reads it back through the official SDK with a user token', async () => {
    const opts = withUserAccessToken(alice.user_access_token);
    const created = await t.sdk.request({ method: 'POST', url: GROUPS, data: { feed_group_creator: { type: 'normal', name: 'Via SDK' } } }, opts);
    expect(created.code).toBe(0);
    const id = created.data.group_id;
    expect(id).toMatch(/^ofg_[0-9a-f]{32}$/);

    const found = await t.sdk.request({ method: 'POST', url: `${GROUPS}/batch_query`, params: { user_id_type: 'open_id' }, data: { group_ids: [id, 'ofg_unknown'] } }, opts);
    expect(found.data).toEqual({ groups: [{ group_id: id, type: 'normal', name: 'Via SDK', rules: { rules: [] } }], deleted_groups: [] });

    // An empty page_token goes on the wire, as the groups endpoint wants on the first page.
    const listed = await t.sdk.request({ method: 'GET', url: GROUPS, params: { page_size: 50, page_token: '' } }, opts);
    expect(listed.data.groups.map((g: any) => g.group_id)).toContain(id);
    expect(listed.data).toMatchObject({ has_more: false, page_token: '' });

    const added = await t.sdk.request({ method: 'POST', url: `${GROUPS}/${id}/batch_add_item`, data: { items: [{ feed_id: chat.crew, feed_type: 'chat' }] } }, opts);
    expect(added.data).toEqual({ failed_items: [] });
    const removed = await t.sdk.request({ method: 'DELETE', url: `${GROUPS}/${id}` }, opts);
    expect(removed.code).toBe(0);
  });

  it('is user-only: a tenant token gets 99991663 on all nine operations, no token 99991661', async () => {
    const id = await createGroup({ type: 'normal', name: 'Tenant check' });
    const routes: [string, string, unknown?][] = [
      ['POST', GROUPS, { feed_group_creator: { type: 'normal', name: 'x' } }],
      ['GET', `${GROUPS}?page_token=`],
      ['POST', `${GROUPS}/batch_query`, { group_ids: [id] }],
      ['PUT', `${GROUPS}/${id}`, { feed_group_updater: { name: 'y', update_fields: [1] } }],
      ['DELETE', `${GROUPS}/${id}`],
      ['POST', `${GROUPS}/${id}/batch_add_item`, { items: [{ feed_id: chat.crew, feed_type: 'chat' }] }],
      ['POST', `${GROUPS}/${id}/batch_remove_item`, { items: [{ feed_id: chat.crew, feed_type: 'chat' }] }],
      ['POST', `${GROUPS}/${id}/batch_query_item`, { items: [{ feed_id: chat.crew, feed_type: 'chat' }] }],
      ['GET', `${GROUPS}/${id}/list_item`],
    ];
    for (const [method, path, body] of routes) {
      const res = await t.call(method, path, { body });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 400, 99991663]);
      expect((await t.call(method, path, { body, token: null })).body.code).toBe(99991661);
    }
    // Nothing was touched.
    expect((await call('POST', '/batch_query', { body: { group_ids: [id] } })).body.data.groups[0].name).toBe('Tenant check');
  });

  it('refuses bad creates with 230001: unknown type, no name, a taken name, a rule group without rules', async () => {
    await createGroup({ type: 'normal', name: 'Taken' });
    const bad = [
      { type: 'smart', name: 'x' },
      { type: 'normal', name: '' },
      { type: 'normal' },
      { type: 'normal', name: 'Taken' },
      { type: 'rule', name: 'No rules' },
      { type: 'rule', name: 'Empty rules', rules: { rules: [] } },
      { type: 'normal', name: 'Rules on normal', rules: { rules: [{ condition: { match_type: 'match_all', condition_items: [{ type: 'chat_type', operator: 'is', chat_type: 'group' }] }, action: 'add' }] } },
    ];
    for (const creator of bad) {
      const res = await call('POST', '', { body: { feed_group_creator: creator } });
      expect([JSON.stringify(creator), res.status, res.body.code]).toEqual([JSON.stringify(creator), 400, 230001]);
    }
    expect((await call('POST', '', { body: { feed_group_creator: { type: 'normal', name: 'Taken' } } })).body.msg).toContain('already exists');
    expect((await call('POST', '', { body: {} })).body.code).toBe(230001);
    // Names are per user: Bob may have his own "Taken".
    expect(await createGroup({ type: 'normal', name: 'Taken' }, bob)).toMatch(/^ofg_/);
  });

  it('requires page_token on list, even empty on the first page, and caps page_size at 50', async () => {
    const missing = await call('GET', '', { query: { page_size: '10' } });
    expect([missing.status, missing.body.code]).toEqual([400, 99992402]);
    expect(missing.body.msg).toContain('Missing required parameter: page_token');
    expect((await call('GET', '', { query: { page_size: '10', page_token: '' } })).body.code).toBe(0);

    const id = await createGroup({ type: 'normal', name: 'Page size check' });
    for (const [path, query] of [['', { page_token: '' }], [`/${id}/list_item`, {}]] as const) {
      for (const size of ['51', '0', 'ten']) {
        const res = await call('GET', path, { query: { ...query, page_size: size } });
        expect([path, size, res.status, res.body.code]).toEqual([path, size, 400, 230001]);
      }
      expect((await call('GET', path, { query: { ...query, page_size: '50' } })).body.code).toBe(0);
    }
    const badToken = await call('GET', '', { query: { page_token: 'nonsense' } });
    expect(badToken.body.code).toBe(230001);
  });

  it('pages through live and soft-deleted groups together, page_size capping both lists', async () => {
    const user = await newUser(t, 'Pager');
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) ids.push(await createGroup({ type: 'normal', name: `G${i}` }, user));
    for (const i of [1, 4]) expect((await as(user)('DELETE', `/${ids[i]}`)).body.code).toBe(0);

    const pages: any[] = [];
    let token = '';
    do {
      const res = await as(user)('GET', '', { query: { page_size: '3', page_token: token } });
      expect(res.body.code).toBe(0);
      pages.push(res.body.data);
      token = res.body.data.page_token;
    } while (pages.at(-1).has_more);
    const names = (list: any[]) => list.map((g) => g.name);
    expect(pages.map((p) => [names(p.groups), names(p.deleted_groups), p.has_more])).toEqual([
      [['G1', 'G3'], ['G2'], true],
      [['G4', 'G6'], ['G5'], true],
      [['G7'], [], false],
    ]);
    expect(pages[2].page_token).toBe('');
  });

  it('soft-deletes: deleted groups stay readable in deleted_groups and can no longer change', async () => {
    const id = await createGroup({ type: 'normal', name: 'Short-lived' });
    expect((await call('POST', `/${id}/batch_add_item`, { body: { items: [{ feed_id: chat.crew, feed_type: 'chat' }] } })).body.code).toBe(0);
    expect((await call('DELETE', `/${id}`)).body).toMatchObject({ code: 0, data: {} });

    const q = await call('POST', '/batch_query', { body: { group_ids: [id] } });
    expect(q.body.data).toEqual({ groups: [], deleted_groups: [{ group_id: id, type: 'normal', name: 'Short-lived', rules: { rules: [] } }] });
    const listed = await call('GET', '', { query: { page_token: '' } });
    expect(listed.body.data.deleted_groups.map((g: any) => g.group_id)).toContain(id);
    expect(listed.body.data.groups.map((g: any) => g.group_id)).not.toContain(id);

    for (const [method, path, body] of [
      ['DELETE', `/${id}`],
      ['PUT', `/${id}`, { feed_group_updater: { name: 'Back', update_fields: [1] } }],
      ['POST', `/${id}/batch_add_item`, { items: [{ feed_id: chat.design, feed_type: 'chat' }] }],
      ['GET', `/${id}/list_item`],
    ] as const) {
      const res = await call(method, path, { body });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 400, 230001]);
    }
    // The name is free again.
    expect(await createGroup({ type: 'normal', name: 'Short-lived' })).not.toBe(id);
  });

  it("keeps each user's groups to themselves", async () => {
    const id = await createGroup({ type: 'normal', name: 'Private' });
    const asBob = as(bob);
    expect((await asBob('POST', '/batch_query', { body: { group_ids: [id] } })).body.data).toEqual({ groups: [], deleted_groups: [] });
    expect((await asBob('GET', '', { query: { page_token: '' } })).body.data.groups.map((g: any) => g.group_id)).not.toContain(id);
    expect((await asBob('PUT', `/${id}`, { body: { feed_group_updater: { name: 'Mine', update_fields: [1] } } })).body.code).toBe(230001);
    expect((await asBob('DELETE', `/${id}`)).body.code).toBe(230001);
    expect((await asBob('GET', `/${id}/list_item`)).body.code).toBe(230001);
  });

  it('updates with integer update_fields (1 name, 2 rules) and refuses the string forms with 9499', async () => {
    const id = await createGroup({ type: 'normal', name: 'Before' });
    const update = (updater: unknown) => call('PUT', `/${id}`, { body: { feed_group_updater: updater } });
    const name = async () => (await call('POST', '/batch_query', { body: { group_ids: [id] } })).body.data.groups[0].name;

    expect((await update({ name: 'Ignored', update_fields: [] })).body.code).toBe(0);
    expect((await update({ name: 'Ignored' })).body.code).toBe(0);
    expect(await name()).toBe('Before');
    expect((await update({ name: 'After', update_fields: [1] })).body).toMatchObject({ code: 0, data: {} });
    expect(await name()).toBe('After');

    for (const fields of [['name'], ['rules'], [3], 'name']) {
      const res = await update({ name: 'x', update_fields: fields });
      expect([JSON.stringify(fields), res.status, res.body.code]).toEqual([JSON.stringify(fields), 400, 9499]);
    }
    // A rename to a taken name, even its own, is refused (230001 "already exists").
    await createGroup({ type: 'normal', name: 'Other' });
    expect((await update({ name: 'Other', update_fields: [1] })).body.code).toBe(230001);
    expect((await update({ name: 'After', update_fields: [1] })).body.code).toBe(230001);
    expect((await update({ name: '', update_fields: [1] })).body.code).toBe(230001);
    // Rules belong to rule groups.
    expect((await update({ rules: { rules: [] }, update_fields: [2] })).body.code).toBe(230001);
    expect(await name()).toBe('After');
  });

  it('adds and removes items of a normal group, reporting failed_items, and keeps removed ones as deleted items', async () => {
    const id = await createGroup({ type: 'normal', name: 'Hand-picked' });
    const items = (...ids: unknown[]) => ({ items: ids.map((feed_id) => (feed_id === undefined ? { feed_type: 'chat' } : { feed_id, feed_type: 'chat' })) });

    const added = await call('POST', `/${id}/batch_add_item`, { body: items(chat.crew, chat.design, 'oc_nosuchchat', chat.outside, undefined, chat.crew) });
    expect(added.body.code).toBe(0);
    expect(added.body.data.failed_items).toEqual([
      { item: { feed_id: 'oc_nosuchchat', feed_type: 'chat' }, error_code: 240001, error_message: 'feed_id is invalid' },
      { item: { feed_id: chat.outside, feed_type: 'chat' }, error_code: 240001, error_message: 'feed_id is invalid' }, // Alice is not in it
      { item: { feed_type: 'chat' }, error_code: 240001, error_message: 'feed_id is invalid' },
    ]);
    const listed = await call('GET', `/${id}/list_item`);
    expect(listed.body.data.items).toEqual([
      { feed_id: chat.crew, feed_type: 'chat', update_time: expect.stringMatching(/^[0-9]{13}$/) },
      { feed_id: chat.design, feed_type: 'chat', update_time: expect.stringMatching(/^[0-9]{13}$/) },
    ]);
    expect(listed.body.data).toMatchObject({ deleted_items: [], has_more: false });

    const removed = await call('POST', `/${id}/batch_remove_item`, { body: items(chat.crew, 'oc_nosuchchat', chat.notes) });
    expect(removed.body.data.failed_items).toEqual([{ item: { feed_id: 'oc_nosuchchat', feed_type: 'chat' }, error_code: 240001, error_message: 'feed_id is invalid' }]);
    expect(await allItems(id)).toEqual({ items: [chat.design], deleted: [chat.crew] });

    const queried = await call('POST', `/${id}/batch_query_item`, { body: items(chat.crew, chat.design, chat.notes) });
    expect(queried.body.data.items.map((i: any) => i.feed_id)).toEqual([chat.design]);
    expect(queried.body.data.deleted_items.map((i: any) => i.feed_id)).toEqual([chat.crew]);

    // Back in: live again, at the end (items are in the order they last changed).
    expect((await call('POST', `/${id}/batch_add_item`, { body: items(chat.crew) })).body.data.failed_items).toEqual([]);
    expect(await allItems(id)).toEqual({ items: [chat.design, chat.crew], deleted: [] });

    for (const body of [{ items: [] }, {}, { items: [{ feed_id: chat.crew, feed_type: 'doc' }] }, { items: ['oc_x'] }]) {
      for (const op of ['batch_add_item', 'batch_remove_item', 'batch_query_item']) {
        const res = await call('POST', `/${id}/${op}`, { body });
        expect([op, JSON.stringify(body), res.status, res.body.code]).toEqual([op, JSON.stringify(body), 400, 230001]);
      }
    }
  });

  it('pages list_item and filters it by update time (millisecond strings)', async () => {
    const id = await createGroup({ type: 'normal', name: 'Timeline' });
    const realNow = t.emu.rt.now;
    const base = Date.UTC(2026, 0, 10);
    const order = [chat.crew, chat.notes, chat.design, chat.dm, chat.bot];
    try {
      for (const [i, feed] of order.entries()) {
        t.emu.rt.now = () => base + i * 1000;
        expect((await call('POST', `/${id}/batch_add_item`, { body: { items: [{ feed_id: feed, feed_type: 'chat' }] } })).body.data.failed_items).toEqual([]);
      }
    } finally {
      t.emu.rt.now = realNow;
    }
    const first = await call('GET', `/${id}/list_item`, { query: { page_size: '2' } });
    expect(first.body.data).toMatchObject({ has_more: true, items: [{ feed_id: chat.crew, update_time: String(base) }, { feed_id: chat.notes }] });
    expect(first.body.data.page_token).not.toBe('');
    expect(await allItems(id, 2)).toEqual({ items: order, deleted: [] });

    const window = await call('GET', `/${id}/list_item`, { query: { start_time: String(base + 1000), end_time: String(base + 3000) } });
    expect(window.body.data.items.map((i: any) => i.feed_id)).toEqual([chat.notes, chat.design, chat.dm]);
    expect((await call('GET', `/${id}/list_item`, { query: { start_time: 'yesterday' } })).body.code).toBe(230001);
    // Groups filter by their own update time.
    const groups = await call('GET', '', { query: { page_token: '', start_time: String(Date.now() + 60_000) } });
    expect(groups.body.data).toEqual({ groups: [], deleted_groups: [], page_token: '', has_more: false });
  });

  describe('rule groups', () => {
    const rule = (match_type: string, condition_items: unknown[], action = 'add') => ({ condition: { match_type, condition_items }, action });
    const isGroup = { type: 'chat_type', operator: 'is', chat_type: 'group' };

    it('compute their items from the rules over the chats the owner is in, live', async () => {
      const id = await createGroup({ type: 'rule', name: 'Release chats', rules: { rules: [rule('match_all', [isGroup, { type: 'keyword', operator: 'contain', keyword: 'RELEASE' }])] } });
      // Release notes is a topic chat, Release bot a bot chat; Alice is not in Release Outsiders.
      expect(await allItems(id)).toEqual({ items: [chat.crew], deleted: [] });

      // A new chat that matches is in the group at the next read.
      const train = await newChat('Release Train', [carol, alice]);
      expect(await allItems(id)).toEqual({ items: [chat.crew, train], deleted: [] });

      // New rules: topic chats and bot chats; the chats the old rules chose become deleted items.
      const update = await call('PUT', `/${id}`, {
        body: { feed_group_updater: { rules: { rules: [rule('match_any', [{ type: 'chat_type', operator: 'is', chat_type: 'thread_group' }, { type: 'chat_type', operator: 'is', chat_type: 'bot' }])] }, update_fields: [2] } },
      });
      expect(update.body.code).toBe(0);
      expect(await allItems(id)).toEqual({ items: [chat.notes, chat.bot], deleted: [chat.crew, train] });

      const queried = await call('POST', `/${id}/batch_query_item`, { body: { items: [chat.crew, chat.notes, chat.design].map((feed_id) => ({ feed_id, feed_type: 'chat' })) } });
      expect(queried.body.data).toEqual({ items: [{ feed_id: chat.notes, feed_type: 'chat', update_time: expect.any(String) }], deleted_items: [{ feed_id: chat.crew, feed_type: 'chat', update_time: expect.any(String) }] });

      // Their items follow the rules only.
      for (const op of ['batch_add_item', 'batch_remove_item']) {
        expect((await call('POST', `/${id}/${op}`, { body: { items: [{ feed_id: chat.design, feed_type: 'chat' }] } })).body.code).toBe(230001);
      }
    });

    it('apply in order: a later remove rule takes out what an earlier add rule put in', async () => {
      const id = await createGroup({
        type: 'rule',
        name: 'Groups but the crew',
        rules: { rules: [rule('match_all', [isGroup]), rule('match_any', [{ type: 'keyword', operator: 'contain', keyword: 'crew' }], 'remove')] },
      });
      const { items } = await allItems(id);
      expect(items).toContain(chat.design);
      expect(items).not.toContain(chat.crew);
      expect(items).not.toContain(chat.notes);
    });

    it('match people (user_id per user_id_type), p2p partners by name, and exact names', async () => {
      const withBob = await t.call('POST', GROUPS, {
        token: alice.user_access_token,
        query: { user_id_type: 'union_id' },
        body: { feed_group_creator: { type: 'rule', name: 'With Bob', rules: { rules: [rule('match_all', [{ type: 'chatter', operator: 'is', user_id: bob.union_id }])] } } },
      });
      expect(withBob.body.code).toBe(0);
      const id = withBob.body.data.group_id;
      expect((await allItems(id)).items.sort()).toEqual([chat.crew, chat.dm].sort());
      // Rules come back in the caller's user_id_type (open_id by default).
      const byOpen = await call('POST', '/batch_query', { body: { group_ids: [id] } });
      expect(byOpen.body.data.groups[0].rules.rules[0].condition.condition_items[0]).toEqual({ type: 'chatter', operator: 'is', user_id: bob.open_id });
      const byUnion = await call('POST', '/batch_query', { query: { user_id_type: 'union_id' }, body: { group_ids: [id] } });
      expect(byUnion.body.data.groups[0].rules.rules[0].condition.condition_items[0].user_id).toBe(bob.union_id);

      const partner = await createGroup({ type: 'rule', name: 'Bob DMs', rules: { rules: [rule('match_all', [{ type: 'chat_type', operator: 'is', chat_type: 'p2p' }, { type: 'keyword', operator: 'contain', keyword: 'bob' }])] } });
      expect((await allItems(partner)).items).toEqual([chat.dm]);

      const exact = await createGroup({ type: 'rule', name: 'Exactly design', rules: { rules: [rule('match_any', [{ type: 'keyword', operator: 'is', keyword: 'design review' }])] } });
      expect((await allItems(exact)).items).toEqual([chat.design]);
      const notRelease = await createGroup({ type: 'rule', name: 'No release', rules: { rules: [rule('match_all', [{ type: 'chat_type', operator: 'is', chat_type: 'any' }, { type: 'keyword', operator: 'not_contain', keyword: 'release' }])] } });
      expect((await allItems(notRelease)).items.sort()).toEqual([chat.design, chat.dm].sort());
    });

    it('refuse malformed rules with 230001', async () => {
      const bad = [
        [rule('match_some', [isGroup])],
        [rule('match_all', [])],
        [rule('match_all', [isGroup], 'pin')],
        [rule('match_all', [{ type: 'chat_type', operator: 'is', chat_type: 'channel' }])],
        [rule('match_all', [{ type: 'keyword', operator: 'contain' }])],
        [rule('match_all', [{ type: 'chatter', operator: 'is', user_id: 'ou_nobody' }])],
        [rule('match_all', [{ type: 'colour', operator: 'is' }])],
        [rule('match_all', [{ type: 'keyword', operator: 'like', keyword: 'x' }])],
      ];
      for (const [i, rules] of bad.entries()) {
        const res = await call('POST', '', { body: { feed_group_creator: { type: 'rule', name: `Bad ${i}`, rules: { rules } } } });
        expect([i, res.status, res.body.code]).toEqual([i, 400, 230001]);
      }
      expect((await call('POST', '', { body: { feed_group_creator: { type: 'rule', name: 'Not an object', rules: 'all' } } })).body.code).toBe(230001);
    });
  });
});
