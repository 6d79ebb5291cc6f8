import { messageReceived } from '../events/messageEvents.js';
import { hex, newId } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { Chat, Message } from '../state.js';
import type { Speaker } from './access.js';
import { receiveContent } from './content.js';

/**
 * The one place a message enters the world: the send and reply routes, the admin API ("a user
 * speaks") and the demo fixture all call `storeMessage`, so `im.message.receive_v1` is emitted
 * from here and nowhere else (events/messageEvents.ts).
 */

export interface NewMessage {
  chat: Chat;
  sender: Speaker;
  msg_type: unknown;
  /** Send format (a JSON string); checked and stored in the receive format. */
  content: unknown;
  /** The message replied to (same chat). */
  parent?: Message;
  replyInThread?: boolean;
  /** Creation time in ms; now unless given (the demo backdates its history). */
  at?: number;
}

/** Thread ids look like Feishu's (`omt_` + 12 hex characters, D:话题概述 samples). */
const newThreadId = () => `omt_${hex(6)}`;

/** The root of the thread a message is in (itself when it starts the thread or is in none). */
export function threadRootOf(rt: Runtime, m: Message): Message {
  if (!m.thread_id || !m.root_id) return m;
  const root = rt.state.messages[m.root_id];
  return root?.thread_id === m.thread_id ? root : m;
}

/** A reply inside a thread: chat listings show only the thread's root (D:获取会话历史消息). */
export const isThreadReply = (rt: Runtime, m: Message) => m.thread_id !== undefined && threadRootOf(rt, m) !== m;

/**
 * Where a new message sits. A reply in a thread (asked for, or because its parent is already in
 * one, or because the chat is a topic chat) has the thread's root as both root and parent (D:回复消息);
 * the replied-to message starts the thread if none exists. Other replies keep the tree: parent is
 * the message replied to, root the tree's first message. A new message in a topic chat opens a topic.
 */
function placeOf(rt: Runtime, input: NewMessage): Pick<Message, 'root_id' | 'parent_id' | 'thread_id'> {
  const { parent, chat } = input;
  if (!parent) return chat.chat_mode === 'topic' ? { thread_id: newThreadId() } : {};
  if (input.replyInThread || parent.thread_id || chat.chat_mode === 'topic') {
    const root = threadRootOf(rt, parent);
    root.thread_id ??= newThreadId();
    return { root_id: root.message_id, parent_id: root.message_id, thread_id: root.thread_id };
  }
  return { root_id: parent.root_id ?? parent.message_id, parent_id: parent.message_id };
}

/** Checks the content, stores the message in the receive format and returns it. */
export function storeMessage(rt: Runtime, input: NewMessage): Message {
  const received = receiveContent(rt, input.msg_type, input.content);
  const at = input.at ?? rt.now();
  const message: Message = {
    message_id: newId.message(),
    chat_id: input.chat.chat_id,
    sender_open_id: input.sender.open_id,
    sender_type: input.sender.type,
    msg_type: input.msg_type as string,
    content: received.content,
    ...placeOf(rt, input),
    create_time: at,
    update_time: at,
    deleted: false,
    updated: false,
    ...(received.mentions.length > 0 ? { mentions: received.mentions } : {}),
    ...(received.card !== undefined ? { card: received.card } : {}),
  };
  rt.state.messages[message.message_id] = message;
  rt.changed();
  messageReceived(rt, input.chat, message);
  return message;
}
