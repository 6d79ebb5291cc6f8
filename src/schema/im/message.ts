import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { connectionType } from '../bitable/connection.js';
import { feishuId } from '../bitable/structureRules.js';
import { ChatRef } from './chat.js';
import { MentionRef } from './mention.js';
import { MessageContent, parseContent } from './messageContent.js';
import { loadMessage, type MessageShape } from './messageLoaders.js';
import { MessageSenderRef, UNKNOWN_SENDER } from './messageSender.js';

/**
 * A message. Its data comes from the page or write that answered it, or from the mget loader
 * (50 ids a call), so the parents and roots of one page of messages load in one call.
 */
export const MessageRef = builder.objectRef<MessageShape>('Message');

/** A field read from the message's data. */
const from =
  <T>(pick: (m: Awaited<ReturnType<typeof loadMessage>>) => T) =>
  async (m: MessageShape, _args: unknown, ctx: Context): Promise<T> =>
    pick(await loadMessage(ctx, m));

const rawContent = (m: Awaited<ReturnType<typeof loadMessage>>) => m.body?.content ?? '';

builder.node(MessageRef, {
  description: 'An IM message.',
  id: { resolve: (m) => m.messageId },
  loadOne: (messageId) => ({ messageId }),
  fields: (t) => ({
    messageId: t.exposeString('messageId', { nullable: false }),
    msgType: t.string({ nullable: false, description: 'text, post, image, file, audio, media, sticker, interactive, share_chat, share_user, merge_forward, ...', resolve: from((m) => m.msg_type) }),
    content: t.field({ type: MessageContent, nullable: false, resolve: from((m) => parseContent(m.msg_type, rawContent(m), m.deleted === true)) }),
    rawContent: t.string({ nullable: false, description: 'The content JSON string as Feishu reads it back (receive format).', resolve: from(rawContent) }),
    chat: t.field({ type: ChatRef, nullable: true, resolve: from((m) => (m.chat_id ? { chatId: m.chat_id } : null)) }),
    sender: t.field({ type: MessageSenderRef, nullable: false, resolve: from((m) => m.sender ?? UNKNOWN_SENDER) }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: from((m) => m.create_time ?? null) }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: from((m) => m.update_time ?? null) }),
    deleted: t.boolean({ nullable: false, description: 'Recalled.', resolve: from((m) => m.deleted === true) }),
    updated: t.boolean({ nullable: false, description: 'Edited (or a card updated).', resolve: from((m) => m.updated === true) }),
    threadId: t.string({ nullable: true, description: 'The thread (topic) it belongs to.', resolve: from((m) => m.thread_id || null) }),
    parent: t.field({ type: MessageRef, nullable: true, description: 'The message it replies to.', resolve: from((m) => (m.parent_id ? { messageId: m.parent_id } : null)) }),
    root: t.field({ type: MessageRef, nullable: true, description: 'The first message of its reply chain or thread.', resolve: from((m) => (m.root_id ? { messageId: m.root_id } : null)) }),
    mentions: t.field({ type: [MentionRef], nullable: false, description: 'In the order of their keys (@_user_1, @_user_2, ...).', resolve: from((m) => m.mentions) }),
  }),
});

export const MessageConnection = connectionType('Message', MessageRef);

builder.queryField('message', (t) =>
  t.field({
    type: MessageRef,
    nullable: true,
    description: 'A message by id (om_…). Not fetched until a field needs it; NOT_FOUND then if Feishu does not show it to this identity.',
    args: { messageId: t.arg.string({ required: true, validate: feishuId('messageId') }) },
    resolve: (_root, { messageId }) => ({ messageId }),
  }),
);
