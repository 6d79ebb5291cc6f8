import { ApiError } from '../errors.js';
import { newId } from '../ids.js';
import { del, get, post, put, type Route } from '../router.js';
import type { App, Role, TableRole } from '../state.js';
import { BITABLE, paginate } from './common.js';
import { advancedBase, findRole, parseRoleSettings } from './permissions.js';

/** Custom roles of advanced permissions (seed A41-A44). */

/** Seed A41-A44: "RoleExceedLimit 自定义角色数量超限,限制30条"; list page_size max 30. */
const ROLE_LIMIT = 30;
const ROLES_PAGE = { max: 30, def: 20 };

function roleName(app: App, body: any, self?: string): string {
  const name = body?.role_name;
  if (typeof name !== 'string' || name.trim() === '') throw new ApiError(400, 1254032, 'InvalidRoleName');
  if (Object.values(app.roles).some((r) => r.role_id !== self && r.role_name === name)) throw new ApiError(400, 1254033, 'RoleNameDuplicated');
  return name;
}

/**
 * A table role as seed A41 shows it. Names come from the current base, so renamed tables and
 * fields follow; a deleted table drops out, a deleted field drops out of its rules.
 */
function renderTableRole(app: App, tr: TableRole) {
  const table = app.tables[tr.table_id];
  if (!table) return undefined;
  const out: Record<string, unknown> = { table_name: table.name, table_id: table.table_id, table_perm: tr.table_perm };
  if (tr.allow_add_record !== undefined) out.allow_add_record = tr.allow_add_record;
  if (tr.allow_delete_record !== undefined) out.allow_delete_record = tr.allow_delete_record;
  if (tr.rec_rule) {
    const conditions = tr.rec_rule.conditions.flatMap((c) => {
      if (c.field_id === '') return [{ field_name: '', field_type: 1003, operator: c.operator, value: c.value }];
      const field = table.fields[c.field_id];
      return field ? [{ field_name: field.field_name, field_type: field.type, operator: c.operator, value: c.value }] : [];
    });
    out.rec_rule = { conjunction: tr.rec_rule.conjunction, conditions, other_perm: tr.rec_rule.other_perm };
  }
  if (tr.field_perm) {
    out.field_perm = Object.fromEntries(Object.entries(tr.field_perm).flatMap(([id, perm]) => (table.fields[id] ? [[table.fields[id].field_name, perm]] : [])));
  }
  return out;
}

function renderRole(app: App, role: Role) {
  return {
    role_id: role.role_id,
    role_name: role.role_name,
    table_roles: role.table_roles.flatMap((tr) => renderTableRole(app, tr) ?? []),
    block_roles: role.block_roles
      .filter((b) => app.dashboards[b.block_id])
      .map((b) => ({ block_id: b.block_id, block_type: 'dashboard', block_perm: b.block_perm })),
  };
}

const ROLES = `${BITABLE}/apps/:app_token/roles`;

export const roleRoutes: Route[] = [
  get(ROLES, 'tenant-or-user', (ctx) => {
    const app = advancedBase(ctx);
    const page = paginate(ctx, Object.values(app.roles), ROLES_PAGE);
    return { items: page.items.map((r) => renderRole(app, r)), page_token: page.page_token, has_more: page.has_more, total: page.total };
  }),

  // The seed shows an empty `data` for create; the official SDK types `data.role`, and it wins.
  post(ROLES, 'tenant-or-user', (ctx) => {
    const app = advancedBase(ctx);
    const role_name = roleName(app, ctx.body);
    const settings = parseRoleSettings(app, ctx.body);
    if (Object.keys(app.roles).length >= ROLE_LIMIT) throw new ApiError(400, 1254110, 'RoleExceedLimit');
    const role: Role = { role_id: newId.role(), role_name, ...settings, members: {} };
    app.roles[role.role_id] = role;
    return { role: renderRole(app, role) };
  }),

  // Seed A44: a full replacement ("全量更新,会完全覆盖旧的自定义角色设置"); members stay.
  put(`${ROLES}/:role_id`, 'tenant-or-user', (ctx) => {
    const app = advancedBase(ctx);
    const role = findRole(app, ctx.params.role_id);
    const role_name = roleName(app, ctx.body, role.role_id);
    Object.assign(role, { role_name, ...parseRoleSettings(app, ctx.body) });
    return { role: renderRole(app, role) };
  }),

  del(`${ROLES}/:role_id`, 'tenant-or-user', (ctx) => {
    const app = advancedBase(ctx);
    delete app.roles[findRole(app, ctx.params.role_id).role_id];
    return {};
  }),
];
