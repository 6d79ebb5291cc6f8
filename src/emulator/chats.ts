import { newId } from './ids.js';
import type { Chat, EmulatorState } from './state.js';

export interface ChatInput {
  name: string;
  description?: string;
  chat_mode?: Chat['chat_mode'];
  members?: string[];
  /** The app's bot is a member unless told otherwise (EMULATOR.md admin `POST /chats`). */
  bot_member?: boolean;
  owner_open_id: string;
  created_at: number;
}

/** A chat in the emulator's world: made by the admin API and the demo fixture alike. */
export function addChat(state: EmulatorState, input: ChatInput): Chat {
  const chat: Chat = {
    chat_id: newId.chat(),
    name: input.name,
    description: input.description ?? '',
    chat_mode: input.chat_mode ?? 'group',
    owner_open_id: input.owner_open_id,
    members: input.members ?? [],
    bot_member: input.bot_member ?? true,
    created_at: input.created_at,
  };
  state.chats[chat.chat_id] = chat;
  return chat;
}
