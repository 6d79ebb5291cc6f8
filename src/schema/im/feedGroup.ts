import { FEED_PAGE_MAX, FeishuError, type FeedGroup } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { connectionType } from '../bitable/connection.js';
import { notFound } from '../bitable/loaders.js';
import { FeedGroupRuleRef } from './feedGroupRule.js';
import { FeedItemConnection } from './feedItem.js';
import { imLoaders } from './loaders.js';
import { splitConnection } from './splitConnection.js';

/**
 * A user's feed group ("tag"): NORMAL groups hold the chats put in them, RULE groups the chats
 * their rules select. User tokens only: as the app every field is FORBIDDEN without a call.
 * `Query.feedGroup` holds the id; the fields load the group through `batch_query`, one call for
 * every group of the request. A deleted group is still found (`deleted: true`).
 */
export interface FeedGroupShape {
  groupId: string;
  raw?: FeedGroup;
  /** Known with `raw` (which list it came in). */
  deleted?: boolean;
}

export const FeedGroupRef = builder.objectRef<FeedGroupShape>('FeedGroup');

export async function loadFeedGroup(ctx: Context, g: FeedGroupShape): Promise<{ raw: FeedGroup; deleted: boolean }> {
  if (g.raw && g.deleted !== undefined) return { raw: g.raw, deleted: g.deleted };
  const found = await imLoaders(ctx).feedGroup.load(g.groupId);
  if (!found) throw notFound(`Feed group ${g.groupId} does not exist (or belongs to another user)`);
  return found;
}

export const FeedGroupType = builder.enumType('FeedGroupType', {
  values: {
    NORMAL: { value: 'normal', description: 'Holds the chats put in it (addFeedGroupItems).' },
    RULE: { value: 'rule', description: 'Holds the chats its rules select.' },
  } as const,
});

/** `updatedAfter` / `updatedBefore`: inclusive bounds on update time (Feishu `start_time` / `end_time`). */
const WINDOW_DESCRIPTIONS = { after: 'Only entries updated at or after this instant.', before: 'Only entries updated at or before this instant.' };
const timeWindow = (a: { updatedAfter?: Date | null; updatedBefore?: Date | null }) => ({ startTime: a.updatedAfter?.getTime(), endTime: a.updatedBefore?.getTime() });

builder.node(FeedGroupRef, {
  description: 'A feed group of the signed-in user (user token only).',
  authScopes: { user: true },
  id: { resolve: (g) => g.groupId },
  loadOne: (groupId) => ({ groupId }),
  fields: (t) => ({
    groupId: t.exposeString('groupId', { nullable: false }),
    name: t.string({ nullable: false, resolve: async (g, _a, ctx) => (await loadFeedGroup(ctx, g)).raw.name ?? '' }),
    type: t.field({ type: FeedGroupType, nullable: false, resolve: async (g, _a, ctx) => ((await loadFeedGroup(ctx, g)).raw.type === 'rule' ? 'rule' : 'normal') }),
    rules: t.field({ type: [FeedGroupRuleRef], nullable: false, description: 'Empty for NORMAL groups.', resolve: async (g, _a, ctx) => (await loadFeedGroup(ctx, g)).raw.rules?.rules ?? [] }),
    deleted: t.boolean({ nullable: false, description: 'Deleted (still answered for incremental sync; it can no longer change).', resolve: async (g, _a, ctx) => (await loadFeedGroup(ctx, g)).deleted }),
    items: t.field({
      type: FeedItemConnection,
      nullable: false,
      description: `The group's chats, live and taken out (deleted), in the order they last changed; first at most ${FEED_PAGE_MAX}.`,
      args: {
        first: t.arg.int(),
        after: t.arg.string(),
        updatedAfter: t.arg({ type: 'DateTime', description: WINDOW_DESCRIPTIONS.after }),
        updatedBefore: t.arg({ type: 'DateTime', description: WINDOW_DESCRIPTIONS.before }),
      },
      resolve: async (g, args, ctx) => {
        // A deleted group lists nothing (Feishu refuses the call for it).
        if (g.deleted) return splitConnection(args, { cap: FEED_PAGE_MAX, what: 'feed items', fetch: async () => ({ live: [], deleted: [], has_more: false }), node: () => null as never });
        try {
          return await splitConnection(args, {
            cap: FEED_PAGE_MAX,
            what: 'feed items',
            fetch: async ({ pageSize, pageToken }) => {
              const page = await ctx.feishu.im.listFeedItems({ groupId: g.groupId, pageSize, pageToken, ...timeWindow(args) });
              return { live: page.items, deleted: page.deleted_items, has_more: page.has_more, page_token: page.page_token };
            },
            node: (raw, deleted) => ({ groupId: g.groupId, raw, deleted }),
          });
        } catch (e) {
          // Feishu answers a deleted group's items as an unknown group (230001); the group itself says which.
          if (!(e instanceof FeishuError && e.kind === 'invalid')) throw e;
          const known = await imLoaders(ctx).feedGroup.load(g.groupId).catch(() => undefined);
          if (known === null) throw notFound(`Feed group ${g.groupId} does not exist (or belongs to another user)`);
          if (known?.deleted) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: null };
          throw e;
        }
      },
    }),
  }),
});

export const FeedGroupConnection = connectionType('FeedGroup', FeedGroupRef);

builder.queryFields((t) => ({
  feedGroups: t.field({
    type: FeedGroupConnection,
    nullable: false,
    authScopes: { user: true },
    description: `The signed-in user's feed groups, live and deleted (user token only); first at most ${FEED_PAGE_MAX}.`,
    args: {
        first: t.arg.int(),
        after: t.arg.string(),
        updatedAfter: t.arg({ type: 'DateTime', description: WINDOW_DESCRIPTIONS.after }),
        updatedBefore: t.arg({ type: 'DateTime', description: WINDOW_DESCRIPTIONS.before }),
      },
    resolve: (_root, args, ctx) =>
      splitConnection(args, {
        cap: FEED_PAGE_MAX,
        what: 'feed groups',
        fetch: async ({ pageSize, pageToken }) => {
          const page = await ctx.feishu.im.listFeedGroups({ pageSize, pageToken, ...timeWindow(args) });
          return { live: page.groups, deleted: page.deleted_groups, has_more: page.has_more, page_token: page.page_token };
        },
        node: (raw, deleted): FeedGroupShape => ({ groupId: raw.group_id, raw, deleted }),
      }),
  }),
  feedGroup: t.field({
    type: FeedGroupRef,
    nullable: true,
    authScopes: { user: true },
    description: 'A feed group of the signed-in user by group_id (ofg_…; user token only). Not fetched until a field needs it.',
    args: { groupId: t.arg.string({ required: true }) },
    resolve: (_root, { groupId }) => ({ groupId }),
  }),
}));
