import { z } from 'zod';
import type { UserIdType } from './bitable.js';
import { call, endpoint, refuse, type CallOptions, type Caller, type HttpMethod } from './endpoint.js';

/**
 * IM (feishu-wire.md §4): chats (§4.3) and feed groups (§4.4). Answers keep Feishu's snake_case
 * shapes. Feed groups take user tokens only; people inside their rules are asked for as open_ids
 * (`user_id_type=open_id` on every call that carries rules), so the schema can name them as Users.
 * Writes are calls described, not made (`imWrites`), like bitableWrite.ts: dry runs list them.
 */

const IM = '/open-apis/im/v1';
const GROUPS = `${IM}/groups`;
const GROUP = `${GROUPS}/:feed_group_id`;

/** Feishu leaves out empty lists (or sends null); every reader wants an array. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
/** Times are millisecond strings; accept numbers too rather than fail a read over it. */
const millis = z.union([z.string(), z.number()]).nullish();

// ---- response shapes (loose: unknown fields pass through) ----

export const FeedRuleConditionItem = z.looseObject({
  type: z.string(),
  operator: z.string(),
  keyword: z.string().nullish(),
  user_id: z.string().nullish(),
  chat_type: z.string().nullish(),
});
export const FeedGroupRule = z.looseObject({
  condition: z.looseObject({ match_type: z.string(), condition_items: list(FeedRuleConditionItem) }),
  action: z.string(),
});
export const FeedGroup = z.looseObject({
  group_id: z.string(),
  type: z.string().nullish(),
  name: z.string().nullish(),
  rules: z.looseObject({ rules: list(FeedGroupRule) }).nullish(),
});
/** batch_query: live groups and soft-deleted ones in separate lists. */
export const FeedGroupsData = z.looseObject({ groups: list(FeedGroup), deleted_groups: list(FeedGroup) });
/** list: `page_size` caps both lists together. */
export const FeedGroupPage = FeedGroupsData.extend({ has_more: z.boolean().nullish().transform((v) => v ?? false), page_token: z.string().nullish() });
export const FeedItem = z.looseObject({ feed_id: z.string(), feed_type: z.string().nullish(), update_time: millis });
export const FeedItemsData = z.looseObject({ items: list(FeedItem), deleted_items: list(FeedItem) });
export const FeedItemPage = FeedItemsData.extend({ has_more: z.boolean().nullish().transform((v) => v ?? false), page_token: z.string().nullish() });
/** batch_add_item / batch_remove_item: the items that failed (absent or empty: all applied). */
export const FailedFeedItem = z.looseObject({
  item: z.looseObject({ feed_id: z.string().nullish(), feed_type: z.string().nullish() }).nullish(),
  error_code: z.number().nullish(),
  error_message: z.string().nullish(),
});
export const FeedItemsWriteData = z.looseObject({ failed_items: list(FailedFeedItem) });

/** A chat as batch_query lists it; a chat get answers the same fields (and more) without `chat_id`. */
export const Chat = z.looseObject({
  chat_id: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  avatar: z.string().nullish(),
  chat_mode: z.string().nullish(),
  external: z.boolean().nullish(),
  tenant_key: z.string().nullish(),
  owner_id: z.string().nullish(),
  owner_id_type: z.string().nullish(),
  chat_status: z.string().nullish(),
});
export const ChatInfo = Chat.extend({ chat_id: z.string().nullish() });
export const BatchQueryChatsData = z.looseObject({ items: list(Chat) });

export type FeedRuleConditionItem = z.infer<typeof FeedRuleConditionItem>;
export type FeedGroupRule = z.infer<typeof FeedGroupRule>;
export type FeedGroup = z.infer<typeof FeedGroup>;
export type FeedGroupsData = z.infer<typeof FeedGroupsData>;
export type FeedGroupPage = z.infer<typeof FeedGroupPage>;
export type FeedItem = z.infer<typeof FeedItem>;
export type FeedItemsData = z.infer<typeof FeedItemsData>;
export type FeedItemPage = z.infer<typeof FeedItemPage>;
export type FailedFeedItem = z.infer<typeof FailedFeedItem>;
export type FeedItemsWriteData = z.infer<typeof FeedItemsWriteData>;
export type Chat = z.infer<typeof Chat>;
export type BatchQueryChatsData = z.infer<typeof BatchQueryChatsData>;

