import { GraphQLError } from 'graphql';
import { FeishuError, type BitableRole, type RoleMember } from '../../feishu/index.js';
import { feishuError, gatewayError } from '../errors.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { UserRef } from '../user.js';
import { connectionType, feishuConnection } from './connection.js';
import { compositeKey, AppRef, DashboardRef, RoleRef, TableRef, loadRole, type RoleShape } from './refs.js';

/**
 * Custom roles of a base's advanced permissions (API.md, Bitable). Feishu has no single-role
 * read: `App.role` and a role's fields use the base's role list, read once per request.
 * Roles exist only while advanced permissions are on; otherwise Feishu answers 1254301, which
 * keeps its mapped code (errors.ts) but gets a message that says what is wrong.
 */

const NOT_ADVANCED = 1254301;

/** Runs a role call, turning Feishu's 1254301 into a readable error. */
export async function advancedOnly<T>(appToken: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof FeishuError && e.code === NOT_ADVANCED) {
      const mapped = feishuError(e);
      throw new GraphQLError(
        `Base ${appToken} has no roles: its advanced permissions are off (turn them on in the base, or with isAdvanced, to use roles) (Feishu code ${NOT_ADVANCED})`,
        { extensions: mapped.extensions },
      );
    }
    throw e;
  }
}

const role = (ctx: Context, r: RoleShape): Promise<BitableRole> => advancedOnly(r.appToken, () => loadRole(ctx, r));

/** A Feishu number mapped onto an enum; an unknown one is Feishu's doing, not the caller's. */
function fromCode<V extends string>(what: string, table: Record<number, V>, code: number | null | undefined): V {
  const value = table[code ?? -1];
  if (!value) throw gatewayError('UPSTREAM_ERROR', `Feishu returned an unknown ${what} ${JSON.stringify(code)}`);
  return value;
}

const TABLE_PERMS = { 0: 'NONE', 1: 'READ', 2: 'EDIT', 4: 'MANAGE' } as const;
const BLOCK_PERMS = { 0: 'NONE', 1: 'READ' } as const;
const MEMBER_TYPES = { user: 'USER', chat: 'CHAT', department: 'DEPARTMENT' } as const;

export const TablePermission = builder.enumType('TablePermission', {
  description: "A role's access to a table (Feishu's table_perm).",
  values: {
    NONE: { description: '0: no access.' },
    READ: { description: '1: read.' },
    EDIT: { description: '2: edit records.' },
    MANAGE: { description: '4: edit fields and records.' },
  } as const,
});

export const BlockPermission = builder.enumType('BlockPermission', {
  description: "A role's access to a block such as a dashboard (Feishu's block_perm).",
  values: { NONE: { description: '0: no access.' }, READ: { description: '1: read.' } } as const,
});

export const RoleMemberType = builder.enumType('RoleMemberType', {
  description: 'What a role member is (Feishu member_type).',
  values: ['USER', 'CHAT', 'DEPARTMENT'] as const,
});

type RawTableRole = NonNullable<BitableRole['table_roles']>[number];
type RawBlockRole = NonNullable<BitableRole['block_roles']>[number];

export const TableRoleRef = builder.objectRef<{ appToken: string; raw: RawTableRole }>('TableRole').implement({
  description: "A role's permissions on one table.",
  fields: (t) => ({
    tableId: t.string({ nullable: true, resolve: (r) => r.raw.table_id ?? null }),
    tableName: t.string({ nullable: true, resolve: (r) => r.raw.table_name ?? null }),
    table: t.field({
      type: TableRef,
      nullable: true,
      resolve: (r) => (r.raw.table_id ? { appToken: r.appToken, tableId: r.raw.table_id } : null),
    }),
    tablePerm: t.field({ type: TablePermission, resolve: (r) => fromCode('table_perm', TABLE_PERMS, r.raw.table_perm) }),
    recRule: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Which records the role may edit (Feishu rec_rule: conjunction, conditions, other_perm), as Feishu returns it.',
      resolve: (r) => r.raw.rec_rule ?? null,
    }),
    fieldPerm: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Per-field permissions (Feishu field_perm: field name -> 0 none, 1 read, 2 edit), as Feishu returns it.',
      resolve: (r) => r.raw.field_perm ?? null,
    }),
    allowAddRecord: t.boolean({ nullable: true, resolve: (r) => (r.raw.allow_add_record as boolean | null | undefined) ?? null }),
    allowDeleteRecord: t.boolean({ nullable: true, resolve: (r) => (r.raw.allow_delete_record as boolean | null | undefined) ?? null }),
  }),
});

