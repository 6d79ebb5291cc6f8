import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { BATCH_ROLE_MEMBERS_MAX, bitableWrites, type Call, type RoleMemberRef } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { MutationPayload, plan, send, type Planned, dryRunInput, type InputBuilder } from '../mutations.js';
import { RoleRef, type RoleShape } from './refs.js';
import { advancedOnly } from './role.js';
import { chunk, runChunks, WriteChunk, type ChunkOutcome } from './writeChunks.js';

/**
 * Adding and removing role members (seed A45/A46): any number, in chunks of the batch
 * endpoints' 100, sent in order and reported per chunk (writeChunks.ts). Feishu applies a batch
 * all or nothing (one unknown member fails it), so a chunk's outcome is exact.
 */

const MEMBER_ID_TYPES = {
  OPEN_ID: 'open_id',
  UNION_ID: 'union_id',
  USER_ID: 'user_id',
  CHAT_ID: 'chat_id',
  DEPARTMENT_ID: 'department_id',
  OPEN_DEPARTMENT_ID: 'open_department_id',
} as const;

const RoleMemberIdType = builder.enumType('RoleMemberIdType', {
  description: 'What kind of id names a role member (Feishu member_list type).',
  values: Object.fromEntries(Object.entries(MEMBER_ID_TYPES).map(([name, wire]) => [name, { description: wire }])) as Record<keyof typeof MEMBER_ID_TYPES, { description: string }>,
});

const RoleMemberInput = builder.inputType('RoleMemberInput', {
  description: 'A user, group chat or department, by one of its ids.',
  fields: (t) => ({
    id: t.string({ required: true, validate: z.string().trim().min(1, 'a member id must not be empty') }),
    type: t.field({ type: RoleMemberIdType, description: 'Default OPEN_ID.' }),
  }),
});

interface MembersPayload extends Planned {
  role?: RoleShape | null;
  chunks?: ChunkOutcome[];
  complete?: boolean;
}

const membersPayload = (name: string) =>
  builder.objectRef<MembersPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      role: t.field({ type: RoleRef, nullable: true, description: 'The role, for its members now (null on a dry run).', resolve: (p) => p.role ?? null }),
      chunks: t.field({ type: [WriteChunk], nullable: false, description: `One entry per batch call of up to ${BATCH_ROLE_MEMBERS_MAX} members, in order (empty on a dry run).`, resolve: (p) => p.chunks ?? [] }),
      complete: t.boolean({ nullable: false, description: 'Whether every chunk was applied.', resolve: (p) => p.complete ?? false }),
    }),
  });

const membersInput = (i: InputBuilder) => ({
  appToken: i.string({ required: true, validate: z.string().trim().min(1) }),
  roleId: i.string({ required: true, validate: z.string().trim().min(1) }),
  members: i.field({ type: [RoleMemberInput], required: true, validate: z.array(z.unknown()).min(1, 'members must not be empty') }),
  dryRun: dryRunInput(i),
});

type MembersInput = { appToken: string; roleId: string; members: { id: string; type?: keyof typeof MEMBER_ID_TYPES | null }[]; dryRun?: boolean | null };
type BatchCall = (appToken: string, roleId: string, members: RoleMemberRef[]) => Call;

/** The member refs with their id type spelled out (a plan shows exactly what is sent), in chunks. */
async function run(ctx: Context, input: MembersInput, batch: BatchCall): Promise<MembersPayload> {
  const refs = input.members.map((m) => ({ type: MEMBER_ID_TYPES[m.type ?? 'OPEN_ID'], id: m.id }));
  const calls = chunk(refs, BATCH_ROLE_MEMBERS_MAX).map((members) => batch(input.appToken, input.roleId, members));
  if (input.dryRun) return plan(calls);
  // A failure of the first chunk is raised (runChunks), so a base without roles still reads well.
  const out = await advancedOnly(input.appToken, () =>
    runChunks(
      calls.map((c, i) => ({
        count: Math.min(BATCH_ROLE_MEMBERS_MAX, refs.length - i * BATCH_ROLE_MEMBERS_MAX),
        send: async () => {
          await send(ctx, c);
          return []; // member calls answer no ids
        },
      })),
    ),
  );
  return { role: { appToken: input.appToken, roleId: input.roleId }, chunks: out.chunks, complete: out.complete };
}

builder.mutationField('addRoleMembers', (t) =>
  t.fieldWithInput({
    type: membersPayload('AddRoleMembersPayload'),
    nullable: false,
    description: `Adds members to a custom role (a member it has already stays once), in batches of ${BATCH_ROLE_MEMBERS_MAX}.`,
    input: membersInput(t.input),
    resolve: (_root, { input }, ctx) => run(ctx, input, bitableWrites.batchCreateRoleMembers),
  }),
);

builder.mutationField('removeRoleMembers', (t) =>
  t.fieldWithInput({
    type: membersPayload('RemoveRoleMembersPayload'),
    nullable: false,
    description: `Removes members from a custom role, in batches of ${BATCH_ROLE_MEMBERS_MAX}. A batch naming a member the role lacks fails whole.`,
    input: membersInput(t.input),
    resolve: (_root, { input }, ctx) => run(ctx, input, bitableWrites.batchDeleteRoleMembers),
  }),
);
