import { ApiError, bitableError, paramError } from '../errors.js';
import type { Identity, RouteContext } from '../router.js';
import type { Runtime } from '../runtime.js';
import type { App, BlockRole, Field, RecordRule, RecordRuleCondition, Role, Table, TableRole } from '../state.js';
import { FieldType } from './fieldTypes.js';

/**
 * The advanced-permission model (seed A07, A41-A49): which bases accept role calls, how role
 * settings are validated into their stored form, and who may touch a table.
 */

/** Seed A41-A49 put 1254047 at HTTP 404 everywhere. */
export function findRole(app: App, roleId: string): Role {
  const role = app.roles[roleId];
  if (!role) throw new ApiError(404, 1254047, 'RoleIdNotFound');
  return role;
}

/**
 * The base named by `:app_token`, ready for role and member calls. Feishu answers 1254301 until
 * `PUT apps/:app_token {is_advanced: true}`. The batch member APIs document 1254040 at HTTP 404,
 * the others at 200, hence the parameter.
 */
export function advancedBase(ctx: RouteContext, missingBaseStatus = 200): App {
  const app = ctx.rt.state.apps[ctx.params.app_token];
  if (!app) throw new ApiError(missingBaseStatus, 1254040, 'BaseTokenNotFound');
  if (!app.is_advanced) throw new ApiError(400, 1254301, 'OperationTypeError');
  // Seed A07: only the owner or a manager sets advanced permissions. A user held in a role is a
  // restricted collaborator, so it cannot rewrite the roles that restrict it.
  if (ctx.identity.kind === 'user' && rolesOf(ctx.rt, app, ctx.identity.user.open_id).length > 0) throw permissionDenied();
  return app;
}

const permissionDenied = () => new ApiError(403, 1254302, 'Permission denied.');

/** Roles holding a user: directly, or through a chat member whose members include the user. */
function rolesOf(rt: Runtime, app: App, openId: string): Role[] {
  return Object.values(app.roles).filter((role) =>
    Object.values(role.members).some((m) => (m.member_type === 'user' && m.id === openId) || (m.member_type === 'chat' && (rt.state.chats[m.id]?.members.includes(openId) ?? false))),
  );
}

/** A user held in a role of an advanced base: a restricted collaborator, not a manager of the base. */
export const isRoleRestricted = (rt: Runtime, app: App, openId: string): boolean => app.is_advanced && rolesOf(rt, app, openId).length > 0;

/**
 * Who may read or write a table.
 * - The app (tenant token) always may: the emulator's app owns every base, and Feishu's own advice
 *   for 1254302 is to put a chat holding the app into a role, i.e. the app is never the restricted party.
 * - A user may, unless the base is advanced AND the user belongs to at least one role (directly, or
 *   through a chat in `state.chats` whose `members` include the user). Then the best `table_perm`
 *   among those roles decides: 0 none, 1 read, 2 edit records, 4 edit fields and records; a table a
 *   role does not name counts as 0, the documented default. Refusal: 1254302 (HTTP 403).
 * - A user in no role keeps full access, as a plain document collaborator of the base.
 * Record rules, field permissions and the add/delete switches are stored and returned, not enforced.
 */
export function assertTableAccess(rt: Runtime, app: App, tableId: string, identity: Identity, need: 'read' | 'write'): void {
  if (identity.kind !== 'user' || !app.is_advanced) return;
  const roles = rolesOf(rt, app, identity.user.open_id);
  if (roles.length === 0) return;
  const perm = Math.max(...roles.map((r) => r.table_roles.find((t) => t.table_id === tableId)?.table_perm ?? 0));
  if (perm < (need === 'read' ? 1 : 2)) throw permissionDenied();
}

// --- Validation of role settings (seed A42/A44 request bodies) ---------------------------------
// Shape and enum violations are the gateway's parameter validation (99992402, HTTP 400); names
// that do not resolve in this base are the documented 1254001 WrongRequestBody.

const TABLE_PERMS = [0, 1, 2, 4] as const;
const OPERATORS = ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'] as const;
/** Seed A42: table_roles, block_roles and rec_rule conditions hold at most 100 entries. */
const MAX_ENTRIES = 100;
/** Person-like fields: person, created by, modified by. A condition on them means "contains the visitor". */
const PERSON_TYPES: readonly number[] = [FieldType.User, FieldType.CreatedUser, FieldType.ModifiedUser];
const OPTION_TYPES: readonly number[] = [FieldType.SingleSelect, FieldType.MultiSelect];

const wrongBody = (msg: string) => bitableError(1254001, `WrongRequestBody: ${msg}`);