export const BlockRoleRef = builder.objectRef<{ appToken: string; raw: RawBlockRole }>('BlockRole').implement({
  description: "A role's permission on one block (a dashboard).",
  fields: (t) => ({
    blockId: t.string({ nullable: true, resolve: (b) => b.raw.block_id ?? null }),
    blockType: t.string({ nullable: true, description: 'Feishu block_type, e.g. "dashboard".', resolve: (b) => (b.raw.block_type as string | null | undefined) ?? null }),
    blockPerm: t.field({ type: BlockPermission, resolve: (b) => fromCode('block_perm', BLOCK_PERMS, b.raw.block_perm) }),
    dashboard: t.field({
      type: DashboardRef,
      nullable: true,
      description: 'The dashboard, when the block is one. Not fetched until a field needs it.',
      resolve: (b) => (b.raw.block_id && (b.raw.block_type ?? 'dashboard') === 'dashboard' ? { appToken: b.appToken, blockId: b.raw.block_id } : null),
    }),
  }),
});

export const RoleMemberRef = builder.objectRef<RoleMember>('RoleMember').implement({
  description: 'A member of a role: a user, a group chat or a department.',
  fields: (t) => ({
    memberType: t.field({
      type: RoleMemberType,
      resolve: (m) => {
        const type = MEMBER_TYPES[(m.member_type ?? '') as keyof typeof MEMBER_TYPES];
        if (!type) throw gatewayError('UPSTREAM_ERROR', `Feishu returned an unknown member_type ${JSON.stringify(m.member_type)}`);
        return type;
      },
    }),
    memberName: t.string({ nullable: true, resolve: (m) => m.member_name ?? null }),
    memberEnName: t.string({ nullable: true, resolve: (m) => m.member_en_name ?? null }),
    openId: t.string({ nullable: true, resolve: (m) => m.open_id || null }),
    unionId: t.string({ nullable: true, resolve: (m) => m.union_id || null }),
    userId: t.string({ nullable: true, resolve: (m) => m.user_id || null }),
    chatId: t.string({ nullable: true, resolve: (m) => m.chat_id || null }),
    departmentId: t.string({ nullable: true, resolve: (m) => m.department_id || null }),
    openDepartmentId: t.string({ nullable: true, resolve: (m) => m.open_department_id || null }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user, for a user member.',
      resolve: (m) => (m.member_type === 'user' && m.open_id ? { openId: m.open_id, known: { name: m.member_name, en_name: m.member_en_name } } : null),
    }),
  }),
});

export const RoleMemberConnection = connectionType('RoleMember', RoleMemberRef);

builder.node(RoleRef, {
  description: "A custom role of a base's advanced permissions.",
  ...compositeKey('appToken', 'roleId'),
  fields: (t) => ({
    roleId: t.exposeString('roleId'),
    name: t.string({ nullable: true, resolve: async (r, _a, ctx) => (await role(ctx, r)).role_name ?? null }),
    app: t.field({ type: AppRef, resolve: (r) => ({ appToken: r.appToken }) }),
    tableRoles: t.field({
      type: [TableRoleRef],
      nullable: false,
      resolve: async (r, _a, ctx) => ((await role(ctx, r)).table_roles ?? []).map((raw) => ({ appToken: r.appToken, raw })),
    }),
    blockRoles: t.field({
      type: [BlockRoleRef],
      nullable: false,
      resolve: async (r, _a, ctx) => ((await role(ctx, r)).block_roles ?? []).map((raw) => ({ appToken: r.appToken, raw })),
    }),
    members: t.field({
      type: RoleMemberConnection,
      nullable: false,
      description: 'The members of the role (first: default 20, at most 100).',
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: (r, args, ctx) =>
        advancedOnly(r.appToken, () =>
          feishuConnection(args, {
            cap: 100,
            what: 'role members',
            fetch: (p) => ctx.feishu.bitable.listRoleMembers({ appToken: r.appToken, roleId: r.roleId, ...p }),
            node: (m) => m,
          }),
        ),
    }),
  }),
});

export const RoleConnection = connectionType('Role', RoleRef);

builder.objectFields(AppRef, (t) => ({
  roles: t.field({
    type: RoleConnection,
    nullable: false,
    description: 'The custom roles of the base (first: default 20, at most 30). Only bases with advanced permissions have roles.',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (app, args, ctx) =>
      advancedOnly(app.appToken, () =>
        feishuConnection(args, {
          cap: 30,
          what: 'roles',
          fetch: (p) => ctx.feishu.bitable.listRoles({ appToken: app.appToken, ...p }),
          node: (raw) => ({ appToken: app.appToken, roleId: raw.role_id, raw }),
        }),
      ),
  }),
  role: t.field({
    type: RoleRef,
    nullable: true,
    description: 'A custom role by its role_id. Not fetched until a field needs it.',
    args: { roleId: t.arg.string({ required: true }) },
    resolve: (app, { roleId }) => ({ appToken: app.appToken, roleId }),
  }),
}));
