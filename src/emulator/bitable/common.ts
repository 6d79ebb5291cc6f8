import { bitableError, paramError } from '../errors.js';
import type { RouteContext } from '../router.js';
import type { Runtime } from '../runtime.js';
import type { App, Field, StoredRecord, Table, View } from '../state.js';

export const BITABLE = '/open-apis/bitable/v1';

export function findApp(rt: Runtime, appToken: string): App {
  const app = rt.state.apps[appToken];
  if (!app) throw bitableError(1254040, 'BaseTokenNotFound');
  return app;
}

export function findTable(app: App, tableId: string): Table {
  const table = app.tables[tableId];
  if (!table) throw bitableError(1254041, 'TableIdNotFound');
  return table;
}

/** The app and table named by `:app_token` and `:table_id`. */
export function tableOf(ctx: RouteContext): { app: App; table: Table } {
  const app = findApp(ctx.rt, ctx.params.app_token);
  return { app, table: findTable(app, ctx.params.table_id) };
}

export function findView(table: Table, viewId: string): View {
  const view = table.views[viewId];
  if (!view) throw bitableError(1254042, 'ViewIdNotFound');
  return view;
}

export function findRecord(table: Table, recordId: string): StoredRecord {
  const record = table.records[recordId];
  if (!record) throw bitableError(1254043, 'RecordIdNotFound');
  return record;
}

/** The field type of a name, as validateSearchFilter asks it (undefined: no such field). */
export const fieldTypeByName = (table: Table) => (name: string) => Object.values(table.fields).find((f) => f.field_name === name)?.type;

export function findField(table: Table, fieldId: string): Field {
  const field = table.fields[fieldId];
  if (!field) throw bitableError(1254044, 'FieldIdNotFound');
  return field;
}

export function fieldByName(table: Table, name: string): Field {
  const field = Object.values(table.fields).find((f) => f.field_name === name);
  if (!field) throw bitableError(1254045, `FieldNameNotFound: ${name}`);
  return field;
}

/** Every write bumps the base's and the table's revision, as Feishu reports them. */
export function touch(app: App, table?: Table): void {
  app.revision++;
  if (table) table.revision++;
}

export type UserIdType = 'open_id' | 'union_id' | 'user_id';

export function userIdType(ctx: RouteContext, from: 'query' | 'body' = 'query'): UserIdType {
  const v = (from === 'query' ? ctx.query.get('user_id_type') : ctx.body?.user_id_type) || 'open_id';
  if (v !== 'open_id' && v !== 'union_id' && v !== 'user_id') throw paramError(`user_id_type must be open_id, union_id or user_id, got ${v}`);
  return v;
}

/** Boolean query flags arrive as strings ("true"). */
export const flag = (ctx: RouteContext, name: string): boolean => ctx.query.get(name) === 'true';

export interface PageOptions {
  /** The pinned maximum page_size (EMULATOR.md "Limits"). */
  max: number;
  /** page_size when the caller sends none (Feishu's documented default). */
  def: number;
}

export interface Page<T> {
  items: T[];
  page_token: string;
  has_more: boolean;
  total: number;
}

/**
 * Feishu pagination: `page_size` and an opaque `page_token`. The token encodes the offset; a
 * page_size over the pinned max is refused like Feishu's parameter validation.
 */
export function paginate<T>(ctx: RouteContext, items: T[], opts: PageOptions, source: 'query' | 'body' = 'query'): Page<T> {
  const rawSize = source === 'query' ? ctx.query.get('page_size') : ctx.body?.page_size;
  const rawToken = (source === 'query' ? ctx.query.get('page_token') : ctx.body?.page_token) ?? '';
  let size = opts.def;
  if (rawSize !== null && rawSize !== undefined && rawSize !== '') {
    size = Number(rawSize);
    if (!Number.isInteger(size)) throw paramError(`page_size must be an integer, got ${rawSize}`);
    if (size <= 0) throw bitableError(1254011, 'page_size must be greater than 0');
    if (size > opts.max) throw paramError(`page_size must be at most ${opts.max}, got ${size}`);
  }
  let offset = 0;
  if (rawToken) {
    const m = /^pt([0-9]+)$/.exec(Buffer.from(String(rawToken), 'base64url').toString());
    if (!m) throw paramError(`page_token is not valid: ${rawToken}`);
    offset = Number(m[1]);
  }
  const slice = items.slice(offset, offset + size);
  const has_more = offset + size < items.length;
  return {
    items: slice,
    page_token: has_more ? Buffer.from(`pt${offset + size}`).toString('base64url') : '',
    has_more,
    total: items.length,
  };
}

/** A caller id (open_id etc.) of the writer: a user, or the app's bot for tenant calls. */
export function actorOpenId(ctx: RouteContext): string {
  return ctx.identity.kind === 'user' ? ctx.identity.user.open_id : ctx.rt.bot.open_id;
}

/** Person object as Feishu shows it in `created_by`, person cells and members. */
export function personOf(rt: Runtime, openId: string, idType: UserIdType = 'open_id') {
  const u = rt.findUser(openId);
  return {
    id: u ? u[idType] || u.open_id : openId,
    name: u?.name ?? '',
    en_name: u?.en_name ?? '',
    email: u?.email ?? '',
    avatar_url: u?.avatar_url ?? '',
  };
}

/** Strings that must be present and non-empty in a body. */
export function requireString(body: any, key: string, max?: number): string {
  const v = body?.[key];
  if (typeof v !== 'string' || v.trim() === '') throw paramError(`${key} is required`);
  if (max !== undefined && v.length > max) throw paramError(`${key} must be at most ${max} characters`);
  return v;
}

export const tableKey = (p: Record<string, string>) => `${p.app_token}/${p.table_id}`;

/** An optional body string: absent or null gives undefined; a wrong type or length is a parameter error. */
export function optionalString(body: any, key: string, max?: number): string | undefined {
  const v = body?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw paramError(`${key} must be a string`);
  if (max !== undefined && v.length > max) throw paramError(`${key} must be at most ${max} characters`);
  return v;
}

/** An optional body boolean: absent or null gives undefined; anything but a boolean is a parameter error. */
export function optionalBoolean(body: any, key: string): boolean | undefined {
  const v = body?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw paramError(`${key} must be a boolean`);
  return v;
}

/** A body array that must be present (`[]` allowed unless `min` says otherwise) and hold at most `max` items. */
export function requireArray(body: any, key: string, opts: { min?: number; max?: number } = {}): unknown[] {
  const v = body?.[key];
  if (!Array.isArray(v)) throw paramError(`${key} must be an array`);
  if (opts.min !== undefined && v.length < opts.min) throw paramError(`${key} must hold at least ${opts.min} items`);
  if (opts.max !== undefined && v.length > opts.max) throw paramError(`${key} must hold at most ${opts.max} items`);
  return v;
}
