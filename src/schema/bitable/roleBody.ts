import type { BitableRole } from '../../feishu/index.js';

/**
 * The body of a role create or update (seed A42, A44), in Feishu's snake_case. The typed inputs
 * mirror the read types (TableRole, BlockRole); `raw` takes Feishu's body as is. Feishu's PUT
 * replaces the whole role ("全量更新"), so an update starts from the role as it is and lays the
 * caller's parts over it.
 */

export const TABLE_PERM_CODES = { NONE: 0, READ: 1, EDIT: 2, MANAGE: 4 } as const;
export const BLOCK_PERM_CODES = { NONE: 0, READ: 1 } as const;

export interface TableRoleInput {
  tableId?: string | null;
  tableName?: string | null;
  tablePerm: keyof typeof TABLE_PERM_CODES;
  recRule?: unknown;
  fieldPerm?: unknown;
  allowAddRecord?: boolean | null;
  allowDeleteRecord?: boolean | null;
}
export interface BlockRoleInput {
  blockId: string;
  blockPerm: keyof typeof BLOCK_PERM_CODES;
}
export interface RoleChange {
  roleName?: string | null;
  tableRoles?: readonly TableRoleInput[] | null;
  blockRoles?: readonly BlockRoleInput[] | null;
  raw?: unknown;
}

export interface RoleBody extends Record<string, unknown> {
  role_name?: unknown;
  table_roles?: unknown;
  block_roles?: unknown;
}

/** Only the keys given: Feishu fills its documented defaults for the rest. */
export function tableRoleBody(r: TableRoleInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.tableId != null) out.table_id = r.tableId;
  if (r.tableName != null) out.table_name = r.tableName;
  out.table_perm = TABLE_PERM_CODES[r.tablePerm];
  if (r.allowAddRecord != null) out.allow_add_record = r.allowAddRecord;
  if (r.allowDeleteRecord != null) out.allow_delete_record = r.allowDeleteRecord;
  if (r.recRule != null) out.rec_rule = r.recRule;
  if (r.fieldPerm != null) out.field_perm = r.fieldPerm;
  return out;
}

export const blockRoleBody = (b: BlockRoleInput) => ({ block_id: b.blockId, block_perm: BLOCK_PERM_CODES[b.blockPerm] });

/**
 * A role as Feishu lists it, turned back into a body: the keys Feishu only answers
 * (block_type, a condition's field_type, its null value) are left out.
 */
export function currentRoleBody(role: BitableRole): RoleBody {
  const table_roles = (role.table_roles ?? []).map((tr) => {
    const out: Record<string, unknown> = { ...tr };
    delete out.table_name; // the id names the table; a stale name must not fight it
    const rule = tr.rec_rule as { conditions?: Record<string, unknown>[] } | null | undefined;
    if (rule && Array.isArray(rule.conditions)) {
      out.rec_rule = {
        ...rule,
        conditions: rule.conditions.map(({ field_type: _type, value, ...c }) => (value == null ? c : { ...c, value })),
      };
    }
    for (const key of Object.keys(out)) if (out[key] == null) delete out[key];
    return out;
  });
  const block_roles = (role.block_roles ?? []).map((b) => ({ block_id: b.block_id, block_perm: b.block_perm }));
  return { role_name: role.role_name, table_roles, block_roles };
}

/** `raw` when it is an object (the validator refuses anything else before this is sent). */
const rawObject = (raw: unknown): RoleBody => (raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as RoleBody) : {});

/** The body: the current role (updates), then `raw`, then the typed parts, each replacing what it names. */
export function roleBody(change: RoleChange, current?: BitableRole): RoleBody {
  const body: RoleBody = { ...(current ? currentRoleBody(current) : {}), ...rawObject(change.raw) };
  if (change.roleName != null) body.role_name = change.roleName;
  if (change.tableRoles != null) body.table_roles = change.tableRoles.map(tableRoleBody);
  if (change.blockRoles != null) body.block_roles = change.blockRoles.map(blockRoleBody);
  // Seed A42 marks both lists required; an empty one means "no access".
  body.table_roles ??= [];
  body.block_roles ??= [];
  return body;
}

/**
 * Where a body key came from, as an argument path: a typed part under its camelCase input
 * (`table_roles.0.rec_rule.x` -> `input.tableRoles.0.recRule.x`; Feishu's JSON inside recRule
 * and fieldPerm keeps its keys), a raw key under `input.raw`. A key from neither came from the
 * current role (updates) or is missing: giving the typed part is the caller's fix.
 */
export function inputPathOf(bodyPath: string, change: RoleChange): string {
  const [key, index, sub, ...rest] = bodyPath.split('.');
  const typed = TYPED[key];
  if (typed && change[typed] != null) {
    if (index === undefined) return `input.${typed}`;
    return [`input.${typed}`, index, ...(sub === undefined ? [] : [camel(sub), ...rest])].join('.');
  }
  if (Object.prototype.hasOwnProperty.call(rawObject(change.raw), key)) return `input.raw.${bodyPath}`;
  return `input.${typed ?? `raw.${key}`}`;
}

const TYPED: Record<string, 'roleName' | 'tableRoles' | 'blockRoles'> = { role_name: 'roleName', table_roles: 'tableRoles', block_roles: 'blockRoles' };
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
