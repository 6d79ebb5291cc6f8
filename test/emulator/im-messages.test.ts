import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantKeyOf } from '../../src/emulator/ids.js';
import { newUser, startTestEmulator, withUserAccessToken, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { frozenClock, IM, newChat, outcome, reply, send, sent, textContent, userSays } from '../helpers/im.js';

describe('IM messages', () => {
  let t: TestEmulator;
  let ada: TestUser;
  let bob: TestUser;
  let cy: TestUser;
  /** Ada and Bob with the bot; Ada owns it. */
  let team: string;
  /** Ada and Bob without the bot. */
  let botless: string;
  let tenantKey: string;
  const get = (id: string, query: Record<string, string> = {}, token?: string) => t.call('GET', `${IM}/messages/${id}`, { query, token });
  const stored = () => Object.keys(t.emu.rt.state.messages).length;

  beforeAll(async () => {
    t = await startTestEmulator();
    ada = await newUser(t, 'Ada', { email: 'Ada@Example.com' });
    bob = await newUser(t, 'Bob');
    cy = await newUser(t, 'Cy');
    team = await newChat(t, 'Team', [ada.open_id, bob.open_id]);
    botless = await newChat(t, 'Private', [ada.open_id, bob.open_id], { bot_member: false });
    tenantKey = tenantKeyOf(t.emu.rt.appId);
  });
  afterAll(() => t.close());

  describe('send', () => {
    it('sends through the official SDK and reads the message back with get', async () => {
      const res = await t.sdk.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: team, msg_type: 'text', content: textContent('hello team') } });
      expect(res.code).toBe(0);
      const m = res.data!;
      expect(m.message_id).toMatch(/^om_[0-9a-f]{32}$/);
      expect(m).toMatchObject({
        msg_type: 'text',
        chat_id: team,
        deleted: false,
        updated: false,
        sender: { id: t.emu.rt.appId, id_type: 'app_id', sender_type: 'app', tenant_key: tenantKey },
        body: { content: '{"text":"hello team"}' },
      });
      expect(m.create_time).toMatch(/^\d{13}$/);
      expect(m.update_time).toBe(m.create_time);
      expect(Object.keys(m)).not.toContain('root_id');

      const read = await t.sdk.im.message.get({ path: { message_id: m.message_id! } });
      expect(read.data!.items).toEqual([m]);
    });

    it('sends to a user by every receive_id_type, all into one p2p chat between the bot and that user', async () => {
      const ids = { open_id: ada.open_id, union_id: ada.union_id, user_id: ada.user_id, email: 'ada@example.COM' };
      const chats = new Set<string>();
      for (const [type, id] of Object.entries(ids)) {
        const res = await send(t, type, id, textContent(`via ${type}`));
        expect(res.body.code, type).toBe(0);
        chats.add(res.body.data.chat_id);
      }
      expect(chats.size).toBe(1);
      const [p2p] = chats;
      expect(t.emu.rt.state.chats[p2p]).toMatchObject({ chat_mode: 'p2p', members: [ada.open_id], bot_member: true, name: '' });
      const byChatId = await send(t, 'chat_id', p2p, textContent('via chat_id'));
      expect(byChatId.body.data.chat_id).toBe(p2p);
      // Ada reads her p2p history with her own token.
      const list = await t.call('GET', `${IM}/messages`, { query: { container_id_type: 'chat', container_id: p2p }, token: ada.user_access_token });
      expect(list.body.data.items.map((m: any) => JSON.parse(m.body.content).text)).toEqual(['via open_id', 'via union_id', 'via user_id', 'via email', 'via chat_id']);
    });

    it('answers the documented codes for bad receivers and refuses bad content without leaving a chat behind', async () => {
      expect(outcome(await send(t, 'phone', '123', textContent('x')))).toEqual([400, 230001]);
      expect(outcome(await t.call('POST', `${IM}/messages`, { body: { receive_id: team, msg_type: 'text', content: textContent('x') } }))).toEqual([400, 230001]);
      expect(outcome(await send(t, 'chat_id', '', textContent('x')))).toEqual([400, 230001]);
      for (const [type, id] of [['open_id', 'ou_00000000000000000000000000000000'], ['union_id', 'on_nobody'], ['user_id', 'nobody'], ['email', 'nobody@example.com'], ['chat_id', 'oc_00000000000000000000000000000000'], ['open_id', t.emu.rt.bot.open_id]]) {
        const res = await send(t, type, id, textContent('x'));
        expect(outcome(res), `${type} ${id}`).toEqual([400, 230034]);
        expect(res.body.msg).toBe('The receive_id is invalid.');
      }
      expect(outcome(await send(t, 'chat_id', botless, textContent('x')))).toEqual([400, 230002]);

      const chatsBefore = Object.keys(t.emu.rt.state.chats).length;
      const messagesBefore = stored();
      const refusals: [string, string, number][] = [
        ['text', textContent('   '), 230001],
        ['text', '{"text": 5}', 230001],
        ['text', 'not json', 230001],
        ['text', '["text"]', 230001],
        ['text', '', 230001],
        ['system', '{"template":"x"}', 230001],
        ['image', '{}', 230001],
        ['post', '{"zh_cn":{"title":"","content":[]}}', 230001],
        ['post', '{"zh_cn":{"content":[[{"tag":"blink","text":"x"}]]}}', 230001],
        ['post', '{"zh_cn":{"content":[[{"tag":"img","image_key":"img_1"},{"tag":"text","text":"x"}]]}}', 230001],
        ['interactive', '{"header":{}}', 230099],
        ['text', textContent('x'.repeat(150 * 1024)), 230025],
        ['post', JSON.stringify({ zh_cn: { title: 'big', content: [[{ tag: 'text', text: 'x'.repeat(30 * 1024) }]] } }), 230025],
      ];
      for (const [msgType, content, code] of refusals) {
        // Cy has no p2p chat with the bot yet: a refused send must not make one.
        expect(outcome(await send(t, 'open_id', cy.open_id, content, { msg_type: msgType })), `${msgType} ${content.slice(0, 60)}`).toEqual([400, code]);
      }
      expect(Object.keys(t.emu.rt.state.chats).length).toBe(chatsBefore);
      expect(stored()).toBe(messagesBefore);
      const noMsgType = await t.call('POST', `${IM}/messages`, { query: { receive_id_type: 'chat_id' }, body: { receive_id: team, content: textContent('x') } });
      expect(outcome(noMsgType)).toEqual([400, 230001]);
      expect(noMsgType.body.msg).toMatch(/^Your request contains an invalid request parameter, ext=msg_type/);
    });

    it('sends once per uuid within an hour, answering the first message', async () => {
      const clock = frozenClock(t);
      const before = stored();
      const first = await sent(t, team, textContent('once'), { uuid: 'uuid-1' });
      const again = await sent(t, team, textContent('twice?'), { uuid: 'uuid-1' });
      expect(again).toEqual(first);
      expect(stored()).toBe(before + 1);
      // Another sender has its own uuids; the SDK sends the uuid in the body.
      const asAda = await t.sdk.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: team, msg_type: 'text', content: textContent('ada'), uuid: 'uuid-1' } }, withUserAccessToken(ada.user_access_token));
      expect(asAda.data!.message_id).not.toBe(first.message_id);
      const adaAgain = await send(t, 'chat_id', team, textContent('ada again'), { uuid: 'uuid-1', token: ada.user_access_token });
      expect(adaAgain.body.data.message_id).toBe(asAda.data!.message_id);

      clock.advance(59 * 60_000);
      expect((await sent(t, team, textContent('still once'), { uuid: 'uuid-1' })).message_id).toBe(first.message_id);
      clock.advance(60_000);
      const later = await sent(t, team, textContent('an hour later'), { uuid: 'uuid-1' });
      expect(later.message_id).not.toBe(first.message_id);
      expect(outcome(await send(t, 'chat_id', team, textContent('x'), { uuid: 'u'.repeat(51) }))).toEqual([400, 230001]);
    });
  });

  describe('content formats', () => {
    it('turns text mentions into @_user_N keys with a mentions array, in any id type', async () => {
      const text = `<at user_id="${ada.open_id}">Whoever</at> and <at user_id='${bob.union_id}'></at> meet <at user_id=${cy.user_id}>C</at>, <at user_id="all">everyone</at> **please** <i>read</i> [doc](https://example.com)`;
      const m = await sent(t, team, textContent(text));
      expect(JSON.parse(m.body.content)).toEqual({ text: '@_user_1 and @_user_2 meet @_user_3, @_all please read [doc](https://example.com)' });
      expect(m.mentions).toEqual([
        { key: '@_user_1', id: ada.open_id, id_type: 'open_id', name: 'Ada', tenant_key: tenantKey },
        { key: '@_user_2', id: bob.open_id, id_type: 'open_id', name: 'Bob', tenant_key: tenantKey },
        { key: '@_user_3', id: cy.open_id, id_type: 'open_id', name: 'Cy', tenant_key: tenantKey },
      ]);
      const byUnion = await get(m.message_id, { user_id_type: 'union_id' });
      expect(byUnion.body.data.items[0].mentions.map((x: any) => [x.id, x.id_type])).toEqual([[ada.union_id, 'union_id'], [bob.union_id, 'union_id'], [cy.union_id, 'union_id']]);
      expect(outcome(await send(t, 'chat_id', team, textContent('<at user_id="ou_nobody">X</at>')))).toEqual([400, 230001]);
    });

    it('unwraps posts to one locale, keys their mentions and turns md into plain tags', async () => {
      const content = {
        en_us: { title: 'ignored', content: [[{ tag: 'text', text: 'en' }]] },
        zh_cn: {
          title: 'Plan',
          content: [
            [{ tag: 'text', text: 'Hi ', style: ['bold', 'blink'] }, { tag: 'at', user_id: bob.open_id }, { tag: 'a', href: 'https://example.com', text: 'link' }],
            [{ tag: 'img', image_key: 'img_v3_1' }],
            [{ tag: 'md', text: `**Owner:** <at user_id="${ada.open_id}">Ada</at>\n- see [brief](https://example.com/b)\n---\n\`\`\`go\nfunc main() {}\n\`\`\`` }],
            [{ tag: 'emotion', emoji_type: 'SMILE' }, { tag: 'hr' }, { tag: 'code_block', language: 'go', text: 'x := 1' }],
          ],
        },
      };
      const m = await sent(t, team, JSON.stringify(content), { msg_type: 'post' });
      expect(JSON.parse(m.body.content)).toEqual({
        title: 'Plan',
        content: [
          [{ tag: 'text', text: 'Hi ', style: ['bold'] }, { tag: 'at', user_id: '@_user_1', user_name: '' }, { tag: 'a', href: 'https://example.com', text: 'link' }],
          [{ tag: 'img', image_key: 'img_v3_1' }],
          [{ tag: 'text', text: 'Owner: ' }, { tag: 'at', user_id: '@_user_2', user_name: '' }],
          [{ tag: 'text', text: '- see ' }, { tag: 'a', href: 'https://example.com/b', text: 'brief' }],
          [{ tag: 'hr' }],
          [{ tag: 'code_block', language: 'GO', text: 'func main() {}' }],
          [{ tag: 'emotion', emoji_type: 'SMILE' }, { tag: 'hr' }, { tag: 'code_block', language: 'GO', text: 'x := 1' }],
        ],
      });
      expect(m.mentions.map((x: any) => [x.key, x.id])).toEqual([['@_user_1', bob.open_id], ['@_user_2', ada.open_id]]);
    });

    it('stores the other message types in their receive format', async () => {
      const cases: [string, object, object][] = [
        ['image', { image_key: 'img_v3_abc' }, { image_key: 'img_v3_abc' }],
        ['file', { file_key: 'file_v3_abc' }, { file_key: 'file_v3_abc', file_name: '' }],
        ['file', { file_key: 'file_v3_abc', file_name: 'brief.pdf' }, { file_key: 'file_v3_abc', file_name: 'brief.pdf' }],
        ['audio', { file_key: 'file_v3_opus' }, { file_key: 'file_v3_opus', duration: 0 }],
        ['media', { file_key: 'file_v3_mp4', image_key: 'img_v3_cover' }, { file_key: 'file_v3_mp4', image_key: 'img_v3_cover', file_name: '', duration: 0 }],
        ['sticker', { file_key: 'file_v3_sticker' }, { file_key: 'file_v3_sticker' }],
        ['share_chat', { chat_id: team }, { chat_id: team }],
        ['share_user', { user_id: bob.union_id }, { user_id: bob.open_id }],
        ['interactive', { type: 'template', data: { template_id: 'AAq1', template_variable: { a: 1 } } }, { title: '', elements: [] }],
        ['interactive', { schema: '2.0', header: { title: { tag: 'plain_text', content: 'V2' } }, body: { elements: [] } }, { title: 'V2', elements: [[{ tag: 'text', text: '请升级至最新版本客户端，以查看内容' }]] }],
        [
          'interactive',
          {
            header: { title: { tag: 'plain_text', content: 'Status' } },
            elements: [
              { tag: 'div', text: { tag: 'lark_md', content: `Owner <at id=${ada.open_id}></at>` } },
              { tag: 'hr' },
              { tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: 'Open' }, type: 'primary' }] },
              { tag: 'note', elements: [{ tag: 'plain_text', content: 'fyi' }] },
            ],
          },
          { title: 'Status', elements: [[{ tag: 'text', text: 'Owner ' }, { tag: 'at', user_id: '@_user_1', user_name: '' }], [{ tag: 'hr' }], [{ tag: 'button', text: 'Open', type: 'primary' }], [{ tag: 'note', elements: [{ tag: 'text', text: 'fyi' }] }]] },
        ],
      ];
      for (const [msgType, content, expected] of cases) {
        const m = await sent(t, team, JSON.stringify(content), { msg_type: msgType });
        expect(JSON.parse(m.body.content), msgType).toEqual(expected);
      }
      const p2p = (await send(t, 'open_id', bob.open_id, textContent('hi bob'))).body.data.chat_id;
      expect(outcome(await send(t, 'chat_id', team, JSON.stringify({ chat_id: p2p }), { msg_type: 'share_chat' }))).toEqual([400, 230015]);
      expect(outcome(await send(t, 'chat_id', team, JSON.stringify({ user_id: 'ou_nobody' }), { msg_type: 'share_user' }))).toEqual([400, 230001]);
    });
  });

  describe('reply', () => {
    it('keeps the reply tree through the official SDK, and reply_in_thread opens a thread on the message', async () => {
      const root = await sent(t, team, textContent('root'));
      const first = await t.sdk.im.message.reply({ path: { message_id: root.message_id }, data: { msg_type: 'text', content: textContent('first') } });
      expect(first.data).toMatchObject({ parent_id: root.message_id, root_id: root.message_id, chat_id: team });
      expect(first.data!.thread_id).toBeUndefined();
      const nested = await t.sdk.im.message.reply({ path: { message_id: first.data!.message_id! }, data: { msg_type: 'text', content: textContent('nested') } });
      expect(nested.data).toMatchObject({ parent_id: first.data!.message_id, root_id: root.message_id });

      const topic = await sent(t, team, textContent('topic'));
      const inThread = await t.sdk.im.message.reply({ path: { message_id: topic.message_id }, data: { msg_type: 'text', content: textContent('in thread'), reply_in_thread: true } });
      const threadId = inThread.data!.thread_id!;
      expect(threadId).toMatch(/^omt_[0-9a-f]{12}$/);
      expect(inThread.data).toMatchObject({ parent_id: topic.message_id, root_id: topic.message_id });
      expect((await get(topic.message_id)).body.data.items[0].thread_id).toBe(threadId);
      // A reply to a message in a thread stays in it (reply_in_thread is implied), parented on the thread's root.
      const follow = await reply(t, inThread.data!.message_id!, textContent('follow-up'));
      expect(follow.body.data).toMatchObject({ thread_id: threadId, parent_id: topic.message_id, root_id: topic.message_id });

      // The chat lists the thread by its root; the thread lists root and replies.
      const chatList = await t.call('GET', `${IM}/messages`, { query: { container_id_type: 'chat', container_id: team, page_size: '50', sort_type: 'ByCreateTimeDesc' } });
      const inChat = chatList.body.data.items.map((m: any) => m.message_id);
      expect(inChat).toContain(topic.message_id);
      expect(inChat).not.toContain(inThread.data!.message_id);
      const threadList = await t.sdk.im.message.list({ params: { container_id_type: 'thread', container_id: threadId } });
      expect(threadList.data!.items!.map((m) => JSON.parse(m.body!.content).text)).toEqual(['topic', 'in thread', 'follow-up']);
    });

    it('opens a topic for every message of a topic chat', async () => {
      const topics = await newChat(t, 'Topics', [ada.open_id], { chat_mode: 'topic' });
      const post = await sent(t, topics, textContent('new topic'));
      expect(post.thread_id).toMatch(/^omt_/);
      const answer = await reply(t, post.message_id, textContent('answer'));
      expect(answer.body.data).toMatchObject({ thread_id: post.thread_id, root_id: post.message_id, parent_id: post.message_id });
    });

    it('refuses replies to unknown or recalled messages, and de-duplicates replies by uuid', async () => {
      expect(outcome(await reply(t, 'om_00000000000000000000000000000000', textContent('x')))).toEqual([400, 230001]);
      const root = await sent(t, team, textContent('soon gone'));
      const once = await reply(t, root.message_id, textContent('r'), { uuid: 'reply-uuid' });
      const twice = await reply(t, root.message_id, textContent('r2'), { uuid: 'reply-uuid' });
      expect(twice.body.data.message_id).toBe(once.body.data.message_id);
      expect(outcome(await reply(t, root.message_id, textContent('x'), { reply_in_thread: 'yes' as any }))).toEqual([400, 230001]);
      expect((await t.call('DELETE', `${IM}/messages/${root.message_id}`)).body.code).toBe(0);
      expect(outcome(await reply(t, root.message_id, textContent('too late')))).toEqual([400, 230011]);
      const inBotless = await userSays(t, botless, ada.open_id, textContent('private'));
      expect(outcome(await reply(t, inBotless, textContent('x')))).toEqual([400, 230002]);
    });
  });

  describe('edit, card update and recall', () => {
    it('edits text and post messages of its own, at most 20 times', async () => {
      const clock = frozenClock(t);
      const m = await sent(t, team, textContent('draft'));
      clock.advance(5000);
      const edited = await t.sdk.im.message.update({ path: { message_id: m.message_id }, data: { msg_type: 'text', content: textContent(`final <at user_id="${ada.open_id}">Ada</at>`) } });
      expect(edited.data).toMatchObject({ message_id: m.message_id, updated: true, create_time: m.create_time, update_time: String(clock.now), body: { content: '{"text":"final @_user_1"}' } });
      expect(edited.data!.mentions!.map((x) => x.id)).toEqual([ada.open_id]);
      const asPost = await t.call('PUT', `${IM}/messages/${m.message_id}`, { body: { msg_type: 'post', content: JSON.stringify({ zh_cn: { title: 'Now a post', content: [] } }) } });
      expect(asPost.body.data).toMatchObject({ msg_type: 'post', body: { content: '{"title":"Now a post","content":[]}' } });
      expect(asPost.body.data.mentions).toBeUndefined();

      for (let i = 3; i <= 20; i++) expect((await t.call('PUT', `${IM}/messages/${m.message_id}`, { body: { msg_type: 'text', content: textContent(`v${i}`) } })).body.code).toBe(0);
      expect(outcome(await t.call('PUT', `${IM}/messages/${m.message_id}`, { body: { msg_type: 'text', content: textContent('v21') } }))).toEqual([400, 230072]);

      const byAda = await userSays(t, team, ada.open_id, textContent('mine'));
      expect(outcome(await t.call('PUT', `${IM}/messages/${byAda}`, { body: { msg_type: 'text', content: textContent('hijack') } }))).toEqual([400, 230071]);
      const adaEdits = await t.call('PUT', `${IM}/messages/${byAda}`, { body: { msg_type: 'text', content: textContent('mine, edited') }, token: ada.user_access_token });
      expect(adaEdits.body.data).toMatchObject({ updated: true, sender: { id: ada.open_id, sender_type: 'user' } });
      const image = await sent(t, team, JSON.stringify({ image_key: 'img_1' }), { msg_type: 'image' });
      expect(outcome(await t.call('PUT', `${IM}/messages/${image.message_id}`, { body: { msg_type: 'text', content: textContent('x') } }))).toEqual([400, 230054]);
      const other = await sent(t, team, textContent('x'));
      expect(outcome(await t.call('PUT', `${IM}/messages/${other.message_id}`, { body: { msg_type: 'image', content: '{"image_key":"img_1"}' } }))).toEqual([400, 230001]);
      expect(outcome(await t.call('PUT', `${IM}/messages/${other.message_id}`, { body: { msg_type: 'text', content: textContent(' ') } }))).toEqual([400, 230001]);
      await t.call('DELETE', `${IM}/messages/${other.message_id}`);
      expect(outcome(await t.call('PUT', `${IM}/messages/${other.message_id}`, { body: { msg_type: 'text', content: textContent('x') } }))).toEqual([400, 230011]);
    });

    it('updates shared cards only, of its own, within 14 days (PATCH)', async () => {
      const card = (title: string, shared = true) => JSON.stringify({ config: { update_multi: shared }, header: { title: { tag: 'plain_text', content: title } }, elements: [{ tag: 'div', text: { tag: 'plain_text', content: 'body' } }] });
      const m = await sent(t, team, card('v1'), { msg_type: 'interactive' });
      const res = await t.sdk.im.message.patch({ path: { message_id: m.message_id }, data: { content: card('v2') } });
      expect(res).toMatchObject({ code: 0, data: {} });
      const after = (await get(m.message_id)).body.data.items[0];
      expect(after).toMatchObject({ updated: true, msg_type: 'interactive' });
      expect(JSON.parse(after.body.content).title).toBe('v2');

      expect(outcome(await t.call('PATCH', `${IM}/messages/${m.message_id}`, { body: { content: card('v3', false) } }))).toEqual([400, 230099]);
      const unshared = await sent(t, team, card('private', false), { msg_type: 'interactive' });
      expect(outcome(await t.call('PATCH', `${IM}/messages/${unshared.message_id}`, { body: { content: card('v2') } }))).toEqual([400, 230099]);
      const v2 = await sent(t, team, JSON.stringify({ schema: '2.0', body: { elements: [] } }), { msg_type: 'interactive' });
      expect((await t.call('PATCH', `${IM}/messages/${v2.message_id}`, { body: { content: JSON.stringify({ schema: '2.0', body: { elements: [] } }) } })).body.code).toBe(0);

      expect(outcome(await t.call('PATCH', `${IM}/messages/${m.message_id}`, { body: { content: card('x') }, token: ada.user_access_token }))).toEqual([400, 230027]);
      const text = await sent(t, team, textContent('plain'));
      expect(outcome(await t.call('PATCH', `${IM}/messages/${text.message_id}`, { body: { content: card('x') } }))).toEqual([400, 230054]);
      expect(outcome(await t.call('PATCH', `${IM}/messages/${m.message_id}`, { body: { content: 'not json' } }))).toEqual([400, 230001]);
      t.emu.rt.state.messages[m.message_id].create_time -= 15 * 86_400_000;
      expect(outcome(await t.call('PATCH', `${IM}/messages/${m.message_id}`, { body: { content: card('late') } }))).toEqual([400, 230031]);
    });

    it('recalls: the sender its own messages, the group owner anyone’s', async () => {
      const m = await sent(t, team, textContent(`bye <at user_id="${ada.open_id}"></at>`));
      const res = await t.sdk.im.message.delete({ path: { message_id: m.message_id } });
      expect(res).toMatchObject({ code: 0, data: {} });
      const gone = (await get(m.message_id)).body.data.items[0];
      expect(gone).toMatchObject({ deleted: true, body: { content: 'This message was recalled' } });
      expect(gone.mentions).toBeUndefined();
      expect(outcome(await t.call('DELETE', `${IM}/messages/${m.message_id}`))).toEqual([400, 230011]);

      const byBob = await userSays(t, team, bob.open_id, textContent('bob speaks'));
      const byAda = await userSays(t, team, ada.open_id, textContent('ada speaks'));
      expect(outcome(await t.call('DELETE', `${IM}/messages/${byBob}`))).toEqual([400, 230026]); // the bot does not own Team
      expect(outcome(await t.call('DELETE', `${IM}/messages/${byAda}`, { token: bob.user_access_token }))).toEqual([400, 230026]);
      expect((await t.call('DELETE', `${IM}/messages/${byBob}`, { token: ada.user_access_token })).body.code).toBe(0); // Ada owns Team
      expect((await t.call('DELETE', `${IM}/messages/${byAda}`, { token: ada.user_access_token })).body.code).toBe(0);
      // A chat made without members is the bot's own: it may recall anyone's message there.
      const botsChat = await newChat(t, 'Bot owned', []);
      t.emu.rt.state.chats[botsChat].members.push(cy.open_id);
      const byCy = await userSays(t, botsChat, cy.open_id, textContent('cy'));
      expect((await t.call('DELETE', `${IM}/messages/${byCy}`)).body.code).toBe(0);
    });
  });

  describe('identity and membership', () => {
    it('acts as the user of a user token: sender, membership and p2p chats are the user’s', async () => {
      const res = await t.sdk.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: botless, msg_type: 'text', content: textContent('no bot here') } }, withUserAccessToken(ada.user_access_token));
      expect(res.data).toMatchObject({ chat_id: botless, sender: { id: ada.open_id, id_type: 'open_id', sender_type: 'user', tenant_key: tenantKey } });
      expect(outcome(await send(t, 'chat_id', botless, textContent('x'), { token: cy.user_access_token }))).toEqual([400, 230002]);

      const dm = await send(t, 'open_id', bob.open_id, textContent('hi Bob, from Ada'), { token: ada.user_access_token });
      const p2p = dm.body.data.chat_id;
      expect(t.emu.rt.state.chats[p2p]).toMatchObject({ chat_mode: 'p2p', bot_member: false, members: [ada.open_id, bob.open_id].sort() });
      const back = await send(t, 'email', 'ada@example.com', textContent('hi Ada'), { token: bob.user_access_token });
      expect(back.body.data.chat_id).toBe(p2p);
      const list = (token?: string) => t.call('GET', `${IM}/messages`, { query: { container_id_type: 'chat', container_id: p2p }, token });
      expect((await list(bob.user_access_token)).body.data.items).toHaveLength(2);
      expect(outcome(await list())).toEqual([400, 230002]);
      expect(outcome(await list(cy.user_access_token))).toEqual([400, 230002]);
      expect(outcome(await send(t, 'open_id', ada.open_id, textContent('me'), { token: ada.user_access_token }))).toEqual([400, 230034]);
    });

    it('answers 230002 wherever the bot is not a member of the chat', async () => {
      const inside = await userSays(t, botless, ada.open_id, textContent('members only'));
      expect(outcome(await get(inside))).toEqual([400, 230002]);
      expect(outcome(await t.call('GET', `${IM}/messages`, { query: { container_id_type: 'chat', container_id: botless } }))).toEqual([400, 230002]);
      expect(outcome(await t.call('PUT', `${IM}/messages/${inside}`, { body: { msg_type: 'text', content: textContent('x') } }))).toEqual([400, 230002]);
      expect(outcome(await t.call('DELETE', `${IM}/messages/${inside}`))).toEqual([400, 230002]);
      expect((await get(inside, {}, bob.user_access_token)).body.code).toBe(0);
      expect(outcome(await get('om_00000000000000000000000000000000'))).toEqual([400, 230001]);
      expect(outcome(await get(inside, { user_id_type: 'email' }, bob.user_access_token))).toEqual([400, 230001]);
      expect(outcome(await t.call('GET', `${IM}/messages/${inside}`, { token: null }))).toEqual([400, 99991661]);
    });
  });

  describe('mget', () => {
    it('reads up to 50 messages in one call, leaving out unknown and invisible ones', async () => {
      const a = await sent(t, team, textContent('a'));
      const b = await userSays(t, team, bob.open_id, textContent('b'));
      const hidden = await userSays(t, botless, ada.open_id, textContent('hidden'));
      const res = await t.call('GET', `${IM}/messages/mget`, { query: { message_ids: [b, 'om_00000000000000000000000000000000', hidden, a.message_id, b], with_sender_name: 'true' } });
      expect(res.body.code).toBe(0);
      expect(res.body.data.items.map((m: any) => [m.message_id, m.sender.sender_name])).toEqual([[b, 'Bob'], [a.message_id, 'Emulator App']]);
      const asAda = await t.call('GET', `${IM}/messages/mget`, { query: { message_ids: [hidden, b], user_id_type: 'user_id' }, token: ada.user_access_token });
      expect(asAda.body.data.items.map((m: any) => m.sender.id)).toEqual([ada.user_id, bob.user_id]);
      const sdk = await t.sdk.request({ method: 'GET', url: '/open-apis/im/v1/messages/mget', params: { message_ids: a.message_id } }); // sdk.request has no repeat serializer: one id
      expect(sdk.data.items[0].message_id).toBe(a.message_id);

      const many = Array.from({ length: 51 }, (_, i) => `om_${String(i).padStart(32, '0')}`);
      expect((await t.call('GET', `${IM}/messages/mget`, { query: { message_ids: many.slice(0, 50) } })).body).toMatchObject({ code: 0, data: { items: [] } });
      expect(outcome(await t.call('GET', `${IM}/messages/mget`, { query: { message_ids: many } }))).toEqual([400, 230001]);
      expect(outcome(await t.call('GET', `${IM}/messages/mget`))).toEqual([400, 230001]);
    });
  });

  describe('admin API and rate limits', () => {
    it('stores admin messages in the receive format that list and get answer, threads included', async () => {
      const chat = await newChat(t, 'Admin talk', [ada.open_id, bob.open_id]);
      const id = await userSays(t, chat, ada.open_id, textContent(`ping <at user_id="${bob.open_id}">Bob</at>`));
      expect(t.emu.rt.state.messages[id]).toMatchObject({ content: '{"text":"ping @_user_1"}', mentions: [{ key: '@_user_1', open_id: bob.open_id, name: 'Bob' }] });
      const threaded = await userSays(t, chat, bob.open_id, textContent('pong'), { parent_id: id, reply_in_thread: true });
      const list = await t.sdk.im.message.list({ params: { container_id_type: 'chat', container_id: chat } });
      expect(list.data!.items!.map((m) => [m.message_id, m.sender!.id, m.body!.content, m.mentions?.[0]?.id])).toEqual([[id, ada.open_id, '{"text":"ping @_user_1"}', bob.open_id]]);
      expect((await get(threaded)).body.data.items[0]).toMatchObject({ parent_id: id, root_id: id, thread_id: expect.stringMatching(/^omt_/) });

      const bad = (body: object) => t.admin('POST', `/chats/${chat}/messages`, { sender_open_id: ada.open_id, msg_type: 'text', ...body });
      expect((await bad({ content: textContent(' ') })).status).toBe(400);
      expect((await bad({ content: textContent('x'), parent_id: await userSays(t, team, ada.open_id, textContent('elsewhere')) })).status).toBe(400);
      expect((await bad({ msg_type: 'nope', content: '{}' })).status).toBe(400);
    });

    it('counts sends and replies to one chat against its 5 QPS (documented limits)', async () => {
      frozenClock(t);
      const root = await sent(t, team, textContent('root'));
      expect((await t.admin('PUT', '/config', { rateLimits: 'documented' })).status).toBe(200);
      try {
        const results = [];
        for (let i = 0; i < 3; i++) results.push((await send(t, 'chat_id', team, textContent(`s${i}`))).status);
        for (let i = 0; i < 3; i++) results.push((await reply(t, root.message_id, textContent(`r${i}`))).status);
        expect(results).toEqual([200, 200, 200, 200, 200, 429]);
        const over = await reply(t, root.message_id, textContent('again'));
        expect(over.body.code).toBe(99991400);
        expect(over.headers.get('x-ogw-ratelimit-limit')).toBe('5');
        expect((await send(t, 'chat_id', botless, textContent('x'), { token: ada.user_access_token })).status).toBe(200); // another chat
      } finally {
        await t.admin('PUT', '/config', { rateLimits: 'off' });
      }
    });
  });
});
