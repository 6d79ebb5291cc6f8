import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/emulator/state.js';
import { startDemoStack, type DemoStack } from './bitable.js';
import { ALICE_TOKEN, chatNamed, feishuCalls, gqlAs, messagesOf, MESSAGES, ok, userNamed, userSays } from './messages.js';

/**
 * Messages in the graph, read over real HTTP from the emulator's demo chats: Query.message,
 * every field and content type, Chat.messages pages (first/after, since/until, order), and the
 * batching of parents and roots into one mget.
 */

let s: DemoStack;
let WAR: string;
beforeAll(async () => {
  s = await startDemoStack();
  WAR = chatNamed(s, 'Launch War Room').chat_id;
});
afterAll(() => s.close());

const CONTENT = `content { __typename
  ... on TextContent { text }
  ... on PostContent { title paragraphs text }
  ... on ImageContent { imageKey }
  ... on FileContent { fileKey fileName }
  ... on InteractiveContent { title elements }
  ... on UnknownContent { msgType raw } }`;
const FIELDS = `id messageId msgType rawContent createdAt updatedAt deleted updated threadId
  chat { chatId } sender { id idType senderType } parent { messageId } root { messageId }
  mentions { key name id user { openId } } ${CONTENT}`;

const mgets = async () => (await feishuCalls(s)).filter((c) => c.path === `${MESSAGES}/mget`);
const lists = async () => (await feishuCalls(s)).filter((c) => c.path === MESSAGES && c.method === 'GET');
const secondOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('Query.message', () => {
  it('holds the key without fetching; the first field that loads a missing message is NOT_FOUND', async () => {
    await s.clearLog();
    expect((await ok(s, '{ message(messageId: "om_missing") { messageId } }')).message).toEqual({ messageId: 'om_missing' });
    expect(await feishuCalls(s)).toEqual([]);

    const r = await s.gql('{ message(messageId: "om_missing") { messageId msgType } }');
    expect(r.errors[0]).toMatchObject({ path: ['message', 'msgType'], extensions: { code: 'NOT_FOUND' } });
    expect(r.data.message).toBeNull();
    expect((await s.gql('{ message(messageId: " ") { messageId } }')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads every field and each content type back, all in one mget', async () => {
    const stored = messagesOf(s, WAR);
    const pick = (f: (m: Message) => boolean) => {
      const m = stored.find(f);
      if (!m) throw new Error('demo message missing');
      return m;
    };
    const samples = {
      text: pick((m) => m.msg_type === 'text' && !m.deleted && !m.parent_id),
      reply: pick((m) => m.msg_type === 'text' && !!m.parent_id && !m.thread_id),
      post: pick((m) => m.msg_type === 'post' && (m.mentions?.length ?? 0) > 0),
      card: pick((m) => m.msg_type === 'interactive'),
      image: pick((m) => m.msg_type === 'image'),
      file: pick((m) => m.msg_type === 'file'),
      edited: pick((m) => m.updated && !m.deleted),
      recalled: pick((m) => m.deleted),
    };
    const query = `{ ${Object.entries(samples).map(([k, m]) => `${k}: message(messageId: "${m.message_id}") { ${FIELDS} }`).join(' ')} }`;
    await s.clearLog();
    const d = await ok(s, query);
    // Eight messages in one mget; parent and root are keys until one of their own fields is asked for.
    const calls = await mgets();
    expect(calls).toHaveLength(1);
    expect(calls[0].query.message_ids).toEqual(expect.arrayContaining(Object.values(samples).map((m) => m.message_id)));

    const text = d.text;
    expect(text).toMatchObject({
      messageId: samples.text.message_id,
      msgType: 'text',
      rawContent: samples.text.content,
      deleted: false,
      chat: { chatId: WAR },
      sender: { id: samples.text.sender_open_id, idType: 'open_id', senderType: 'user' },
      parent: null,
      content: { __typename: 'TextContent', text: JSON.parse(samples.text.content).text },
    });
    expect(Date.parse(text.createdAt)).toBe(samples.text.create_time);
    expect(d.reply.parent).toEqual({ messageId: samples.reply.parent_id });
    expect(d.reply.root).toEqual({ messageId: samples.reply.root_id });

    const post = JSON.parse(samples.post.content);
    expect(d.post.content).toMatchObject({ __typename: 'PostContent', title: post.title, paragraphs: post.content });
    expect(d.post.content.text).toContain('@_user_1');
    expect(d.post.mentions[0]).toEqual({ key: '@_user_1', name: samples.post.mentions![0].name, id: samples.post.mentions![0].open_id, user: { openId: samples.post.mentions![0].open_id } });

    expect(d.card.content).toMatchObject({ __typename: 'InteractiveContent', title: JSON.parse(samples.card.content).title });
    expect(d.card.sender).toMatchObject({ senderType: 'app', idType: 'app_id', id: s.emu.rt.appId });
    expect(d.image.content).toEqual({ __typename: 'ImageContent', imageKey: JSON.parse(samples.image.content).image_key });
    expect(d.file.content).toMatchObject({ __typename: 'FileContent', fileKey: JSON.parse(samples.file.content).file_key });
    expect(d.edited.updated).toBe(true);
    expect(d.recalled).toMatchObject({ deleted: true, mentions: [], content: { __typename: 'UnknownContent', raw: 'This message was recalled' } });
  });

  it('is a Node: node(id) gives it back', async () => {
    const m = messagesOf(s, WAR)[0];
    const { message } = await ok(s, `{ message(messageId: "${m.message_id}") { id } }`);
    const d = await ok(s, `{ node(id: "${message.id}") { __typename ... on Message { messageId msgType } } }`);
    expect(d.node).toEqual({ __typename: 'Message', messageId: m.message_id, msgType: m.msg_type });
  });
});

describe('Chat.messages', () => {
  const page = (args: string) => `{ chat(chatId: "${WAR}") { messages(${args}) { pageInfo { hasNextPage endCursor } edges { cursor node { messageId createdAt } } } } }`;
  const walk = async (first: number, extra = '') => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      const d = await ok(s, page(`first: ${first}${after ? `, after: "${after}"` : ''}${extra}`));
      const conn = d.chat.messages;
      ids.push(...conn.edges.map((e: any) => e.node.messageId));
      if (!conn.pageInfo.hasNextPage) return { ids, pages };
      after = conn.pageInfo.endCursor;
    }
  };

  it('walks the chat in pages, one upstream page each, oldest first or newest first', async () => {
    const all = (await ok(s, page('first: 50'))).chat.messages.edges.map((e: any) => e.node.messageId);
    expect(all.length).toBeGreaterThan(20);
    await s.clearLog();
    const asc = await walk(7);
    expect(asc.ids).toEqual(all);
    const calls = await lists();
    expect(calls).toHaveLength(asc.pages);
    expect(calls.every((c) => c.query.page_size === '7' && c.query.container_id === WAR)).toBe(true);

    const desc = await walk(9, ', order: DESC');
    expect(desc.ids).toEqual([...all].reverse());
  });

  it('resumes after a mid-page edge', async () => {
    const d = await ok(s, page('first: 6'));
    const edges = d.chat.messages.edges;
    const next = await ok(s, page(`first: 3, after: "${edges[2].cursor}"`));
    expect(next.chat.messages.edges.map((e: any) => e.node.messageId)).toEqual(edges.slice(3, 6).map((e: any) => e.node.messageId));
  });

  it('filters by since and until, in whole seconds, both included', async () => {
    const all = (await ok(s, page('first: 50'))).chat.messages.edges.map((e: any) => e.node);
    const since = all[4].createdAt;
    const until = all[14].createdAt;
    await s.clearLog();
    const d = await ok(s, page(`first: 50, since: "${since}", until: "${until}"`));
    const expected = all.filter((m: any) => secondOf(m.createdAt) >= secondOf(since) && secondOf(m.createdAt) <= secondOf(until));
    expect(d.chat.messages.edges.map((e: any) => e.node)).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(11);
    expect((await lists())[0].query).toMatchObject({ start_time: String(secondOf(since)), end_time: String(secondOf(until)) });
  });

  it('refuses first over 50, and since after until, without a call', async () => {
    await s.clearLog();
    const over = await s.gql(page('first: 51'));
    expect(over.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
    expect(over.errors[0].message).toContain('50');
    const backwards = await s.gql(page('since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z"'));
    expect(backwards.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await feishuCalls(s)).toEqual([]);
  });

  it('loads the parents of 20 replies in ONE mget', async () => {
    const chat = chatNamed(s, 'Launch War Room');
    const parents = messagesOf(s, WAR).filter((m) => !m.thread_id && !m.deleted).slice(0, 20);
    expect(parents).toHaveLength(20);
    const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    for (const [i, p] of parents.entries()) await userSays(s, WAR, chat.members[i % chat.members.length], { text: `re ${i}` }, { parent_id: p.message_id });

    await s.clearLog();
    const d = await ok(s, `{ chat(chatId: "${WAR}") { messages(first: 50, since: "${since}") { edges { node { messageId parent { messageId msgType rawContent } root { messageId msgType } } } } } }`);
    const nodes = d.chat.messages.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(20);
    expect(nodes.map((n: any) => n.parent.messageId)).toEqual(parents.map((p) => p.message_id));
    expect(nodes.map((n: any) => n.parent.rawContent)).toEqual(parents.map((p) => p.content));
    expect(nodes.every((n: any) => typeof n.root.msgType === 'string')).toBe(true);
    const calls = await mgets();
    expect(calls).toHaveLength(1);
    expect(calls[0].query.message_ids).toEqual(expect.arrayContaining(parents.map((p) => p.message_id)));
    expect(await lists()).toHaveLength(1);
  });

  it('works as a user, who sees the chats they are in', async () => {
    const exec = chatNamed(s, 'Exec Updates');
    const alice = await gqlAs(s, ALICE_TOKEN, `{ chat(chatId: "${exec.chat_id}") { messages(first: 3) { edges { node { messageId sender { senderType } } } } } }`);
    expect(alice.errors).toBeUndefined();
    expect(alice.data.chat.messages.edges).toHaveLength(3);
    expect(exec.members).not.toContain(userNamed(s, 'Carol Wang').open_id);
    const carol = await gqlAs(s, 'u-demo-carol', `{ chat(chatId: "${exec.chat_id}") { messages(first: 3) { edges { node { messageId } } } } }`);
    expect(carol.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', feishu: { code: 230002 } });
  });
});
