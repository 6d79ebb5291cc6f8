import type { BitableApp, BitableField, BitableRecord, BitableRole, BitableTable, BitableView, Dashboard } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { bitableLoaders, key, notFound } from './loaders.js';

/**
 * The Bitable types' shapes and refs, declared apart from their implementations so the files
 * can point at each other. A shape is the object's key plus whatever its parent already had
 * (`raw`); fields that need more load it through the request's loaders.
 */

export interface AppShape {
  appToken: string;
  raw?: BitableApp;
}
export interface TableShape {
  appToken: string;
  tableId: string;
  raw?: BitableTable;
}
/** A table's key (`TableKey` of the Feishu calls) from any input or shape that names one. */
export const tableKeyOf = (i: { appToken: string; tableId: string }): { appToken: string; tableId: string } => ({ appToken: i.appToken, tableId: i.tableId });

export interface FieldShape {
  appToken: string;
  tableId: string;
  /** A field id; for `field(name:)` lookups the name, resolved on first load. */
  fieldId?: string;
  fieldName?: string;
  raw?: BitableField;
}
export interface ViewShape {
  appToken: string;
  tableId: string;
  viewId: string;
  raw?: BitableView;
}
export interface RecordShape {
  appToken: string;
  tableId: string;
  recordId: string;
  raw?: BitableRecord;
}

export interface RoleShape {
  appToken: string;
  roleId: string;
  raw?: BitableRole;
}
export interface DashboardShape {
  appToken: string;
  blockId: string;
  raw?: Dashboard;
}
/** A form is a view of type form: its id is the view's. */
export interface FormShape {
  appToken: string;
  tableId: string;
  formId: string;
}

/**
 * Relay ids of entities keyed by several raw ids: the global id wraps `appToken/tableId/recordId`
 * (Feishu ids never hold a slash), and decoding gives back the key object a parent would return.
 */
export function compositeKey<K extends string>(...keys: K[]) {
  return {
    id: { resolve: (entity: Record<K, string>) => keys.map((k) => entity[k]).join('/') },
    loadOne: (id: string) => Object.fromEntries(id.split('/').map((part, i) => [keys[i], part])) as Record<K, string>,
  };
}

export const AppRef = builder.objectRef<AppShape>('App');
export const TableRef = builder.objectRef<TableShape>('Table');
export const FieldRef = builder.objectRef<FieldShape>('Field');
export const ViewRef = builder.objectRef<ViewShape>('View');
export const RecordRef = builder.objectRef<RecordShape>('Record');
export const RoleRef = builder.objectRef<RoleShape>('Role');
export const DashboardRef = builder.objectRef<DashboardShape>('Dashboard');
export const FormRef = builder.objectRef<FormShape>('Form');

export async function loadApp(ctx: Context, app: AppShape): Promise<BitableApp> {
  return app.raw ?? (await bitableLoaders(ctx).app.load(app.appToken));
}

export async function loadTable(ctx: Context, table: TableShape): Promise<BitableTable> {
  if (table.raw) return table.raw;
  const tables = await bitableLoaders(ctx).tables.load(table.appToken);
  const found = tables.find((t) => t.table_id === table.tableId);
  if (!found) throw notFound(`Table ${table.tableId} does not exist in base ${table.appToken}`);
  return found;
}

/** Every field of a table (one listing per table per request). */
export const loadFields = (ctx: Context, appToken: string, tableId: string): Promise<BitableField[]> =>
  bitableLoaders(ctx).fields.load(key(appToken, tableId));

/** A field by id or name. */
export async function loadField(ctx: Context, field: FieldShape): Promise<BitableField> {
  if (field.raw) return field.raw;
  const fields = await loadFields(ctx, field.appToken, field.tableId);
  const found = fields.find((f) => (field.fieldId ? f.field_id === field.fieldId : f.field_name === field.fieldName));
  if (!found) throw notFound(`Field ${field.fieldId ?? JSON.stringify(field.fieldName)} does not exist in table ${field.tableId}`);
  return found;
}

export async function loadView(ctx: Context, view: ViewShape): Promise<BitableView> {
  return view.raw ?? (await bitableLoaders(ctx).view.load(key(view.appToken, view.tableId, view.viewId)));
}

export async function loadRecord(ctx: Context, record: RecordShape): Promise<BitableRecord> {
  if (record.raw) return record.raw;
  const raw = await bitableLoaders(ctx).record.load(key(record.appToken, record.tableId, record.recordId));
  if (!raw) throw notFound(`Record ${record.recordId} does not exist in table ${record.tableId}`);
  return raw;
}

/** A role by id, from the base's role list (no single-role endpoint exists). */
export async function loadRole(ctx: Context, role: RoleShape): Promise<BitableRole> {
  if (role.raw) return role.raw;
  const roles = await bitableLoaders(ctx).roles.load(role.appToken);
  const found = roles.find((r) => r.role_id === role.roleId);
  if (!found) throw notFound(`Role ${role.roleId} does not exist in base ${role.appToken}`);
  return found;
}

/** A dashboard by block id, from the base's dashboard list. */
export async function loadDashboard(ctx: Context, dashboard: DashboardShape): Promise<Dashboard> {
  if (dashboard.raw) return dashboard.raw;
  const all = await bitableLoaders(ctx).dashboards.load(dashboard.appToken);
  const found = all.find((d) => d.block_id === dashboard.blockId);
  if (!found) throw notFound(`Dashboard ${dashboard.blockId} does not exist in base ${dashboard.appToken}`);
  return found;
}
