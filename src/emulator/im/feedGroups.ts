import { userIdType } from '../bitable/common.js';
import { ApiError, paramError } from '../errors.js';
import { pageOf, pageSize } from '../pageToken.js';
import { del, get, post, put, type Route, type RouteContext } from '../router.js';
import type { FeedGroup, FeedGroupItem } from '../state.js';
import { addItem, createFeedGroup, feedGroupsOf, groupsOf, itemView, removeItem, syncRuleItems } from './feedGroupModel.js';
import { parseRules, renderRules, RuleError } from './feedRules.js';

/**
 * Feed groups ("tags"), the nine user-only operations of feishu-wire.md §4.4 and seed 003:
 * create, update, delete, batch_query, list, batch_add_item, batch_remove_item,
 * batch_query_item, list_item. A tenant token is refused with 99991663 (route auth `user`).
 */

const GROUPS = '/open-apis/im/v1/groups';
const PAGE = { def: 20, max: 50 };

/** 230001 is IM's parameter error (HTTP 400); the detail follows `ext=` as on the message pages. */
const invalid = (ext: string) => new ApiError(400, 230001, `Your request contains an invalid request parameter, ext=${ext}`);
/** What the newest doc says string `update_fields` get (seed 003 "update_fields"). */
const invalidValue = (ext: string) => new ApiError(400, 9499, `Invalid parameter value: ${ext}`);
/** A failed item of batch_add_item / batch_remove_item (the seed's example). */
const INVALID_FEED = { error_code: 240001, error_message: 'feed_id is invalid' };

const callerOf = (ctx: RouteContext) => (ctx.identity.kind === 'user' ? ctx.identity.user.open_id : '');

function groupView(ctx: RouteContext, g: FeedGroup) {
  return { group_id: g.group_id, type: g.type, name: g.name, rules: renderRules(ctx.rt, g.rules, userIdType(ctx)) };
}

/** The caller's live group; someone else's, a deleted or an unknown one is not found. */
function ownGroup(ctx: RouteContext): FeedGroup {
  const id = ctx.params.feed_group_id;
  const group = feedGroupsOf(ctx.rt.state)[id];
  if (!group || group.owner_open_id !== callerOf(ctx) || group.deleted) throw invalid(`feed group ${id} does not exist`);
  return group;
}

function objectAt(body: any, key: string): Record<string, any> {
  const v = body?.[key];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(`${key} is required`);
  return v;
}

