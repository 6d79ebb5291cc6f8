import type { RouteContext } from '../router.js';
import type { Runtime } from '../runtime.js';
import type { Chat, Message } from '../state.js';
import { imErrors } from './errors.js';

/**
 * Who speaks and what they may see. With a tenant token the app's bot acts (and must be in the
 * chat: `bot_member`); with a user token the user acts, and membership is the user's.
 */

export interface Speaker {
  open_id: string;
  type: 'user' | 'app';
}

export function speakerOf(ctx: RouteContext): Speaker {
  return ctx.identity.kind === 'user' ? { open_id: ctx.identity.user.open_id, type: 'user' } : { open_id: ctx.rt.bot.open_id, type: 'app' };
}

export function isMember(chat: Chat, who: Speaker): boolean {
  return who.type === 'app' ? chat.bot_member : chat.members.includes(who.open_id);
}

/** 230002 unless the caller is in the chat. */
export function requireMember(chat: Chat, who: Speaker): void {
  if (!isMember(chat, who)) throw imErrors.notInChat();
}

/** A message by id: an id that names no message is a parameter error (the pages list no other code). */
export function findMessage(rt: Runtime, messageId: string): Message {
  const message = rt.state.messages[messageId];
  if (!message) throw imErrors.invalidParam(`message_id ${messageId} is invalid`);
  return message;
}

/** A message and its chat, which the caller must be in. */
export function visibleMessage(ctx: RouteContext, messageId: string): { message: Message; chat: Chat } {
  const message = findMessage(ctx.rt, messageId);
  const chat = ctx.rt.state.chats[message.chat_id];
  if (!chat) throw imErrors.invalidParam(`message_id ${messageId} is invalid`);
  requireMember(chat, speakerOf(ctx));
  return { message, chat };
}
