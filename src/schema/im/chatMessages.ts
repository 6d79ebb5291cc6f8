import { LIST_MESSAGES_MAX } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { feishuConnection } from '../bitable/connection.js';
import { gatewayError } from '../errors.js';
import { ChatRef } from './chat.js';
import { MessageConnection } from './message.js';
import { primeMessage } from './messageLoaders.js';

/**
 * `Chat.messages`: a chat's history, one Feishu page per connection page (`im/v1/messages`,
 * page_size 1-50). A thread shows by its root only, as Feishu lists it. Listed messages prime the
 * mget loader, so a reply whose parent is on the same page costs no further call.
 */

export const SortOrder = builder.enumType('SortOrder', {
  values: {
    ASC: { value: 'ByCreateTimeAsc', description: 'Oldest first (Feishu\'s default).' },
    DESC: { value: 'ByCreateTimeDesc', description: 'Newest first.' },
  } as const,
});

/** Feishu filters on whole seconds: an instant is sent as the second it falls in. */
const seconds = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 1000) : undefined);

builder.objectFields(ChatRef, (t) => ({
  messages: t.field({
    type: MessageConnection,
    nullable: false,
    description: `The chat's messages (threads by their root), ${LIST_MESSAGES_MAX} at most a page. Time bounds are inclusive and whole seconds (Feishu's resolution).`,
    args: {
      first: t.arg.int({ description: `Default 20, at most ${LIST_MESSAGES_MAX}.` }),
      after: t.arg.string(),
      since: t.arg({ type: 'DateTime', description: 'Created at or after this second.' }),
      until: t.arg({ type: 'DateTime', description: 'Created at or before this second.' }),
      order: t.arg({ type: SortOrder, description: 'Default ASC. A cursor keeps the order of the walk it came from.' }),
    },
    resolve: (chat, args, ctx) => {
      const startTime = seconds(args.since);
      const endTime = seconds(args.until);
      if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
        throw gatewayError('BAD_USER_INPUT', 'since must not be after until', { argumentPath: 'since' });
      }
      return feishuConnection(args, {
        cap: LIST_MESSAGES_MAX,
        what: 'messages',
        fetch: ({ pageSize, pageToken }) =>
          ctx.feishu.messages.listMessages({ containerId: chat.chatId, startTime, endTime, sortType: args.order ?? undefined, pageSize, pageToken, userIdType: 'open_id' }),
        node: (m) => primeMessage(ctx, m),
      });
    },
  }),
}));
