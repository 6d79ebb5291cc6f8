import { addChat } from '../chats.js';
import type { Runtime } from '../runtime.js';
import type { Chat, User } from '../state.js';
import type { Speaker } from './access.js';

/**
 * One-to-one chats. Sending to a user (open_id, union_id, user_id or email) goes to the p2p chat
 * between the sender and that user, made on the first message as Feishu does: the bot's chat
 * with a user holds the user and `bot_member`; two users' chat holds both. p2p chats have no
 * name and no owner.
 */
export function p2pChat(rt: Runtime, from: Speaker, to: User): Chat {
  const members = from.type === 'app' ? [to.open_id] : [...new Set([from.open_id, to.open_id])].sort();
  const botMember = from.type === 'app';
  const same = (c: Chat) => c.chat_mode === 'p2p' && c.bot_member === botMember && c.members.length === members.length && [...c.members].sort().every((m, i) => m === members[i]);
  const existing = Object.values(rt.state.chats).find(same);
  if (existing) return existing;
  return addChat(rt.state, { name: '', chat_mode: 'p2p', members, bot_member: botMember, owner_open_id: '', created_at: rt.now() });
}
