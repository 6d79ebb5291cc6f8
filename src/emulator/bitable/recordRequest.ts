import { paramError } from '../errors.js';
import type { RouteContext } from '../router.js';
import type { App, StoredRecord, Table } from '../state.js';
import { actorOpenId, flag, tableOf, userIdType } from './common.js';
import { assertTableAccess } from './permissions.js';
import { recordOut } from './recordModel.js';
import { writeContext, type ReadFamily, type ReadOptions, type WriteContext } from './values.js';

/** What the record and field routes share: the table (access checked) and how to read and write its cells. */

/** The table of `:app_token/:table_id`, refused with 1254302 when an advanced-permission role forbids it (permissions.ts). */
export function accessTable(ctx: RouteContext, need: 'read' | 'write'): { app: App; table: Table } {
  const found = tableOf(ctx);
  assertTableAccess(ctx.rt, found.app, found.table.table_id, ctx.identity, need);
  return found;
}

/** Query flags of the read endpoints (A29/A30); batch_get passes its body's `user_id_type`. */
export function readOptions(ctx: RouteContext, family: ReadFamily, idFrom: 'query' | 'body' = 'query'): ReadOptions {
  return { family, idType: userIdType(ctx, idFrom), textAsArray: flag(ctx, 'text_field_as_array'), displayFormulaRef: flag(ctx, 'display_formula_ref') };
}

/** The table of a record write, its cell writer (person ids as `user_id_type` says) and who writes. */
export function writeFor(ctx: RouteContext): { w: WriteContext; actor: string } {
  const { app, table } = accessTable(ctx, 'write');
  return { w: writeContext(ctx.rt, app, table, userIdType(ctx)), actor: actorOpenId(ctx) };
}

/** A written record as create/update answers echo it (write shapes, seed A31-A35). */
export const echoRecord = (ctx: RouteContext, w: WriteContext, record: StoredRecord) => recordOut({ rt: ctx.rt, app: w.app }, w.table, record, readOptions(ctx, 'echo'));

/** The `fields` object of a create/update body; the SDK and seed mark it required. */
export function fieldsOf(body: unknown, where = 'fields'): Record<string, unknown> {
  const fields = (body as { fields?: unknown } | undefined)?.fields;
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw paramError(`${where} must be an object`);
  return fields as Record<string, unknown>;
}

/** Links a record opens in the web UI; the origin is the emulator's public URL. */
export const recordUrl = (ctx: RouteContext, app: App, table: Table, record: StoredRecord) => `${ctx.rt.publicUrl}/base/${app.app_token}?table=${table.table_id}&record=${record.record_id}`;
export const sharedUrl = (ctx: RouteContext, record: StoredRecord) => `${ctx.rt.publicUrl}/record/${record.record_id}`;
