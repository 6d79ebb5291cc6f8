import { tenantKeyOf } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { Chat, Message } from '../state.js';
import { currentBatch } from './changes.js';
import { userIds } from './people.js';

/**
 * `im.message.receive_v1` (feishu-wire.md §7.4): a user's message in a chat the app's bot is in.
 * Not the bot's own messages (Feishu does not echo a bot to itself) and not chats without the
 * bot (users' p2p chats), which the app cannot see. The app is taken to hold the "read all group
 * messages" scope, so no @ of the bot is needed. Ids of the sender and mentions are objects with
 * all three ids, unlike REST; absent root/parent/thread ids are left out, as in REST.
 */

export const MESSAGE_RECEIVED = 'im.message.receive_v1';

export function messageReceived(rt: Runtime, chat: Chat, m: Message): void {
  const batch = currentBatch();
  if (!batch || m.sender_type !== 'user' || !chat.bot_member) return;
  const tenant_key = tenantKeyOf(rt.appId);
  const mentions = (m.mentions ?? []).map((x) => ({ key: x.key, id: userIds(rt, x.open_id), name: x.name, tenant_key }));
  const message = {
    message_id: m.message_id,
    ...(m.root_id ? { root_id: m.root_id } : {}),
    ...(m.parent_id ? { parent_id: m.parent_id } : {}),
    create_time: String(m.create_time),
    update_time: String(m.update_time),
    chat_id: m.chat_id,
    ...(m.thread_id ? { thread_id: m.thread_id } : {}),
    chat_type: chat.chat_mode === 'p2p' ? 'p2p' : 'group',
    message_type: m.msg_type,
    content: m.content,
    ...(mentions.length > 0 ? { mentions } : {}),
  };
  batch.add({
    type: MESSAGE_RECEIVED,
    key: `${MESSAGE_RECEIVED} ${m.message_id}`,
    event: { sender: { sender_id: userIds(rt, m.sender_open_id), sender_type: 'user', tenant_key }, message },
  });
}
