import { hex } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { Chat, EmulatorState, FeedGroup, FeedGroupItem, FeedGroupRule } from '../state.js';
import { rulesSelect } from './feedRules.js';

/**
 * Feed groups as data: what the routes and the demo fixture share. A group belongs to the user
 * who made it and nobody else sees it. Deleting a group or removing an item only marks it
 * (`deleted`), because Feishu's reads answer soft-deleted entries in their own lists for
 * incremental sync; a removed item that comes back is live again.
 */

/** State files of older versions have no feed groups yet. */
export const feedGroupsOf = (state: EmulatorState): Record<string, FeedGroup> => (state.feedGroups ??= {});

/** `ofg_` as Feishu's ids start (seed 003), then 32 hex characters like chat ids. */
const newGroupId = () => `ofg_${hex(16)}`;

/** The caller's groups, live and deleted, oldest first. */
export const groupsOf = (state: EmulatorState, owner: string) => Object.values(feedGroupsOf(state)).filter((g) => g.owner_open_id === owner);

export function createFeedGroup(rt: Runtime, owner: string, input: { type: FeedGroup['type']; name: string; rules: FeedGroupRule[] }): FeedGroup {
  const now = rt.now();
  const group: FeedGroup = { group_id: newGroupId(), owner_open_id: owner, type: input.type, name: input.name, rules: input.rules, create_time: now, update_time: now, deleted: false, items: {} };
  feedGroupsOf(rt.state)[group.group_id] = group;
  syncRuleItems(rt, group);
  return group;
}

/** The chats in a user's feed: those they are a member of. */
export const chatsOf = (state: EmulatorState, openId: string): Chat[] => Object.values(state.chats).filter((c) => c.members.includes(openId));

/**
 * Puts a chat in the group (or back in). A changed item moves to the end, so the items stay in
 * the order they last changed, as an incremental reader expects. False when it was already in.
 */
export function addItem(rt: Runtime, group: FeedGroup, feedId: string): boolean {
  const item = group.items[feedId];
  if (item && !item.deleted) return false;
  delete group.items[feedId];
  group.items[feedId] = { feed_id: feedId, feed_type: 'chat', update_time: rt.now(), deleted: false };
  return true;
}

/** Takes a chat out of the group, keeping it as a deleted item. False when it was not in. */
export function removeItem(rt: Runtime, group: FeedGroup, feedId: string): boolean {
  const item = group.items[feedId];
  if (!item || item.deleted) return false;
  delete group.items[feedId];
  group.items[feedId] = { ...item, update_time: rt.now(), deleted: true };
  return true;
}

/**
 * A rule group's items follow its rules over the owner's chats: chats the rules select come in,
 * chats they no longer select (or that are gone, or the owner left) go out. Run before every
 * read of the items and after the rules change, so membership always reflects the chats as they
 * are now. True when anything changed.
 */
export function syncRuleItems(rt: Runtime, group: FeedGroup): boolean {
  if (group.type !== 'rule' || group.deleted) return false;
  const selected = new Set(chatsOf(rt.state, group.owner_open_id).filter((c) => rulesSelect(rt, group.rules, c, group.owner_open_id)).map((c) => c.chat_id));
  let changed = false;
  for (const item of Object.values(group.items)) if (!selected.has(item.feed_id)) changed = removeItem(rt, group, item.feed_id) || changed;
  for (const id of selected) changed = addItem(rt, group, id) || changed;
  return changed;
}

/** An item as the reads answer it: times are millisecond strings. */
export const itemView = (item: FeedGroupItem) => ({ feed_id: item.feed_id, feed_type: item.feed_type, update_time: String(item.update_time) });
