import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { setWebhook, startReceiver, type Receiver } from '../helpers/events.js';
import { newChat, reply, send, sent, textContent, userSays } from '../helpers/im.js';

/** `im.message.receive_v1`: users' messages in chats the bot is in (feishu-wire.md §7.4). */
describe('message events', () => {
  let t: TestEmulator;
  let hook: Receiver;
  let ann: TestUser;
  let bob: TestUser;
  let chatId: string;
  let seen = 0;

  beforeAll(async () => {
    t = await startTestEmulator();
    hook = await startReceiver();
    await setWebhook(t, { url: hook.url, verificationToken: 'vt-im' });
    [ann, bob] = [await newUser(t, 'Ann'), await newUser(t, 'Bob')];
    chatId = await newChat(t, 'Team', [ann.open_id, bob.open_id]);
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  async function next(): Promise<any> {
    await hook.waitForEvents(seen + 1);
    return hook.events[seen++].payload;
  }

  const ids = (u: TestUser) => ({ open_id: u.open_id, union_id: u.union_id, user_id: u.user_id });

  it('emits for a user speaking through the admin API, mentions with all three ids', async () => {
    const messageId = await userSays(t, chatId, ann.open_id, textContent(`hi <at user_id="${bob.open_id}">Bob</at>`));
    const e = await next();
    expect(e.header).toMatchObject({ event_type: 'im.message.receive_v1', token: 'vt-im', app_id: t.emu.rt.appId });
    const stored = t.emu.rt.state.messages[messageId];
    expect(e.event).toEqual({
      sender: { sender_id: ids(ann), sender_type: 'user', tenant_key: e.header.tenant_key },
      message: {
        message_id: messageId,
        create_time: String(stored.create_time),
        update_time: String(stored.update_time),
        chat_id: chatId,
        chat_type: 'group',
        message_type: 'text',
        content: JSON.stringify({ text: 'hi @_user_1' }),
        mentions: [{ key: '@_user_1', id: ids(bob), name: 'Bob', tenant_key: e.header.tenant_key }],
      },
    });
  });

  it('emits for a user-token send and reply (root and parent ids), not for the bot or chats without it', async () => {
    const first = await sent(t, chatId, textContent('from Ann'), { token: ann.user_access_token });
    const e1 = await next();
    expect(e1.event.message).toMatchObject({ message_id: first.message_id, content: JSON.stringify({ text: 'from Ann' }) });
    expect(e1.event.message).not.toHaveProperty('root_id');

    await sent(t, chatId, textContent('from the bot')); // the bot's own message: no echo
    expect((await send(t, 'open_id', bob.open_id, textContent('p2p'), { token: ann.user_access_token })).body.code).toBe(0); // no bot in it
    const noBot = await newChat(t, 'No bot', [ann.open_id], { bot_member: false });
    await userSays(t, noBot, ann.open_id, textContent('unseen'));

    const answered = await reply(t, first.message_id, textContent('re'), { token: bob.user_access_token });
    const e2 = await next();
    expect(e2.event.sender.sender_id).toEqual(ids(bob));
    expect(e2.event.message).toMatchObject({ message_id: answered.body.data.message_id, root_id: first.message_id, parent_id: first.message_id, chat_type: 'group' });
    expect(hook.events).toHaveLength(seen);
  });

  it('gives threads their thread_id and p2p chats their chat_type', async () => {
    const topic = await newChat(t, 'Topics', [ann.open_id], { chat_mode: 'topic' });
    await userSays(t, topic, ann.open_id, textContent('a topic'));
    const e = await next();
    expect(e.event.message.thread_id).toMatch(/^omt_/);
    expect(e.event.message.chat_type).toBe('group');

    // The bot's p2p chat with Ann comes with its first message to her (which emits nothing).
    const p2p = (await send(t, 'open_id', ann.open_id, textContent('hello Ann'))).body.data.chat_id;
    await userSays(t, p2p, ann.open_id, textContent('just us'));
    expect((await next()).event.message.chat_type).toBe('p2p');
  });

  it('a uuid repeat sends once and so emits once', async () => {
    const uuid = 'same-uuid-1';
    await sent(t, chatId, textContent('once'), { token: ann.user_access_token, uuid });
    await sent(t, chatId, textContent('once'), { token: ann.user_access_token, uuid });
    await userSays(t, chatId, bob.open_id, textContent('marker'));
    expect((await next()).event.message.content).toBe(JSON.stringify({ text: 'once' }));
    expect((await next()).event.message.content).toBe(JSON.stringify({ text: 'marker' }));
  });
});
