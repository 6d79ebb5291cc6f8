import { ImMessage, ImMessageSender } from '../../feishu/index.js';

/**
 * An `im.message.receive_v1` event's message and sender in the shapes the REST answers have
 * (what Message and MessageSender resolve from), so a delivered message needs no `mget`. The
 * event differs from REST: `message_type` and `content` (not `msg_type` and `body.content`),
 * the sender as `sender_id{open_id, union_id, user_id}` (not `id` + `id_type`), and mentions
 * naming users by an id object (ImMention takes both forms).
 */

type Loose = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function senderFromEvent(sender: Loose): ImMessageSender {
  const ids = (sender.sender_id ?? {}) as Loose;
  const openId = str(ids.open_id);
  const appId = str(ids.app_id);
  return ImMessageSender.parse({
    id: openId ?? appId,
    id_type: openId ? 'open_id' : appId ? 'app_id' : null,
    sender_type: str(sender.sender_type) ?? 'unknown',
    tenant_key: str(sender.tenant_key),
  });
}

export function messageFromEvent(message: Loose, sender: Loose, chatId: string): ImMessage {
  return ImMessage.parse({
    message_id: message.message_id,
    root_id: str(message.root_id),
    parent_id: str(message.parent_id),
    thread_id: str(message.thread_id),
    msg_type: message.message_type ?? message.msg_type,
    create_time: message.create_time ?? null,
    update_time: message.update_time ?? message.create_time ?? null,
    // A message that just arrived is neither recalled nor edited.
    deleted: false,
    updated: false,
    chat_id: str(message.chat_id) ?? chatId,
    sender: senderFromEvent(sender),
    body: { content: typeof message.content === 'string' ? message.content : '' },
    mentions: Array.isArray(message.mentions) ? message.mentions : [],
  });
}
