import { createContextCache } from '@pothos/core';
import { MGET_MESSAGES_MAX, type ImMessage } from '../../feishu/index.js';
import { batchLoader } from '../batchLoader.js';
import type { Context } from '../context.js';
import { gatewayError } from '../errors.js';

/**
 * The per-request message loader (ARCHITECTURE.md, Batching): message ids go to
 * `messages/mget`, 50 a call (1 with `GATEWAY_BATCHING=off`), and leave when the request is
 * quiet (quietGate.ts), so every parent and root named by one page of messages shares a call.
 * Lists and writes prime it with the messages they answer.
 */
export const messageLoaders = createContextCache((ctx: Context) => ({
  /** message_id -> the message (null when Feishu does not show it to this identity). */
  message: batchLoader<string, ImMessage | null>(ctx, 'im.message', MGET_MESSAGES_MAX, async (ids) => {
    const data = await ctx.feishu.messages.mgetMessages({ messageIds: [...ids], userIdType: 'open_id' });
    const byId = new Map(data.items.map((m) => [m.message_id, m]));
    return ids.map((id) => byId.get(id) ?? null);
  }),
}));

/** What a message field is resolved from: its key, and the message when the parent had it. */
export interface MessageShape {
  messageId: string;
  raw?: ImMessage;
}

/** The message behind a key: the parent's copy, else the loader's (NOT_FOUND when Feishu has none). */
export async function loadMessage(ctx: Context, m: MessageShape): Promise<ImMessage> {
  if (m.raw) return m.raw;
  const raw = await messageLoaders(ctx).message.load(m.messageId);
  if (!raw) throw gatewayError('NOT_FOUND', `Message ${m.messageId} does not exist or is not visible to this identity`);
  return raw;
}

/** A message answered by Feishu (a list page, a send): later loads of its id in this request reuse it. */
export function primeMessage(ctx: Context, raw: ImMessage): MessageShape {
  messageLoaders(ctx).message.clear(raw.message_id).prime(raw.message_id, raw);
  return { messageId: raw.message_id, raw };
}

/** After a write Feishu answers without the message (card update, recall): the next load reads it anew. */
export function forgetMessage(ctx: Context, messageId: string): MessageShape {
  messageLoaders(ctx).message.clear(messageId);
  return { messageId };
}
