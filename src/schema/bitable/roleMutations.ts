import { z } from 'zod';
import { bitableWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { gatewayError } from '../errors.js';
import { MutationPayload, plan, send, type Planned, dryRunInput, type InputBuilder, sendRepeatable } from '../mutations.js';
import { AppRef, RoleRef, loadRole, type AppShape, type RoleShape } from './refs.js';
import { advancedOnly, BlockPermission, TablePermission } from './role.js';
import { inputPathOf, roleBody, type RoleBody, type RoleChange } from './roleBody.js';
import { rolePermissionProblem } from './validate/rolePermissions.js';

/**
 * Custom-role mutations (seed A42-A44). Roles exist only in bases with advanced permissions
 * (Feishu 1254301 otherwise, given a readable message by `advancedOnly`). Permissions are checked
 * before any write; an update reads the role first, since Feishu's PUT replaces the whole role.
 */

interface RolePayload extends Planned {
  app?: AppShape | null;
  role?: RoleShape | null;
  deletedRoleId?: string | null;
}

const appField = { description: 'The base (null on a dry run).' };

const rolePayload = (name: string, description: string) =>
  builder.objectRef<RolePayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      role: t.field({ type: RoleRef, nullable: true, description, resolve: (p) => p.role ?? null }),
      app: t.field({ type: AppRef, nullable: true, ...appField, resolve: (p) => p.app ?? null }),
    }),
  });

const CreateRolePayload = rolePayload('CreateRolePayload', 'The new role (null on a dry run).');
const UpdateRolePayload = rolePayload('UpdateRolePayload', 'The role as it is now (null on a dry run).');
const DeleteRolePayload = builder.objectRef<RolePayload>('DeleteRolePayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedRoleId: t.string({ nullable: true, description: 'The id of the deleted role (null on a dry run).', resolve: (p) => p.deletedRoleId ?? null }),
    app: t.field({ type: AppRef, nullable: true, ...appField, resolve: (p) => p.app ?? null }),
  }),
});

// ---- inputs ----

const id = z.string().trim().min(1);
const roleName = z.string().trim().min(1, 'a role name must not be empty');
/** Seed A42/A44: table_roles and block_roles hold at most 100 entries. */
const MAX_ENTRIES = 100;

const TableRoleInput = builder.inputType('TableRoleInput', {
  description: "A role's permissions on one table (Feishu's table_roles entry); name the table by tableId or tableName.",
  fields: (t) => ({
    tableId: t.string({ validate: id }),
    tableName: t.string({ validate: id }),
    tablePerm: t.field({ type: TablePermission, required: true }),
    recRule: t.field({ type: 'JSON', description: 'Which records (READ or EDIT only), as Feishu takes it: {conjunction: "and"|"or", conditions: [{field_name, operator, value}], other_perm: 0|1}.' }),
    fieldPerm: t.field({ type: 'JSON', description: 'Per field (EDIT only): {"<field name>": 1 read | 2 edit}.' }),
    allowAddRecord: t.boolean({ description: 'EDIT only; Feishu defaults to true.' }),
    allowDeleteRecord: t.boolean({ description: 'EDIT only; Feishu defaults to true.' }),
  }),
  validate: z.looseObject({}).refine((r) => r.tableId != null || r.tableName != null, { message: 'a table role needs tableId or tableName', path: ['tableId'] }),
});

const BlockRoleInput = builder.inputType('BlockRoleInput', {
  description: "A role's permission on one block (a dashboard).",
  fields: (t) => ({
    blockId: t.string({ required: true, validate: id }),
    blockPerm: t.field({ type: BlockPermission, required: true }),
  }),
});