// ---- endpoints ----

const Empty = z.looseObject({});

const feed = <D>(name: string, method: HttpMethod, path: string, data: z.ZodType<D>, idempotent: boolean) =>
  endpoint({ name: `im.${name}`, method, path, rate: 'im.feedGroup', idempotent, data });

export const IM_ENDPOINTS = {
  createFeedGroup: feed('createFeedGroup', 'POST', GROUPS, z.looseObject({ group_id: z.string() }), false),
  listFeedGroups: feed('listFeedGroups', 'GET', GROUPS, FeedGroupPage, true),
  // POST reads: safe to repeat.
  batchQueryFeedGroups: feed('batchQueryFeedGroups', 'POST', `${GROUPS}/batch_query`, FeedGroupsData, true),
  // Setting a name or rules, or deleting, twice changes nothing more.
  updateFeedGroup: feed('updateFeedGroup', 'PUT', GROUP, Empty, true),
  deleteFeedGroup: feed('deleteFeedGroup', 'DELETE', GROUP, Empty, true),
  // Adding an item already in, or removing one not in, succeeds without change (seed 003).
  batchAddFeedItems: feed('batchAddFeedItems', 'POST', `${GROUP}/batch_add_item`, FeedItemsWriteData, true),
  batchRemoveFeedItems: feed('batchRemoveFeedItems', 'POST', `${GROUP}/batch_remove_item`, FeedItemsWriteData, true),
  batchQueryFeedItems: feed('batchQueryFeedItems', 'POST', `${GROUP}/batch_query_item`, FeedItemsData, true),
  listFeedItems: feed('listFeedItems', 'GET', `${GROUP}/list_item`, FeedItemPage, true),
  batchQueryChats: endpoint({ name: 'im.batchQueryChats', method: 'POST', path: `${IM}/chats/batch_query`, rate: 'im.chat', idempotent: true, data: BatchQueryChatsData }),
  getChat: endpoint({ name: 'im.getChat', method: 'GET', path: `${IM}/chats/:chat_id`, rate: 'im.chat', idempotent: true, data: ChatInfo }),
};

/** Most ids a `chats/batch_query` takes (feishu-wire.md §4.3). */
export const BATCH_QUERY_CHATS_MAX = 50;
/**
 * Most ids the gateway puts in one feed-group `batch_query`, and most items in one
 * batch_add_item / batch_remove_item: Feishu documents no limit, so the gateway stays at its
 * IM batch size (the list pages' and chats/batch_query's 50).
 */
export const FEED_GROUP_BATCH_MAX = 50;
/** page_size of the feed-group lists (1-50; 51 is 230001). */
export const FEED_PAGE_MAX = 50;

// ---- parameters ----

export interface FeedWindow {
  /** Inclusive bounds on update time, milliseconds (sent as strings). */
  startTime?: number;
  endTime?: number;
}
export interface FeedPageParams extends FeedWindow {
  pageSize?: number;
  pageToken?: string;
}

const ms = (t: number | undefined) => (t === undefined ? undefined : String(Math.floor(t)));
const timeWindow = (p: FeedWindow) => ({ start_time: ms(p.startTime), end_time: ms(p.endTime) });
const group = (groupId: string) => ({ feed_group_id: groupId });
const chatItems = (chatIds: readonly string[]) => chatIds.map((feed_id) => ({ feed_id, feed_type: 'chat' }));

function checkBatch(ep: (typeof IM_ENDPOINTS)[keyof typeof IM_ENDPOINTS], ids: readonly string[], max: number, what: string): void {
  if (ids.length < 1 || ids.length > max) throw refuse(ep, `${what} must hold 1-${max} ids, got ${ids.length}`);
}

