import { z } from 'zod';

/**
 * The `rules` input of createFeedGroup / updateFeedGroup: Feishu's own rules object
 * (`{"rules": [{"condition": {"match_type", "condition_items": [...]}, "action"}]}`, feishu-wire.md
 * §4.4), or just its array. Checked before any call, so a refused input costs no write; people
 * in CHATTER conditions are open_ids (the calls send `user_id_type=open_id`).
 */

const conditionItem = z
  .object({
    type: z.enum(['keyword', 'chatter', 'chat_type']),
    operator: z.enum(['contain', 'not_contain', 'is', 'is_not']),
    keyword: z.string().min(1).optional(),
    user_id: z.string().min(1).optional(),
    chat_type: z.enum(['p2p', 'group', 'thread_group', 'helpdesk', 'bot', 'mute', 'flag', 'cross_tenant', 'any']).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Each type reads its own sibling field (seed 003 legend).
    const needs = { keyword: 'keyword', chatter: 'user_id', chat_type: 'chat_type' } as const;
    const key = needs[c.type];
    if (c[key] === undefined) ctx.addIssue({ code: 'custom', message: `a ${c.type} condition needs ${key}`, path: [key] });
  });

const rule = z
  .object({
    condition: z.object({ match_type: z.enum(['match_all', 'match_any']), condition_items: z.array(conditionItem).min(1, 'a rule needs at least one condition') }).strict(),
    action: z.enum(['add', 'remove']),
  })
  .strict();

export type FeedGroupRules = { rules: z.infer<typeof rule>[] };

/** Feishu's rules object; a bare array is taken as its `rules`. */
export const feedGroupRules = z.preprocess(
  (v) => (Array.isArray(v) ? { rules: v } : v),
  z.object({ rules: z.array(rule).min(1, 'give at least one rule') }).strict(),
);

/** The rules as the calls send them, whether or not the validation already normalized them. */
export const normalizeRules = (v: unknown): FeedGroupRules => (Array.isArray(v) ? { rules: v } : (v as FeedGroupRules));