const roleParts = (i: InputBuilder) => ({
  roleName: i.string({ validate: roleName }),
  tableRoles: i.field({ type: [TableRoleInput], description: `Replaces every table permission (at most ${MAX_ENTRIES}); a table left out gets none.`, validate: z.array(z.unknown()).max(MAX_ENTRIES) }),
  blockRoles: i.field({ type: [BlockRoleInput], description: `Replaces every block permission (at most ${MAX_ENTRIES}).`, validate: z.array(z.unknown()).max(MAX_ENTRIES) }),
  raw: i.field({
    type: 'JSON',
    description: "Feishu's role body as is (role_name, table_roles, block_roles in snake_case, seed A42). roleName, tableRoles and blockRoles, when given, replace its keys.",
    validate: z.record(z.string(), z.unknown(), { error: 'raw must be a JSON object' }),
  }),
});
const appToken = (i: InputBuilder) => ({ appToken: i.string({ required: true, validate: id }) });
const dryRun = (i: InputBuilder) => ({ dryRun: dryRunInput(i) });

/**
 * The body checked against seed A42 before the call. The validator names a key of the body; the
 * error names the argument the caller wrote it in (a typed part, or raw).
 */
function checkBody(body: RoleBody, change: RoleChange): void {
  const problem = rolePermissionProblem(body);
  if (!problem) return;
  const argumentPath = inputPathOf(problem.path, change);
  const where = problem.path ? `role.${problem.path}` : 'role';
  const rest = problem.message.startsWith(where) ? problem.message.slice(where.length) : `: ${problem.message}`;
  throw gatewayError('BAD_USER_INPUT', `${argumentPath}${rest}`, { argumentPath });
}

// ---- create / update / delete ----

builder.mutationField('createRole', (t) =>
  t.fieldWithInput({
    type: CreateRolePayload,
    nullable: false,
    description: 'Creates a custom role in a base with advanced permissions.',
    input: { ...appToken(t.input), ...roleParts(t.input), ...dryRun(t.input) },
    resolve: async (_root, { input }, ctx) => {
      const body = roleBody(input);
      checkBody(body, input);
      const call = bitableWrites.createRole(input.appToken, body);
      if (input.dryRun) return plan([call]);
      const { role } = await advancedOnly(input.appToken, () => send(ctx, call));
      return { app: { appToken: input.appToken }, role: { appToken: input.appToken, roleId: role.role_id, raw: role } };
    },
  }),
);

builder.mutationField('updateRole', (t) =>
  t.fieldWithInput({
    type: UpdateRolePayload,
    nullable: false,
    description:
      'Changes a custom role. What you leave out keeps its current value: Feishu replaces the whole role, so the gateway reads it first and sends it whole. ' +
      'A list you give replaces the current one.',
    input: { ...appToken(t.input), roleId: t.input.string({ required: true, validate: id }), ...roleParts(t.input), ...dryRun(t.input) },
    resolve: async (_root, { input }, ctx) => {
      const current = await advancedOnly(input.appToken, () => loadRole(ctx, { appToken: input.appToken, roleId: input.roleId }));
      const body = roleBody(input, current);
      checkBody(body, input);
      const call = bitableWrites.updateRole(input.appToken, input.roleId, body);
      if (input.dryRun) return plan([call]);
      const { role } = await advancedOnly(input.appToken, () => send(ctx, call));
      return { app: { appToken: input.appToken }, role: { appToken: input.appToken, roleId: role.role_id, raw: role } };
    },
  }),
);

builder.mutationField('deleteRole', (t) =>
  t.fieldWithInput({
    type: DeleteRolePayload,
    nullable: false,
    description: 'Deletes a custom role; its members lose the access it gave.',
    input: { ...appToken(t.input), roleId: t.input.string({ required: true, validate: id }), ...dryRun(t.input) },
    resolve: async (_root, { input }, ctx: Context) => {
      const call = bitableWrites.deleteRole(input.appToken, input.roleId);
      if (input.dryRun) return plan([call]);
      await advancedOnly(input.appToken, () => sendRepeatable(ctx, call, ROLE_NOT_FOUND));
      return { app: { appToken: input.appToken }, deletedRoleId: input.roleId };
    },
  }),
);

/** RoleIdNotFound: on a repeated delete, the lost first attempt did it. */
const ROLE_NOT_FOUND = 1254047;