function groupName(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${where} is required`);
  return v;
}

/** Names are unique among a user's live groups; Feishu refuses even a rename to the same name. */
function requireFreeName(ctx: RouteContext, name: string): void {
  if (groupsOf(ctx.rt.state, callerOf(ctx)).some((g) => !g.deleted && g.name === name)) throw invalid(`name already exists: ${name}`);
}

function rulesFrom(ctx: RouteContext, raw: unknown) {
  try {
    const rules = parseRules(ctx.rt, raw, userIdType(ctx));
    if (rules.length === 0) throw new RuleError('a rule group needs at least one rule');
    return rules;
  } catch (e) {
    if (e instanceof RuleError) throw invalid(e.message);
    throw e;
  }
}

function create(ctx: RouteContext) {
  const c = objectAt(ctx.body, 'feed_group_creator');
  if (c.type !== 'normal' && c.type !== 'rule') throw invalid('feed_group_creator.type must be normal or rule');
  const name = groupName(c.name, 'feed_group_creator.name');
  let rules: FeedGroup['rules'] = [];
  if (c.type === 'rule') {
    if (c.rules === undefined) throw invalid('feed_group_creator.rules is required when type is rule');
    rules = rulesFrom(ctx, c.rules);
  } else if (c.rules?.rules?.length) throw invalid('feed_group_creator.rules apply to type rule only');
  requireFreeName(ctx, name);
  return { group_id: createFeedGroup(ctx.rt, callerOf(ctx), { type: c.type, name, rules }).group_id };
}

/** `update_fields`: integers, 1 = name, 2 = rules; the doc's strings (`"name"`) are refused with 9499. */
function updateFields(raw: unknown): Set<1 | 2> {
  if (raw === undefined || raw === null) return new Set();
  if (!Array.isArray(raw)) throw invalidValue('update_fields must be an array of 1 (name) and 2 (rules)');
  for (const v of raw) if (v !== 1 && v !== 2) throw invalidValue(`update_fields takes 1 (name) and 2 (rules), got ${JSON.stringify(v)}`);
  return new Set(raw);
}

function update(ctx: RouteContext) {
  const group = ownGroup(ctx);
  const u = objectAt(ctx.body, 'feed_group_updater');
  const fields = updateFields(u.update_fields);
  // Everything is checked before anything changes: a refused update leaves the group as it was.
  const name = fields.has(1) ? groupName(u.name, 'feed_group_updater.name') : undefined;
  if (name !== undefined) requireFreeName(ctx, name);
  if (fields.has(2) && group.type !== 'rule') throw invalid('feed_group_updater.rules apply to type rule groups only');
  const rules = fields.has(2) ? rulesFrom(ctx, u.rules) : undefined;
  if (name !== undefined) group.name = name;
  if (rules) group.rules = rules;
  if (fields.size > 0) group.update_time = ctx.rt.now();
  syncRuleItems(ctx.rt, group);
  return {};
}

function remove(ctx: RouteContext) {
  const group = ownGroup(ctx);
  group.deleted = true;
  group.update_time = ctx.rt.now();
  return {};
}

function batchQuery(ctx: RouteContext) {
  const ids = ctx.body?.group_ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) throw invalid('group_ids must be a non-empty array of group ids');
  const all = feedGroupsOf(ctx.rt.state);
  // Unknown ids, and other users' groups, are simply absent (as batch reads elsewhere do).
  const found = [...new Set(ids as string[])].map((id) => all[id]).filter((g) => g && g.owner_open_id === callerOf(ctx));
  return { groups: found.filter((g) => !g.deleted).map((g) => groupView(ctx, g)), deleted_groups: found.filter((g) => g.deleted).map((g) => groupView(ctx, g)) };
}

/** `start_time` / `end_time`: an inclusive window on update_time, millisecond strings. */
function inWindow(ctx: RouteContext): (time: number) => boolean {
  const bound = (key: string, fallback: number) => {
    const raw = ctx.query.get(key);
    if (raw === null || raw === '') return fallback;
    if (!/^[0-9]+$/.test(raw)) throw invalid(`${key} must be a millisecond timestamp, got ${raw}`);
    return Number(raw);
  };
  const start = bound('start_time', 0);
  const end = bound('end_time', Number.MAX_SAFE_INTEGER);
  return (t) => t >= start && t <= end;
}

/** page_size caps the live and the deleted entries together (seed 003 list). */
function page<T extends { deleted: boolean }>(ctx: RouteContext, entries: T[]) {
  const size = pageSize(ctx.query.get('page_size'), PAGE, invalid);
  return pageOf(entries, size, ctx.query.get('page_token'), invalid);
}

function list(ctx: RouteContext) {
  // The groups endpoint refuses a request without page_token, even on the first page (CLI im_feed_group_list.go).
  if (!ctx.query.has('page_token')) throw paramError('Missing required parameter: page_token');
  const within = inWindow(ctx);
  const p = page(ctx, groupsOf(ctx.rt.state, callerOf(ctx)).filter((g) => within(g.update_time)));
  return {
    groups: p.items.filter((g) => !g.deleted).map((g) => groupView(ctx, g)),
    deleted_groups: p.items.filter((g) => g.deleted).map((g) => groupView(ctx, g)),
    page_token: p.page_token,
    has_more: p.has_more,
  };
}

/** `items: [{feed_id, feed_type}]`; feed_type is only ever `chat` (seed 003 "feed_card_type"). */
function requestedItems(ctx: RouteContext): { feed_id: unknown; feed_type: unknown }[] {
  const items = ctx.body?.items;
  if (!Array.isArray(items) || items.length === 0) throw invalid('items must be a non-empty array');
  for (const item of items) {
    if (!item || typeof item !== 'object') throw invalid('each item must be an object {feed_id, feed_type}');
    if (item.feed_type !== 'chat') throw invalid(`feed_type must be chat, got ${JSON.stringify(item.feed_type)}`);
  }
  return items;
}

/** A group the caller edits by hand: a rule group's items follow its rules only. */
function normalGroup(ctx: RouteContext): FeedGroup {
  const group = ownGroup(ctx);
  if (group.type === 'rule') throw invalid(`feed group ${group.group_id} is a rule group: its rules decide its items`);
  return group;
}

/** Whether a feed id is a chat in the caller's feed (a chat they are a member of). */
const inFeed = (ctx: RouteContext, feedId: unknown) => typeof feedId === 'string' && !!ctx.rt.state.chats[feedId]?.members.includes(callerOf(ctx));

function batchAddItem(ctx: RouteContext) {
  const group = normalGroup(ctx);
  const items = requestedItems(ctx);
  const failed_items = [];
  for (const item of items) {
    if (inFeed(ctx, item.feed_id)) addItem(ctx.rt, group, item.feed_id as string);
    else failed_items.push({ item, ...INVALID_FEED });
  }
  return { failed_items };
}

function batchRemoveItem(ctx: RouteContext) {
  const group = normalGroup(ctx);
  const items = requestedItems(ctx);
  const failed_items = [];
  for (const item of items) {
    const id = item.feed_id;
    // An item in the group goes whatever became of its chat; one that is not in it is fine as it is.
    if (typeof id === 'string' && group.items[id] && !group.items[id].deleted) removeItem(ctx.rt, group, id);
    else if (!inFeed(ctx, id)) failed_items.push({ item, ...INVALID_FEED });
  }
  return { failed_items };
}

/** The group with its items brought up to date (rule groups), saving when that changed anything. */
function currentGroup(ctx: RouteContext): FeedGroup {
  const group = ownGroup(ctx);
  if (syncRuleItems(ctx.rt, group)) ctx.rt.changed(); // a read changed state: GETs are not saved otherwise
  return group;
}

const split = (items: FeedGroupItem[]) => ({ items: items.filter((i) => !i.deleted).map(itemView), deleted_items: items.filter((i) => i.deleted).map(itemView) });

function batchQueryItem(ctx: RouteContext) {
  const group = currentGroup(ctx);
  const ids = new Set(requestedItems(ctx).map((i) => i.feed_id));
  return split(Object.values(group.items).filter((i) => ids.has(i.feed_id)));
}

function listItem(ctx: RouteContext) {
  const group = currentGroup(ctx);
  const within = inWindow(ctx);
  const p = page(ctx, Object.values(group.items).filter((i) => within(i.update_time)));
  return { ...split(p.items), page_token: p.page_token, has_more: p.has_more };
}

export const feedGroupRoutes: Route[] = [
  post(GROUPS, 'user', create),
  get(GROUPS, 'user', list),
  post(`${GROUPS}/batch_query`, 'user', batchQuery),
  put(`${GROUPS}/:feed_group_id`, 'user', update),
  del(`${GROUPS}/:feed_group_id`, 'user', remove),
  post(`${GROUPS}/:feed_group_id/batch_add_item`, 'user', batchAddItem),
  post(`${GROUPS}/:feed_group_id/batch_remove_item`, 'user', batchRemoveItem),
  post(`${GROUPS}/:feed_group_id/batch_query_item`, 'user', batchQueryItem),
  get(`${GROUPS}/:feed_group_id/list_item`, 'user', listItem),
];
