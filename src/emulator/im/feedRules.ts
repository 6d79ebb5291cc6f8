import type { Runtime } from '../runtime.js';
import type { Chat, FeedGroupRule, FeedRuleConditionItem } from '../state.js';
import type { UserIdType } from '../bitable/common.js';

/**
 * The rules of a `type=rule` feed group (seed 003 "feed_group_rules"): their wire shape, checked
 * and stored, and what they decide about a chat. The seed names the enums but not every meaning,
 * so the emulator reads them this way (README "Behaviour choices"):
 * - rules apply in order, each to the outcome of the ones before: a matching `add` rule puts the
 *   chat in, a matching `remove` rule takes it out, a chat no rule matches stays out;
 * - `keyword`: the chat's name (for a p2p chat also the other person's name), case-insensitive;
 *   `contain`/`not_contain` look for the keyword in it, `is`/`is_not` compare it whole;
 * - `chatter`: the person is (`is`, `contain`) or is not (`is_not`, `not_contain`) in the chat;
 * - `chat_type`: `group`, `p2p` (two people), `bot` (a person and the app's bot), `thread_group`
 *   (a topic chat), `any`; `helpdesk`, `mute`, `flag` and `cross_tenant` describe nothing the
 *   emulator models, so they match no chat.
 */

export const CHAT_TYPES = ['p2p', 'group', 'thread_group', 'helpdesk', 'bot', 'mute', 'flag', 'cross_tenant', 'any'] as const;
const ITEM_TYPES = ['keyword', 'chatter', 'chat_type'] as const;
const OPERATORS = ['contain', 'not_contain', 'is', 'is_not'] as const;
const MATCH_TYPES = ['match_all', 'match_any'] as const;
const ACTIONS = ['add', 'remove'] as const;

/** Why a rules object is refused; the caller turns it into its parameter error. */
export class RuleError extends Error {}

const oneOf = <T extends string>(values: readonly T[], v: unknown, where: string): T => {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw new RuleError(`${where} must be one of ${values.join(', ')}`);
  return v as T;
};

const object = (v: unknown, where: string): Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RuleError(`${where} must be an object`);
  return v as Record<string, unknown>;
};

const array = (v: unknown, where: string): unknown[] => {
  if (!Array.isArray(v)) throw new RuleError(`${where} must be an array`);
  return v;
};

function conditionItem(rt: Runtime, raw: unknown, idType: UserIdType, where: string): FeedRuleConditionItem {
  const o = object(raw, where);
  const type = oneOf(ITEM_TYPES, o.type, `${where}.type`);
  const operator = oneOf(OPERATORS, o.operator, `${where}.operator`);
  // Each type reads its own sibling field and ignores the others (seed 003 legend).
  if (type === 'keyword') {
    if (typeof o.keyword !== 'string' || o.keyword === '') throw new RuleError(`${where}.keyword is required for type keyword`);
    return { type, operator, keyword: o.keyword };
  }
  if (type === 'chatter') {
    const user = typeof o.user_id === 'string' && o.user_id ? rt.findUser(o.user_id, idType) : undefined;
    if (!user || user === rt.bot) throw new RuleError(`${where}.user_id must name a user (as ${idType})`);
    return { type, operator, user_id: user.open_id };
  }
  return { type, operator, chat_type: oneOf(CHAT_TYPES, o.chat_type, `${where}.chat_type`) };
}

/** A `{rules: [...]}` object from a request, checked; people are resolved to open_ids. */
export function parseRules(rt: Runtime, raw: unknown, idType: UserIdType): FeedGroupRule[] {
  const rules = array(object(raw, 'rules').rules, 'rules.rules');
  return rules.map((r, i) => {
    const where = `rules.rules[${i}]`;
    const rule = object(r, where);
    const condition = object(rule.condition, `${where}.condition`);
    const items = array(condition.condition_items, `${where}.condition.condition_items`);
    if (items.length === 0) throw new RuleError(`${where}.condition.condition_items must not be empty`);
    return {
      condition: {
        match_type: oneOf(MATCH_TYPES, condition.match_type, `${where}.condition.match_type`),
        condition_items: items.map((item, j) => conditionItem(rt, item, idType, `${where}.condition.condition_items[${j}]`)),
      },
      action: oneOf(ACTIONS, rule.action, `${where}.action`),
    };
  });
}

/** The rules as read answers show them, people in the request's user_id_type. */
export function renderRules(rt: Runtime, rules: FeedGroupRule[], idType: UserIdType) {
  return {
    rules: rules.map((r) => ({
      condition: {
        match_type: r.condition.match_type,
        condition_items: r.condition.condition_items.map((c) => {
          if (c.user_id === undefined) return { ...c };
          const user = rt.findUser(c.user_id);
          return { ...c, user_id: (user && user[idType]) || c.user_id };
        }),
      },
      action: r.action,
    })),
  };
}

/** A chat with the app's bot and at most one person: Feishu's "bot" feed, not a p2p one. */
const isBotChat = (chat: Chat) => chat.chat_mode === 'p2p' && chat.bot_member && chat.members.length < 2;

function chatTypeIs(chat: Chat, type: string): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'group':
      return chat.chat_mode === 'group';
    case 'thread_group':
      return chat.chat_mode === 'topic';
    case 'p2p':
      return chat.chat_mode === 'p2p' && !isBotChat(chat);
    case 'bot':
      return isBotChat(chat);
    default:
      return false; // helpdesk, mute, flag, cross_tenant: not modelled
  }
}

/** The names a keyword is looked for in: the chat's, and in a p2p chat the other person's. */
function namesOf(rt: Runtime, chat: Chat, viewer: string): string[] {
  const names = [chat.name];
  if (chat.chat_mode === 'p2p') for (const id of chat.members) if (id !== viewer) names.push(rt.findUser(id)?.name ?? '');
  return names.map((n) => n.toLowerCase()).filter(Boolean);
}

function itemMatches(rt: Runtime, chat: Chat, viewer: string, c: FeedRuleConditionItem): boolean {
  const negated = c.operator === 'not_contain' || c.operator === 'is_not';
  let hit: boolean;
  if (c.type === 'keyword') {
    const keyword = (c.keyword ?? '').toLowerCase();
    const names = namesOf(rt, chat, viewer);
    hit = c.operator === 'is' || c.operator === 'is_not' ? names.includes(keyword) : names.some((n) => n.includes(keyword));
  } else if (c.type === 'chatter') hit = chat.members.includes(c.user_id ?? '');
  else hit = chatTypeIs(chat, c.chat_type ?? '');
  return negated ? !hit : hit;
}

/** Whether the rules put this chat in the group of `viewer` (the group's owner). */
export function rulesSelect(rt: Runtime, rules: FeedGroupRule[], chat: Chat, viewer: string): boolean {
  let member = false;
  for (const rule of rules) {
    const items = rule.condition.condition_items;
    const test = (c: FeedRuleConditionItem) => itemMatches(rt, chat, viewer, c);
    const matched = rule.condition.match_type === 'match_all' ? items.every(test) : items.some(test);
    if (matched) member = rule.action === 'add';
  }
  return member;
}
