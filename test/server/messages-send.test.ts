import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from './bitable.js';
import { ALICE_TOKEN, chatNamed, dryThenReal, feishuCalls, gqlAs, messagesOf, MESSAGES, mutation, ok, refusal, userNamed, writes } from './messages.js';

/**
 * sendMessage and replyMessage over real HTTP on the demo chats: each run dry (nothing written,
 * the plan equal to the real run's call), then for real and read back through queries; the uuid
 * that makes a repeat send once; mentions through the receive format; refusals before any call.
 */

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s.close());

const CONTENT = `content { __typename
  ... on TextContent { text }
  ... on PostContent { title text }
  ... on ImageContent { imageKey }
  ... on FileContent { fileKey }
  ... on StickerContent { fileKey }
  ... on InteractiveContent { title }
  ... on ShareChatContent { chatId chat { chatId } }
  ... on ShareUserContent { userId user { openId } } }`;

const readBack = async (messageId: string, selection: string) => (await ok(s, `{ message(messageId: "${messageId}") { ${selection} } }`)).message;

describe('sendMessage', () => {
  it('plans one POST, then sends it as the bot; the message reads back', async () => {
    const chatId = chatNamed(s, 'Launch War Room').chat_id;
    const input = { receiveId: chatId, receiveIdType: 'CHAT_ID', text: 'Ship it **now**', uuid: 'send-plan-1' };
    const before = messagesOf(s, chatId).length;
    const { planned, payload } = await dryThenReal(s, 'sendMessage', input, `message { messageId msgType chat { chatId } sender { senderType idType } ${CONTENT} }`);
    expect(planned).toEqual([
      {
        endpoint: 'im.sendMessage',
        method: 'POST',
        path: MESSAGES,
        query: { receive_id_type: 'chat_id' },
        body: { receive_id: chatId, msg_type: 'text', content: JSON.stringify({ text: 'Ship it **now**' }), uuid: 'send-plan-1' },
      },
    ]);
    expect(messagesOf(s, chatId)).toHaveLength(before + 1);
    expect(payload.message).toMatchObject({ msgType: 'text', chat: { chatId }, sender: { senderType: 'app', idType: 'app_id' }, content: { __typename: 'TextContent', text: 'Ship it now' } });

    await s.clearLog();
    expect(await readBack(payload.message.messageId, `messageId ${CONTENT} deleted updated`)).toEqual({ messageId: payload.message.messageId, content: payload.message.content, deleted: false, updated: false });
    expect((await feishuCalls(s)).map((c) => c.path)).toEqual([`${MESSAGES}/mget`]);
  });

  it('sends once for the same uuid, and a random uuid when none is given', async () => {
    const chatId = chatNamed(s, 'Aurora Launch').chat_id;
    const before = messagesOf(s, chatId).length;
    const send = (uuid?: string) => ok(s, mutation('sendMessage', 'message { messageId }'), { input: { receiveId: chatId, receiveIdType: 'CHAT_ID', text: 'Once only', uuid } });
    const a = await send('same-uuid-1');
    const b = await send('same-uuid-1');
    expect(b.sendMessage.message.messageId).toBe(a.sendMessage.message.messageId);
    expect(messagesOf(s, chatId)).toHaveLength(before + 1);

    await s.clearLog();
    const c = await send();
    const d = await send();
    expect(c.sendMessage.message.messageId).not.toBe(d.sendMessage.message.messageId);
    const uuids = writes(await s.log()).map((w) => (w.body as { uuid: string }).uuid);
    expect(uuids).toHaveLength(2);
    expect(uuids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(uuids[0]).not.toBe(uuids[1]);
    expect(messagesOf(s, chatId)).toHaveLength(before + 3);
  });

  it('sends every content type, each read back as its own type', async () => {
    const comet = chatNamed(s, 'Comet Launch').chat_id;
    const beacon = chatNamed(s, 'Beacon Launch').chat_id;
    const bob = userNamed(s, 'Bob Li').open_id;
    const card = { config: { update_multi: true }, header: { title: { tag: 'plain_text', content: 'Status' } }, elements: [{ tag: 'div', text: { tag: 'plain_text', content: 'green' } }] };
    const inputs: [string, Record<string, unknown>][] = [
      ['post', { post: { title: 'Plan', content: [[{ tag: 'text', text: 'Step one' }]] } }],
      ['image', { image: 'img_v3_demo_key' }],
      ['file', { file: 'file_v3_demo_key' }],
      ['card', { card }],
      ['shareChat', { shareChat: comet }],
      ['shareUser', { shareUser: bob }],
      ['raw', { raw: { msgType: 'sticker', content: JSON.stringify({ file_key: 'file_sticker_1' }) } }],
    ];
    const ids: Record<string, string> = {};
    for (const [i, [name, content]] of inputs.entries()) {
      const d = await ok(s, mutation('sendMessage', 'message { messageId }'), { input: { receiveId: i % 2 ? comet : beacon, receiveIdType: 'CHAT_ID', ...content } });
      ids[name] = d.sendMessage.message.messageId;
    }
    const d = await ok(s, `{ ${Object.entries(ids).map(([k, id]) => `${k}: message(messageId: "${id}") { msgType ${CONTENT} }`).join(' ')} }`);
    expect(d.post).toEqual({ msgType: 'post', content: { __typename: 'PostContent', title: 'Plan', text: 'Step one' } });
    expect(d.image.content).toEqual({ __typename: 'ImageContent', imageKey: 'img_v3_demo_key' });
    expect(d.file.content).toEqual({ __typename: 'FileContent', fileKey: 'file_v3_demo_key' });
    expect(d.card).toEqual({ msgType: 'interactive', content: { __typename: 'InteractiveContent', title: 'Status' } });
    expect(d.shareChat.content).toEqual({ __typename: 'ShareChatContent', chatId: comet, chat: { chatId: comet } });
    expect(d.shareUser.content).toEqual({ __typename: 'ShareUserContent', userId: bob, user: { openId: bob } });
    expect(d.raw).toEqual({ msgType: 'sticker', content: { __typename: 'StickerContent', fileKey: 'file_sticker_1' } });
  });

  it('round-trips a mention through the receive format', async () => {
    const chatId = chatNamed(s, 'Marketing Squad').chat_id;
    const eve = userNamed(s, 'Eve Liu');
    const d = await ok(s, mutation('sendMessage', 'message { messageId }'), {
      input: { receiveId: chatId, receiveIdType: 'CHAT_ID', text: `<at user_id="${eve.open_id}">${eve.name}</at> please review` },
    });
    const m = await readBack(d.sendMessage.message.messageId, `${CONTENT} mentions { key name id idType user { openId name email } }`);
    expect(m.content).toEqual({ __typename: 'TextContent', text: '@_user_1 please review' });
    expect(m.mentions).toEqual([{ key: '@_user_1', name: eve.name, id: eve.open_id, idType: 'open_id', user: { openId: eve.open_id, name: eve.name, email: eve.email } }]);
  });

  it('sends as a user to a user (their p2p chat), the sender being that user', async () => {
    const alice = userNamed(s, 'Alice Chen');
    const bob = userNamed(s, 'Bob Li');
    const sent = await gqlAs(s, ALICE_TOKEN, mutation('sendMessage', 'message { messageId sender { senderType user { openId name } } chat { chatId } }'), {
      input: { receiveId: bob.email, receiveIdType: 'EMAIL', text: 'Lunch?' },
    });
    expect(sent.errors).toBeUndefined();
    const message = sent.data.sendMessage.message;
    expect(message.sender).toEqual({ senderType: 'user', user: { openId: alice.open_id, name: alice.name } });
    const chat = s.emu.rt.state.chats[message.chat.chatId];
    expect(chat.chat_mode).toBe('p2p');
    expect(chat.members.sort()).toEqual([alice.open_id, bob.open_id].sort());
  });

  it('refuses bad input before any call, and maps Feishu refusals', async () => {
    const chatId = chatNamed(s, 'Exec Updates').chat_id;
    const base = { receiveId: chatId, receiveIdType: 'CHAT_ID' };
    const before = Object.keys(s.emu.rt.state.messages).length;
    await s.clearLog();
    expect((await refusal(s, 'sendMessage', { ...base, text: '' }, 'BAD_USER_INPUT', 'input.text')).message).toContain('empty');
    await refusal(s, 'sendMessage', { ...base, text: '  \n ' }, 'BAD_USER_INPUT', 'input.text');
    const two = await refusal(s, 'sendMessage', { ...base, text: 'hi', post: { title: 'x', content: [] } }, 'BAD_USER_INPUT');
    expect(two.message).toContain('exactly one of text, post, image, file, card, shareChat, shareUser, raw');
    expect(two.message).toContain('got text and post');
    expect((await refusal(s, 'sendMessage', base, 'BAD_USER_INPUT', 'input')).message).toContain('none was given');
    await refusal(s, 'sendMessage', { ...base, card: [1, 2] }, 'BAD_USER_INPUT', 'input.card');
    await refusal(s, 'sendMessage', { ...base, text: 'x'.repeat(151 * 1024) }, 'BAD_USER_INPUT', 'input.text');
    await refusal(s, 'sendMessage', { ...base, text: 'hi', uuid: 'u'.repeat(51) }, 'BAD_USER_INPUT', 'input.uuid');
    await refusal(s, 'sendMessage', { ...base, receiveId: ' ', text: 'hi' }, 'BAD_USER_INPUT', 'input.receiveId');
    expect(await feishuCalls(s)).toEqual([]);

    // An unknown chat can only be told by Feishu: one call, refused, nothing stored.
    const unknown = await refusal(s, 'sendMessage', { receiveId: 'oc_nosuchchat000000000000000000000', receiveIdType: 'CHAT_ID', text: 'hi' }, 'BAD_USER_INPUT');
    expect(unknown.extensions.feishu).toMatchObject({ code: 230034 });
    expect(await feishuCalls(s)).toHaveLength(1);
    expect(Object.keys(s.emu.rt.state.messages)).toHaveLength(before);
  });
});

describe('replyMessage', () => {
  it('plans one POST, then replies in a thread; parent, root and thread read back', async () => {
    const chatId = chatNamed(s, 'Beacon Launch').chat_id;
    const original = messagesOf(s, chatId).find((m) => !m.thread_id && !m.parent_id && !m.deleted)!;
    const input = { messageId: original.message_id, text: 'On it', replyInThread: true, uuid: 'reply-plan-1' };
    const { planned, payload } = await dryThenReal(s, 'replyMessage', input, 'message { messageId threadId parent { messageId } root { messageId threadId } }');
    expect(planned).toEqual([
      {
        endpoint: 'im.replyMessage',
        method: 'POST',
        path: `${MESSAGES}/${original.message_id}/reply`,
        query: {},
        body: { msg_type: 'text', content: JSON.stringify({ text: 'On it' }), reply_in_thread: true, uuid: 'reply-plan-1' },
      },
    ]);
    const { message } = payload;
    expect(message.threadId).toMatch(/^omt_/);
    expect(message.parent).toEqual({ messageId: original.message_id });
    expect(message.root).toEqual({ messageId: original.message_id, threadId: message.threadId });
    expect(await readBack(message.messageId, 'threadId content { ... on TextContent { text } }')).toEqual({ threadId: message.threadId, content: { text: 'On it' } });
  });

  it('refuses two content fields without a call, and a recalled message through Feishu', async () => {
    const chatId = chatNamed(s, 'Launch War Room').chat_id;
    const recalled = messagesOf(s, chatId).find((m) => m.deleted)!;
    await s.clearLog();
    await refusal(s, 'replyMessage', { messageId: recalled.message_id, image: 'img_1', file: 'file_1' }, 'BAD_USER_INPUT', 'input.file');
    expect(await feishuCalls(s)).toEqual([]);
    const e = await refusal(s, 'replyMessage', { messageId: recalled.message_id, text: 'late' }, 'BAD_USER_INPUT');
    expect(e.extensions.feishu).toMatchObject({ code: 230011 });
  });
});
