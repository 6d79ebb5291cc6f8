import { z } from 'zod';
import { imWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { gatewayError } from '../errors.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { FeedGroupRef, FeedGroupType, type FeedGroupShape } from './feedGroup.js';
import { feedGroupRules, normalizeRules } from './feedGroupRulesInput.js';
import { imLoaders } from './loaders.js';

/**
 * Feed-group mutations (feishu-wire.md §4.4): create, update (name and/or rules), delete. User
 * tokens only. Feishu answers ids only, so the payload's group is a key whose fields load through
 * `batch_query` if asked (after the write, so they show it).
 */

interface FeedGroupPayload extends Planned {
  feedGroup?: FeedGroupShape | null;
  deletedGroupId?: string | null;
}

const payload = (name: string, description: string) =>
  builder.objectRef<FeedGroupPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({ feedGroup: t.field({ type: FeedGroupRef, nullable: true, description, resolve: (p) => p.feedGroup ?? null }) }),
  });

const CreateFeedGroupPayload = payload('CreateFeedGroupPayload', 'The new group (null on a dry run).');
const UpdateFeedGroupPayload = payload('UpdateFeedGroupPayload', 'The group as it is now (null on a dry run).');
const DeleteFeedGroupPayload = payload('DeleteFeedGroupPayload', 'The deleted group (deleted: true; null on a dry run).');
builder.objectFields(DeleteFeedGroupPayload, (t) => ({
  deletedGroupId: t.string({ nullable: true, description: 'Null on a dry run.', resolve: (p) => p.deletedGroupId ?? null }),
}));

/** Feishu refuses an empty name (230001); it documents no maximum. */
const groupName = z.string().refine((s) => s.trim() !== '', 'a feed group name must not be empty');
const groupId = z.string().regex(/^ofg_\w+$/, 'a feed group id (ofg_…)');
const RULES_DESCRIPTION = 'Feishu\'s rules object {"rules": [{"condition": {"match_type", "condition_items": [{"type", "operator", "keyword" | "user_id" (open_id) | "chat_type"}]}, "action"}]}, or just its array.';

/** What was written shows in the payload's group: forget anything this request loaded before. */
const changed = (ctx: Context, id: string): FeedGroupShape => {
  imLoaders(ctx).feedGroup.clear(id);
  return { groupId: id };
};

builder.mutationField('createFeedGroup', (t) =>
  t.fieldWithInput({
    type: CreateFeedGroupPayload,
    nullable: false,
    authScopes: { user: true },
    description: 'Creates a feed group of the signed-in user (user token only). Names are unique among the user\'s groups.',
    input: {
      name: t.input.string({ required: true, validate: groupName }),
      type: t.input.field({ type: FeedGroupType, description: 'Default: RULE when rules are given, else NORMAL.' }),
      rules: t.input.field({ type: 'JSON', description: `For RULE groups (required there): ${RULES_DESCRIPTION}`, validate: feedGroupRules }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const rules = input.rules === undefined || input.rules === null ? undefined : normalizeRules(input.rules);
      const type = input.type ?? (rules ? 'rule' : 'normal');
      if (type === 'rule' && !rules) throw gatewayError('BAD_USER_INPUT', 'input.rules: a RULE group needs rules', { argumentPath: 'input.rules' });
      if (type === 'normal' && rules) throw gatewayError('BAD_USER_INPUT', 'input.rules: rules apply to RULE groups only', { argumentPath: 'input.rules' });
      const call = imWrites.createFeedGroup({ type, name: input.name, ...(rules ? { rules } : {}) });
      if (input.dryRun) return plan([call]);
      const { group_id } = await send(ctx, call);
      return { feedGroup: changed(ctx, group_id) };
    },
  }),
);

builder.mutationField('updateFeedGroup', (t) =>
  t.fieldWithInput({
    type: UpdateFeedGroupPayload,
    nullable: false,
    authScopes: { user: true },
    description: 'Renames a feed group and/or replaces a RULE group\'s rules (user token only); only what is given changes.',
    input: {
      groupId: t.input.string({ required: true, validate: groupId }),
      name: t.input.string({ validate: groupName }),
      rules: t.input.field({ type: 'JSON', description: `RULE groups only: ${RULES_DESCRIPTION}`, validate: feedGroupRules }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const name = input.name ?? undefined;
      const rules = input.rules === undefined || input.rules === null ? undefined : normalizeRules(input.rules);
      if (name === undefined && rules === undefined) throw gatewayError('BAD_USER_INPUT', 'input: give name, rules or both', { argumentPath: 'input' });
      const call = imWrites.updateFeedGroup(input.groupId, { name, rules });
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { feedGroup: changed(ctx, input.groupId) };
    },
  }),
);

builder.mutationField('deleteFeedGroup', (t) =>
  t.fieldWithInput({
    type: DeleteFeedGroupPayload,
    nullable: false,
    authScopes: { user: true },
    description: 'Deletes a feed group (user token only). Feishu keeps it as deleted: feedGroups and feedGroup still answer it.',
    input: {
      groupId: t.input.string({ required: true, validate: groupId }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = imWrites.deleteFeedGroup(input.groupId);
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { feedGroup: changed(ctx, input.groupId), deletedGroupId: input.groupId };
    },
  }),
);