function oneOf<T extends string | number>(value: unknown, allowed: readonly T[], where: string, def?: T): T {
  if (value === undefined || value === null) {
    if (def === undefined) throw paramError(`${where} is required`);
    return def;
  }
  if (!allowed.includes(value as T)) throw paramError(`${where} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function booleanOr(value: unknown, where: string, def: boolean): boolean {
  if (value === undefined || value === null) return def;
  if (typeof value !== 'boolean') throw paramError(`${where} must be a boolean`);
  return value;
}

function list(value: unknown, where: string, required: boolean): unknown[] {
  if (value === undefined || value === null) {
    if (required) throw paramError(`${where} is required`);
    return [];
  }
  if (!Array.isArray(value)) throw paramError(`${where} must be an array`);
  if (value.length > MAX_ENTRIES) throw paramError(`${where} must hold at most ${MAX_ENTRIES} entries`);
  return value;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw paramError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function fieldNamed(table: Table, name: string, where: string): Field {
  const field = Object.values(table.fields).find((f) => f.field_name === name);
  if (!field) throw wrongBody(`${where}: no field named ${JSON.stringify(name)} in table ${table.table_id}`);
  return field;
}

function tableFor(app: App, raw: Record<string, unknown>, where: string): Table {
  const { table_id, table_name } = raw;
  if (table_id !== undefined && typeof table_id !== 'string') throw paramError(`${where}.table_id must be a string`);
  if (table_name !== undefined && typeof table_name !== 'string') throw paramError(`${where}.table_name must be a string`);
  if (!table_id && !table_name) throw paramError(`${where} needs table_id or table_name`);
  // The id wins when both are given: it is what Feishu keys the role on.
  const table = table_id ? app.tables[table_id] : Object.values(app.tables).find((t) => t.name === table_name);
  if (!table) throw wrongBody(`${where}: table ${table_id || table_name} is not in this base`);
  return table;
}

function parseCondition(table: Table, value: unknown, where: string): RecordRuleCondition {
  const raw = object(value, where);
  if (typeof raw.field_name !== 'string') throw paramError(`${where}.field_name is required`);
  const operator = raw.operator === undefined || raw.operator === null ? undefined : oneOf(raw.operator, OPERATORS, `${where}.operator`);
  if (raw.field_name === '') return { field_id: '', operator: operator ?? 'contains', value: null };
  const field = fieldNamed(table, raw.field_name, where);
  if (PERSON_TYPES.includes(field.type)) return { field_id: field.field_id, operator: operator ?? 'contains', value: null };
  if (!OPTION_TYPES.includes(field.type)) throw wrongBody(`${where}: field ${raw.field_name} is neither a select nor a person field`);
  const op = operator ?? 'is';
  if (op === 'isEmpty' || op === 'isNotEmpty') return { field_id: field.field_id, operator: op, value: null };
  const ids = raw.value;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((v) => typeof v === 'string')) throw paramError(`${where}.value must be a non-empty array of option ids`);
  const options = new Set(((field.property?.options ?? []) as { id?: string }[]).map((o) => o.id));
  const unknown = ids.find((v) => !options.has(v));
  if (unknown !== undefined) throw wrongBody(`${where}: ${unknown} is not an option of field ${raw.field_name}`);
  return { field_id: field.field_id, operator: op, value: [...ids] };
}

function parseRecordRule(table: Table, value: unknown, perm: 1 | 2, where: string): RecordRule {
  const raw = object(value, where);
  const conditions = list(raw.conditions, `${where}.conditions`, true).map((c, i) => parseCondition(table, c, `${where}.conditions[${i}]`));
  const other_perm = oneOf(raw.other_perm, [0, 1] as const, `${where}.other_perm`, 0);
  // other_perm only means something for table_perm 2; elsewhere Feishu reports the default.
  return { conjunction: oneOf(raw.conjunction, ['and', 'or'] as const, `${where}.conjunction`, 'and'), other_perm: perm === 2 ? other_perm : 0, conditions };
}

function parseFieldPerm(table: Table, value: unknown, where: string): Record<string, 1 | 2> {
  const out: Record<string, 1 | 2> = {};
  for (const [name, perm] of Object.entries(object(value, where))) out[fieldNamed(table, name, where).field_id] = oneOf(perm, [1, 2] as const, `${where}.${name}`);
  return out;
}

/** One `table_roles` entry; settings the docs call meaningless for its table_perm are dropped. */
function parseTableRole(app: App, value: unknown, where: string): TableRole {
  const raw = object(value, where);
  const table_perm = oneOf(raw.table_perm, TABLE_PERMS, `${where}.table_perm`);
  const table = tableFor(app, raw, where);
  const role: TableRole = { table_id: table.table_id, table_perm };
  if (table_perm === 2) {
    role.allow_add_record = booleanOr(raw.allow_add_record, `${where}.allow_add_record`, true);
    role.allow_delete_record = booleanOr(raw.allow_delete_record, `${where}.allow_delete_record`, true);
  }
  if ((table_perm === 1 || table_perm === 2) && raw.rec_rule !== undefined && raw.rec_rule !== null) role.rec_rule = parseRecordRule(table, raw.rec_rule, table_perm, `${where}.rec_rule`);
  if (table_perm === 2 && raw.field_perm !== undefined && raw.field_perm !== null) role.field_perm = parseFieldPerm(table, raw.field_perm, `${where}.field_perm`);
  return role;
}

function parseBlockRole(app: App, value: unknown, where: string): BlockRole {
  const raw = object(value, where);
  if (typeof raw.block_id !== 'string' || raw.block_id === '') throw paramError(`${where}.block_id is required`);
  if (!app.dashboards[raw.block_id]) throw wrongBody(`${where}: block ${raw.block_id} is not in this base`);
  return { block_id: raw.block_id, block_perm: oneOf(raw.block_perm, [0, 1] as const, `${where}.block_perm`) };
}

/** `table_roles` (required) and `block_roles` (optional in the SDK) of a create or update body. */
export function parseRoleSettings(app: App, body: any): Pick<Role, 'table_roles' | 'block_roles'> {
  const table_roles = list(body?.table_roles, 'table_roles', true).map((t, i) => parseTableRole(app, t, `table_roles[${i}]`));
  const block_roles = list(body?.block_roles, 'block_roles', false).map((b, i) => parseBlockRole(app, b, `block_roles[${i}]`));
  const duplicate = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const dupTable = duplicate(table_roles.map((t) => t.table_id));
  if (dupTable) throw wrongBody(`table ${dupTable} appears twice in table_roles`);
  const dupBlock = duplicate(block_roles.map((b) => b.block_id));
  if (dupBlock) throw wrongBody(`block ${dupBlock} appears twice in block_roles`);
  return { table_roles, block_roles };
}
