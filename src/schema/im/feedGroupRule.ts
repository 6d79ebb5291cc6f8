import type { FeedGroupRule, FeedRuleConditionItem } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { UserRef } from '../user.js';

/**
 * The rules of a RULE feed group, typed (feishu-wire.md §4.4 group object): rules apply in
 * order, each with its conditions (all or any must match) and what to do with a chat that
 * matches (add it, or take it out). The enums carry Feishu's own values.
 */

export const FeedGroupRuleAction = builder.enumType('FeedGroupRuleAction', {
  values: {
    ADD: { value: 'add', description: 'A chat the conditions match goes in.' },
    REMOVE: { value: 'remove', description: 'A chat the conditions match goes out.' },
  } as const,
});

export const FeedGroupMatchType = builder.enumType('FeedGroupMatchType', {
  values: {
    MATCH_ALL: { value: 'match_all', description: 'Every condition must hold.' },
    MATCH_ANY: { value: 'match_any', description: 'One condition is enough.' },
  } as const,
});

export const FeedGroupConditionType = builder.enumType('FeedGroupConditionType', {
  values: {
    KEYWORD: { value: 'keyword', description: 'The chat\'s name (a p2p chat: the other person\'s) against `keyword`.' },
    CHATTER: { value: 'chatter', description: 'Whether `user` is in the chat.' },
    CHAT_TYPE: { value: 'chat_type', description: 'The kind of chat, `chatType`.' },
  } as const,
});

export const FeedGroupConditionOperator = builder.enumType('FeedGroupConditionOperator', {
  values: { CONTAIN: { value: 'contain' }, NOT_CONTAIN: { value: 'not_contain' }, IS: { value: 'is' }, IS_NOT: { value: 'is_not' } } as const,
});

export const FeedChatType = builder.enumType('FeedChatType', {
  values: {
    P2P: { value: 'p2p' },
    GROUP: { value: 'group' },
    THREAD_GROUP: { value: 'thread_group', description: 'A topic group.' },
    HELPDESK: { value: 'helpdesk' },
    BOT: { value: 'bot', description: 'A chat with a bot.' },
    MUTE: { value: 'mute', description: 'A muted chat.' },
    FLAG: { value: 'flag', description: 'A flagged chat.' },
    CROSS_TENANT: { value: 'cross_tenant', description: 'A chat with people of other tenants.' },
    ANY: { value: 'any' },
  } as const,
});

const FeedGroupCondition = builder.objectRef<FeedRuleConditionItem>('FeedGroupCondition').implement({
  description: 'One condition of a feed-group rule; `type` says which of keyword, user and chatType it reads.',
  fields: (t) => ({
    type: t.field({ type: FeedGroupConditionType, nullable: false, resolve: (c) => c.type as never }),
    operator: t.field({ type: FeedGroupConditionOperator, nullable: false, resolve: (c) => c.operator as never }),
    keyword: t.string({ nullable: true, resolve: (c) => c.keyword || null }),
    user: t.field({ type: UserRef, nullable: true, description: 'For CHATTER conditions.', resolve: (c) => (c.user_id ? { openId: c.user_id } : null) }),
    chatType: t.field({ type: FeedChatType, nullable: true, description: 'For CHAT_TYPE conditions.', resolve: (c) => (c.chat_type || null) as never }),
  }),
});

export const FeedGroupRuleRef = builder.objectRef<FeedGroupRule>('FeedGroupRule').implement({
  description: 'One rule of a RULE feed group; rules apply in order, each to the outcome of those before.',
  fields: (t) => ({
    action: t.field({ type: FeedGroupRuleAction, nullable: false, resolve: (r) => r.action as never }),
    matchType: t.field({ type: FeedGroupMatchType, nullable: false, resolve: (r) => r.condition.match_type as never }),
    conditions: t.field({ type: [FeedGroupCondition], nullable: false, resolve: (r) => r.condition.condition_items }),
  }),
});
