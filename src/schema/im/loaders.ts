import { createContextCache } from '@pothos/core';
import { BATCH_QUERY_CHATS_MAX, FEED_GROUP_BATCH_MAX, FeishuError, type Chat, type FeedGroup } from '../../feishu/index.js';
import { batchLoader } from '../batchLoader.js';
import type { Context } from '../context.js';

/**
 * The per-request loaders of the IM graph (ARCHITECTURE.md, Batching): chats through
 * `chats/batch_query` (50 a call), feed groups through their `batch_query`. Both leave when the
 * request is quiet (quietGate.ts), so the chats of every feed item of one response share a call.
 */

/** A feed group as batch_query answers it: which list it came in says whether it is deleted. */
export interface LoadedFeedGroup {
  raw: FeedGroup;
  deleted: boolean;
}

/** Answers that mean "this chat is not there for you", not a failure of the read. */
const ABSENT_KINDS = new Set(['invalid', 'not-found', 'permission']);

export const imLoaders = createContextCache((ctx: Context) => {
  const im = ctx.feishu.im;

  /**
   * A chat batch_query left out (the caller is not in it, or it is gone): a chat get still
   * answers a chat's name to outsiders; a chat that does not exist is null. Rare, so one by one.
   */
  const fallback = (chatId: string): Promise<Chat | null | Error> =>
    im.getChat({ chatId }).catch((e: unknown) => (e instanceof FeishuError && ABSENT_KINDS.has(e.kind) ? null : e instanceof Error ? e : new Error(String(e))));

  return {
    /** chat_id -> the chat (null when Feishu has none the caller may see). */
    chat: batchLoader<string, Chat | null>(ctx, 'im.chat', BATCH_QUERY_CHATS_MAX, async (chatIds) => {
      const data = await im.batchQueryChats({ chatIds: [...chatIds] });
      const byId = new Map(data.items.map((c) => [c.chat_id, c]));
      return Promise.all(chatIds.map((id) => byId.get(id) ?? fallback(id)));
    }),
    /** group_id -> the caller's feed group, live or deleted (null when unknown or someone else's). */
    feedGroup: batchLoader<string, LoadedFeedGroup | null>(ctx, 'im.feedGroup', FEED_GROUP_BATCH_MAX, async (groupIds) => {
      const data = await im.batchQueryFeedGroups({ groupIds: [...groupIds] });
      const byId = new Map<string, LoadedFeedGroup>();
      for (const raw of data.groups) byId.set(raw.group_id, { raw, deleted: false });
      for (const raw of data.deleted_groups) byId.set(raw.group_id, { raw, deleted: true });
      return groupIds.map((id) => byId.get(id) ?? null);
    }),
  };
});
