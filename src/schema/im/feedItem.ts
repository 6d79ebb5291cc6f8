import type { FeedItem } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { connectionType } from '../bitable/connection.js';
import { ChatRef, type ChatShape } from './chat.js';
import { imLoaders } from './loaders.js';

/**
 * An entry of a feed group: a chat in the user's feed (Feishu's only feed type), live or taken
 * out (`deleted`, kept for incremental sync). Its chat loads through `chats/batch_query`, 50 a
 * call shared by every item of the request.
 */
export interface FeedItemShape {
  groupId: string;
  raw: FeedItem;
  deleted: boolean;
}

export const FeedItemType = builder.enumType('FeedItemType', {
  values: { CHAT: { value: 'chat', description: 'A chat (oc_…).' } } as const,
});

export const FeedItemRef = builder.objectRef<FeedItemShape>('FeedItem').implement({
  description: 'A chat in a feed group (user token only).',
  authScopes: { user: true },
  fields: (t) => ({
    feedId: t.string({ nullable: false, description: 'The chat id (oc_…).', resolve: (i) => i.raw.feed_id }),
    feedType: t.field({ type: FeedItemType, nullable: false, resolve: (i) => (i.raw.feed_type ?? 'chat') as never }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it last came in or went out.', resolve: (i) => i.raw.update_time ?? null }),
    deleted: t.boolean({ nullable: false, description: 'Taken out of the group (still listed for incremental sync).', resolve: (i) => i.deleted }),
    chat: t.field({
      type: ChatRef,
      nullable: true,
      description: 'The chat; null when Feishu has none this user may see (a dissolved chat).',
      // Loaded here rather than at the chat's first field, so a chat that is gone is null, not an error.
      resolve: async (i, _a, ctx): Promise<ChatShape | null> => {
        if (i.raw.feed_type && i.raw.feed_type !== 'chat') return null;
        const raw = await imLoaders(ctx).chat.load(i.raw.feed_id);
        return raw ? { chatId: i.raw.feed_id, raw } : null;
      },
    }),
  }),
});

export const FeedItemConnection = connectionType('FeedItem', FeedItemRef);
