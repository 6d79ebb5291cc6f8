import { paramError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { del, get, post, put, type Route, type RouteContext } from '../router.js';
import { BITABLE, findField, findView, flag, paginate, tableKey, touch } from './common.js';
import { createField, deleteField, fieldOut, updateField, type FieldInput } from './fieldModel.js';
import { accessTable } from './recordRequest.js';

/** Fields (seed A37 list, A38 create, A39 update, A40 delete); the rules per type live in fieldModel/fieldProperty. */

const FIELDS = `${BITABLE}/apps/:app_token/tables/:table_id/fields`;
const lock = { lock: tableKey };

/** EMULATOR.md "Limits": field pages hold at most 100, 20 by default. */
const PAGE = { max: 100, def: 20 };

function fieldInput(ctx: RouteContext): FieldInput {
  const body = ctx.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw paramError('the body must be an object');
  if (typeof body.type !== 'number') throw paramError('type is required');
  return body as FieldInput;
}

export const fieldRoutes: Route[] = [
  get(FIELDS, 'tenant-or-user', (ctx) => {
    const { app, table } = accessTable(ctx, 'read');
    const viewId = ctx.query.get('view_id');
    if (viewId) findView(table, viewId);
    const page = paginate(ctx, Object.values(table.fields), PAGE);
    const description = flag(ctx, 'text_field_as_array') ? 'segments' : 'string';
    return { ...page, items: page.items.map((f) => fieldOut(app, f, description)) };
  }),

  post(FIELDS, 'tenant-or-user', (ctx) =>
    idempotent(ctx, () => {
      const { app, table } = accessTable(ctx, 'write');
      const field = createField(ctx.rt, app, table, fieldInput(ctx));
      touch(app, table);
      return { field: fieldOut(app, field, 'object') };
    }), lock),

  put(`${FIELDS}/:field_id`, 'tenant-or-user', (ctx) => {
    const { app, table } = accessTable(ctx, 'write');
    const field = findField(table, ctx.params.field_id);
    updateField(ctx.rt, app, table, field, fieldInput(ctx));
    touch(app, table);
    return { field: fieldOut(app, field, 'object') };
  }, lock),

  del(`${FIELDS}/:field_id`, 'tenant-or-user', (ctx) => {
    const { app, table } = accessTable(ctx, 'write');
    const field = findField(table, ctx.params.field_id);
    deleteField(ctx.rt, app, table, field);
    touch(app, table);
    return { field_id: field.field_id, deleted: true };
  }, lock),
];
