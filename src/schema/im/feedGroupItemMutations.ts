import { z } from 'zod';
import { FEED_GROUP_BATCH_MAX, imWrites, type FailedFeedItem } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { FeedGroupRef, type FeedGroupShape } from './feedGroup.js';
import { imLoaders } from './loaders.js';

/**
 * Putting chats in a NORMAL feed group and taking them out (batch_add_item / batch_remove_item;
 * a RULE group's rules decide its items). Feishu applies what it can and lists the rest in
 * `failed_items`: those come back as ordinary payload fields, not errors (API.md, Errors).
 */

interface ItemsPayload extends Planned {
  feedGroup?: FeedGroupShape | null;
  failedItems?: FailedFeedItem[] | null;
  appliedChatIds?: string[] | null;
}

const FeedGroupItemFailure = builder.objectRef<FailedFeedItem>('FeedGroupItemFailure').implement({
  description: 'A chat Feishu did not add or remove, and why.',
  fields: (t) => ({
    chatId: t.string({ nullable: true, resolve: (f) => f.item?.feed_id ?? null }),
    errorCode: t.int({ nullable: true, description: 'Feishu\'s code, e.g. 240001 (not a chat in the user\'s feed).', resolve: (f) => f.error_code ?? null }),
    errorMessage: t.string({ nullable: true, resolve: (f) => f.error_message ?? null }),
  }),
});

const payload = (name: string, verb: string) =>
  builder.objectRef<ItemsPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      feedGroup: t.field({ type: FeedGroupRef, nullable: true, description: 'The group (null on a dry run).', resolve: (p) => p.feedGroup ?? null }),
      failedItems: t.field({ type: [FeedGroupItemFailure], nullable: true, description: `The chats Feishu did not ${verb}; empty when all were (null on a dry run).`, resolve: (p) => p.failedItems ?? null }),
      appliedChatIds: t.stringList({ nullable: true, description: `The chats ${verb === 'add' ? 'in' : 'out of'} the group now, of those given (null on a dry run).`, resolve: (p) => p.appliedChatIds ?? null }),
    }),
  });

const AddFeedGroupItemsPayload = payload('AddFeedGroupItemsPayload', 'add');
const RemoveFeedGroupItemsPayload = payload('RemoveFeedGroupItemsPayload', 'remove');

const chatIds = z
  .array(z.string().regex(/^oc_\w+$/, 'a chat id (oc_…)'))
  .min(1, 'give at least one chat id')
  .max(FEED_GROUP_BATCH_MAX, `at most ${FEED_GROUP_BATCH_MAX} chat ids a call`)
  .superRefine((ids, ctx) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `chat id ${id} appears twice`, path: [i] });
      seen.add(id);
    });
  });

const itemsMutation = (name: 'addFeedGroupItems' | 'removeFeedGroupItems', type: typeof AddFeedGroupItemsPayload, description: string, write: typeof imWrites.addFeedItems) =>
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      type,
      nullable: false,
      authScopes: { user: true },
      description,
      input: {
        groupId: t.input.string({ required: true, validate: z.string().regex(/^ofg_\w+$/, 'a feed group id (ofg_…)') }),
        chatIds: t.input.stringList({ required: true, description: `1 to ${FEED_GROUP_BATCH_MAX} distinct chat ids (oc_…).`, validate: chatIds }),
        dryRun: dryRunInput(t.input),
      },
      resolve: async (_root, { input }, ctx) => {
        const call = write(input.groupId, input.chatIds);
        if (input.dryRun) return plan([call]);
        const { failed_items } = await send(ctx, call);
        imLoaders(ctx).feedGroup.clear(input.groupId);
        const failed = new Set(failed_items.map((f) => f.item?.feed_id));
        return { feedGroup: { groupId: input.groupId }, failedItems: failed_items, appliedChatIds: input.chatIds.filter((id) => !failed.has(id)) };
      },
    }),
  );

itemsMutation('addFeedGroupItems', AddFeedGroupItemsPayload, 'Puts chats in a NORMAL feed group (user token only); chats already in stay. Chats Feishu refuses are listed in failedItems.', imWrites.addFeedItems);
itemsMutation('removeFeedGroupItems', RemoveFeedGroupItemsPayload, 'Takes chats out of a NORMAL feed group (user token only); they stay listed as deleted items. Chats Feishu refuses are listed in failedItems.', imWrites.removeFeedItems);