export function imApi(call: Caller) {
  const E = IM_ENDPOINTS;
  return {
    /** The caller's feed groups; `page_token` is always sent (empty on the first page), else Feishu answers 400. */
    listFeedGroups: (p: FeedPageParams, o?: CallOptions): Promise<FeedGroupPage> =>
      call(E.listFeedGroups, { query: { page_size: p.pageSize, page_token: p.pageToken ?? '', ...timeWindow(p), user_id_type: 'open_id' } }, o),
    /** Groups by id: live ones in `groups`, deleted ones in `deleted_groups`, unknown ones absent. */
    async batchQueryFeedGroups(p: { groupIds: string[] }, o?: CallOptions): Promise<FeedGroupsData> {
      checkBatch(E.batchQueryFeedGroups, p.groupIds, FEED_GROUP_BATCH_MAX, 'group_ids');
      return call(E.batchQueryFeedGroups, { query: { user_id_type: 'open_id' }, body: { group_ids: p.groupIds } }, o);
    },
    listFeedItems: (p: FeedPageParams & { groupId: string }, o?: CallOptions): Promise<FeedItemPage> =>
      call(E.listFeedItems, { params: group(p.groupId), query: { page_size: p.pageSize, page_token: p.pageToken || undefined, ...timeWindow(p) } }, o),
    async batchQueryFeedItems(p: { groupId: string; chatIds: string[] }, o?: CallOptions): Promise<FeedItemsData> {
      checkBatch(E.batchQueryFeedItems, p.chatIds, FEED_GROUP_BATCH_MAX, 'items');
      return call(E.batchQueryFeedItems, { params: group(p.groupId), body: { items: chatItems(p.chatIds) } }, o);
    },
    /** Chats by id, 1-50; chats the caller cannot see are missing from `items`. */
    async batchQueryChats(p: { chatIds: string[]; userIdType?: UserIdType }, o?: CallOptions): Promise<BatchQueryChatsData> {
      checkBatch(E.batchQueryChats, p.chatIds, BATCH_QUERY_CHATS_MAX, 'chat_ids');
      return call(E.batchQueryChats, { query: { user_id_type: p.userIdType ?? 'open_id' }, body: { chat_ids: p.chatIds } }, o);
    },
    /** One chat (D:获取群信息); a caller outside it gets only its name, avatar and counts. */
    async getChat(p: { chatId: string; userIdType?: UserIdType }, o?: CallOptions): Promise<Chat> {
      const data = await call(E.getChat, { params: { chat_id: p.chatId }, query: { user_id_type: p.userIdType ?? 'open_id' } }, o);
      return { ...data, chat_id: p.chatId };
    },
  };
}

export type ImApi = ReturnType<typeof imApi>;

/** A feed group's type and rules as Feishu takes them (`{rules: [...]}`, people as open_ids). */
export interface FeedGroupBody {
  type: 'normal' | 'rule';
  name: string;
  rules?: { rules: unknown[] };
}

/** The feed-group writes, as calls. Bodies are Feishu's, in snake_case. */
export const imWrites = {
  createFeedGroup: (body: FeedGroupBody) => call(IM_ENDPOINTS.createFeedGroup, { query: { user_id_type: 'open_id' }, body: { feed_group_creator: body } }),
  /**
   * Changes what is given: `update_fields` lists 1 for the name and 2 for the rules (integers;
   * the newest doc says strings are refused with 9499, feishu-wire.md §11 #3).
   */
  updateFeedGroup: (groupId: string, u: { name?: string; rules?: { rules: unknown[] } }) => {
    const updater = { ...(u.name !== undefined ? { name: u.name } : {}), ...(u.rules !== undefined ? { rules: u.rules } : {}) };
    const update_fields = [...(u.name !== undefined ? [1] : []), ...(u.rules !== undefined ? [2] : [])];
    return call(IM_ENDPOINTS.updateFeedGroup, { params: group(groupId), query: { user_id_type: 'open_id' }, body: { feed_group_updater: { ...updater, update_fields } } });
  },
  deleteFeedGroup: (groupId: string) => call(IM_ENDPOINTS.deleteFeedGroup, { params: group(groupId) }),
  addFeedItems: (groupId: string, chatIds: readonly string[]) => call(IM_ENDPOINTS.batchAddFeedItems, { params: group(groupId), body: { items: chatItems(chatIds) } }),
  removeFeedItems: (groupId: string, chatIds: readonly string[]) => call(IM_ENDPOINTS.batchRemoveFeedItems, { params: group(groupId), body: { items: chatItems(chatIds) } }),
};
