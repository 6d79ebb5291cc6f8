import type { Chat } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { notFound } from '../bitable/loaders.js';
import { imLoaders } from './loaders.js';

/**
 * A chat. `Query.chat` and references (feed items) hold its id; its fields load it through
 * `chats/batch_query`, 50 ids a call, shared by every chat of the request.
 */
export interface ChatShape {
  chatId: string;
  /** The chat as a parent already had it. */
  raw?: Chat;
}

export const ChatRef = builder.objectRef<ChatShape>('Chat');

/** The chat's data; NOT_FOUND at the first field that needs it when Feishu has none for the caller. */
export async function loadChat(ctx: Context, chat: ChatShape): Promise<Chat> {
  if (chat.raw) return chat.raw;
  const found = await imLoaders(ctx).chat.load(chat.chatId);
  if (!found) throw notFound(`Chat ${chat.chatId} does not exist or is not visible to this identity`);
  return found;
}

export const ChatMode = builder.enumType('ChatMode', {
  values: {
    GROUP: { value: 'group', description: 'A group chat.' },
    TOPIC: { value: 'topic', description: 'A topic (thread) group.' },
    P2P: { value: 'p2p', description: 'A one-to-one chat (its name is empty).' },
  } as const,
});

const field =
  <T>(pick: (c: Chat) => T) =>
  async (chat: ChatShape, _args: unknown, ctx: Context): Promise<T> =>
    pick(await loadChat(ctx, chat));

builder.node(ChatRef, {
  description: 'A Feishu chat (group, topic group or p2p).',
  id: { resolve: (c) => c.chatId },
  loadOne: (chatId) => ({ chatId }),
  fields: (t) => ({
    chatId: t.exposeString('chatId', { nullable: false }),
    name: t.string({ nullable: true, resolve: field((c) => c.name || null) }),
    description: t.string({ nullable: true, resolve: field((c) => c.description || null) }),
    avatarUrl: t.string({ nullable: true, resolve: field((c) => c.avatar || null) }),
    chatMode: t.field({
      type: ChatMode,
      nullable: true,
      resolve: field((c) => (c.chat_mode === 'group' || c.chat_mode === 'topic' || c.chat_mode === 'p2p' ? c.chat_mode : null)),
    }),
    external: t.boolean({ nullable: true, description: 'Whether people of other tenants are in it.', resolve: field((c) => c.external ?? null) }),
  }),
});

builder.queryField('chat', (t) =>
  t.field({
    type: ChatRef,
    nullable: true,
    description: 'A chat by chat_id (oc_…). Not fetched until a field needs it.',
    args: { chatId: t.arg.string({ required: true }) },
    resolve: (_root, { chatId }) => ({ chatId }),
  }),
);
