import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from './bitable.js';
import { ALICE_TOKEN, chatNamed, dryThenReal, fault, feishuCalls, gqlAs, messagesOf, MESSAGES, mutation, ok, refusal, userNamed, writes } from './messages.js';

/**
 * editMessage, updateCard and recallMessage over real HTTP on the demo chats (dry run, real run,
 * read back), and the gateway's own retries of sends and recalls whose answers were lost.
 */

let s: DemoStack;
let CHAT: string;
beforeAll(async () => {
  s = await startDemoStack();
  CHAT = chatNamed(s, 'Comet Launch').chat_id;
});
afterAll(() => s.close());

const sendAsBot = async (content: Record<string, unknown>) =>
  (await ok(s, mutation('sendMessage', 'message { messageId }'), { input: { receiveId: CHAT, receiveIdType: 'CHAT_ID', ...content } })).sendMessage.message.messageId as string;
const readBack = async (messageId: string, selection: string) => (await ok(s, `{ message(messageId: "${messageId}") { ${selection} } }`)).message;

const card = (title: string) => ({
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title } },
  elements: [{ tag: 'div', text: { tag: 'plain_text', content: `${title} body` } }],
});

describe('editMessage', () => {
  it('plans one PUT, then replaces text with a post; the edit reads back', async () => {
    const id = await sendAsBot({ text: 'draft' });
    const post = { zh_cn: { title: 'Final', content: [[{ tag: 'text', text: 'All done' }]] } };
    const { planned, payload } = await dryThenReal(s, 'editMessage', { messageId: id, post }, 'message { messageId msgType updated content { ... on PostContent { title text } } }');
    expect(planned).toEqual([{ endpoint: 'im.editMessage', method: 'PUT', path: `${MESSAGES}/${id}`, query: {}, body: { msg_type: 'post', content: JSON.stringify(post) } }]);
    expect(payload.message).toEqual({ messageId: id, msgType: 'post', updated: true, content: { title: 'Final', text: 'All done' } });
    expect(await readBack(id, 'msgType updated rawContent')).toEqual({ msgType: 'post', updated: true, rawContent: s.emu.rt.state.messages[id].content });
  });

  it('refuses both text and post without a call, and someone else\'s message through Feishu', async () => {
    const id = await sendAsBot({ text: 'mine' });
    await s.clearLog();
    await refusal(s, 'editMessage', { messageId: id, text: 'a', post: { title: 'b', content: [] } }, 'BAD_USER_INPUT', 'input.post');
    await refusal(s, 'editMessage', { messageId: id }, 'BAD_USER_INPUT', 'input');
    expect(await feishuCalls(s)).toEqual([]);
    // Alice may not edit the bot's message (230071).
    const r = await gqlAs(s, ALICE_TOKEN, mutation('editMessage', 'message { messageId }'), { input: { messageId: id, text: 'hijack' } });
    expect(r.errors[0].extensions.feishu).toMatchObject({ code: 230071 });
    expect(JSON.parse(s.emu.rt.state.messages[id].content)).toEqual({ text: 'mine' });
  });
});

describe('updateCard', () => {
  it('plans one PATCH, then replaces the card; the payload reads the new card', async () => {
    const id = await sendAsBot({ card: card('Before') });
    const { planned, payload } = await dryThenReal(s, 'updateCard', { messageId: id, card: card('After') }, 'message { messageId updated content { ... on InteractiveContent { title } } }');
    expect(planned).toEqual([{ endpoint: 'im.updateCard', method: 'PATCH', path: `${MESSAGES}/${id}`, query: {}, body: { content: JSON.stringify(card('After')) } }]);
    expect(payload.message).toEqual({ messageId: id, updated: true, content: { title: 'After' } });
  });

  it('refuses a card that is not an object without a call, and an unshared card through Feishu', async () => {
    const id = await sendAsBot({ card: { header: { title: { tag: 'plain_text', content: 'Fixed' } }, elements: [] } });
    await s.clearLog();
    await refusal(s, 'updateCard', { messageId: id, card: 'not json' }, 'BAD_USER_INPUT', 'input.card');
    expect(await feishuCalls(s)).toEqual([]);
    const e = await refusal(s, 'updateCard', { messageId: id, card: card('Nope') }, 'BAD_USER_INPUT');
    expect(e.extensions.feishu).toMatchObject({ code: 230099 });
  });
});

describe('recallMessage', () => {
  it('plans one DELETE, then recalls; the message reads as deleted', async () => {
    const eve = userNamed(s, 'Eve Liu');
    const id = await sendAsBot({ text: `<at user_id="${eve.open_id}">Eve</at> oops` });
    const { planned, payload } = await dryThenReal(s, 'recallMessage', { messageId: id }, 'message { messageId deleted mentions { key } content { __typename ... on UnknownContent { msgType raw } } }');
    expect(planned).toEqual([{ endpoint: 'im.recallMessage', method: 'DELETE', path: `${MESSAGES}/${id}`, query: {}, body: null }]);
    expect(payload.message).toEqual({ messageId: id, deleted: true, mentions: [], content: { __typename: 'UnknownContent', msgType: 'text', raw: 'This message was recalled' } });
    const again = await refusal(s, 'recallMessage', { messageId: id }, 'BAD_USER_INPUT');
    expect(again.extensions.feishu).toMatchObject({ code: 230011 });
  });

  it('counts a recall whose first answer was lost as done', async () => {
    const id = await sendAsBot({ text: 'retract me' });
    await fault(s, { method: 'DELETE', path: `${MESSAGES}/${id}$`, status: 500, code: 1255001, phase: 'after' });
    await s.clearLog();
    const d = await ok(s, mutation('recallMessage', 'message { deleted }'), { input: { messageId: id } });
    expect(d.recallMessage.message.deleted).toBe(true);
    expect(writes(await s.log())).toHaveLength(2);
  });
});

describe('sendMessage retried by the gateway', () => {
  it('sends once when the first answer was lost: the retry carries the same uuid', async () => {
    const before = messagesOf(s, CHAT).length;
    await fault(s, { method: 'POST', path: `${MESSAGES}$`, status: 500, code: 1255001, phase: 'after' });
    await s.clearLog();
    const id = await sendAsBot({ text: 'exactly once' });
    const attempts = writes(await s.log());
    expect(attempts).toHaveLength(2);
    expect(attempts[0].body).toEqual(attempts[1].body);
    expect(messagesOf(s, CHAT)).toHaveLength(before + 1);
    expect(s.emu.rt.state.messages[id]).toBeDefined();
  });
});
