import { z } from 'zod';
import { endpoint, refuse, type CallOptions, type Caller } from './endpoint.js';
import { page, trusting } from './envelope.js';

/** Bitable v1 reads (feishu-wire.md §3). Answers keep Feishu's snake_case shapes. */

const BITABLE = '/open-apis/bitable/v1';
const APP = `${BITABLE}/apps/:app_token`;
const TABLE = `${APP}/tables/:table_id`;
const RECORDS = `${TABLE}/records`;

export type UserIdType = 'open_id' | 'union_id' | 'user_id';

// ---- response shapes (loose: unknown fields pass through) ----

export const BitableApp = z.looseObject({
  app_token: z.string(),
  name: z.string().nullish(),
  revision: z.number().nullish(),
  is_advanced: z.boolean().nullish(),
  time_zone: z.string().nullish(),
});
export const BitableTable = z.looseObject({ table_id: z.string(), name: z.string().nullish(), revision: z.number().nullish() });
export const BitableField = z.looseObject({
  field_id: z.string(),
  field_name: z.string(),
  type: z.number(),
  property: z.unknown().optional(),
  is_primary: z.boolean().nullish(),
  ui_type: z.string().nullish(),
  description: z.unknown().optional(),
});
export const BitableView = z.looseObject({ view_id: z.string(), view_name: z.string().nullish(), view_type: z.string().nullish(), property: z.unknown().optional() });
export const BitableForm = z.looseObject({
  name: z.string().nullish(),
  description: z.string().nullish(),
  shared: z.boolean().nullish(),
  shared_url: z.string().nullish(),
  shared_limit: z.string().nullish(),
  submit_limit_once: z.boolean().nullish(),
});
export const FormQuestion = z.looseObject({
  field_id: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  required: z.boolean().nullish(),
  visible: z.boolean().nullish(),
});
const Person = z.looseObject({ id: z.string().nullish(), name: z.string().nullish(), en_name: z.string().nullish(), email: z.string().nullish(), avatar_url: z.string().nullish() });
export const BitableRecord = z.looseObject({
  record_id: z.string(),
  fields: z.record(z.string(), z.unknown()).nullish().transform((f) => f ?? {}),
  created_by: Person.nullish(),
  created_time: z.number().nullish(),
  last_modified_by: Person.nullish(),
  last_modified_time: z.number().nullish(),
  shared_url: z.string().nullish(),
  record_url: z.string().nullish(),
});
export const BitableRole = z.looseObject({
  role_id: z.string(),
  role_name: z.string().nullish(),
  table_roles: z.array(z.looseObject({ table_id: z.string().nullish(), table_name: z.string().nullish(), table_perm: z.number().nullish() })).nullish(),
  block_roles: z.array(z.looseObject({ block_id: z.string().nullish(), block_perm: z.number().nullish() })).nullish(),
});
export const RoleMember = z.looseObject({
  member_type: z.string().nullish(),
  member_name: z.string().nullish(),
  member_en_name: z.string().nullish(),
  open_id: z.string().nullish(),
  union_id: z.string().nullish(),
  user_id: z.string().nullish(),
  chat_id: z.string().nullish(),
  department_id: z.string().nullish(),
  open_department_id: z.string().nullish(),
});
export const Dashboard = z.looseObject({ block_id: z.string(), name: z.string().nullish() });

export const TablePage = page(BitableTable);
export const FieldPage = page(BitableField);
export const ViewPage = page(BitableView);
export const FormQuestionPage = page(FormQuestion);
export const RecordPage = trusting(page(BitableRecord), (v) => isObject(v) && acceptsItems(v, 'items') && isNullish(v.has_more, 'boolean') && isNullish(v.page_token, 'string') && isNullish(v.total, 'number') && pageDefaults(v));
export const RolePage = page(BitableRole);
export const RoleMemberPage = page(RoleMember);
/** Dashboards list their items under `dashboards`, not `items`. */
export const DashboardPage = z.looseObject({
  dashboards: z.array(Dashboard).nullish().transform((d) => d ?? []),
  has_more: z.boolean().nullish().transform((v) => v ?? false),
  page_token: z.string().nullish(),
  total: z.number().nullish(),
});
export const BatchGetRecordsData = trusting(
  z.looseObject({
    records: z.array(BitableRecord).nullish().transform((r) => r ?? []),
    forbidden_record_ids: z.array(z.string()).nullish().transform((r) => r ?? []),
    absent_record_ids: z.array(z.string()).nullish().transform((r) => r ?? []),
  }),
  (v) => isObject(v) && acceptsItems(v, 'records') && acceptsIds(v, 'forbidden_record_ids') && acceptsIds(v, 'absent_record_ids'),
);

// ---- the fast path of record answers (envelope.ts `trusting`): BitableRecord's checks by hand ----
type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNullish = (v: unknown, type: 'string' | 'number' | 'boolean'): boolean => v == null || typeof v === type;
const PERSON_KEYS = ['id', 'name', 'en_name', 'email', 'avatar_url'] as const;
const isPerson = (p: unknown): boolean => p == null || (isObject(p) && PERSON_KEYS.every((k) => isNullish(p[k], 'string')));
const isRecord = (r: unknown): r is Loose =>
  isObject(r) &&
  typeof r.record_id === 'string' &&
  (r.fields == null || isObject(r.fields)) &&
  isPerson(r.created_by) &&
  isPerson(r.last_modified_by) &&
  isNullish(r.created_time, 'number') &&
  isNullish(r.last_modified_time, 'number') &&
  isNullish(r.shared_url, 'string') &&
  isNullish(r.record_url, 'string');
/** An absent list becomes [], a record without fields gets {} (what the schema's transforms do). */
function acceptsItems(v: Loose, key: string): boolean {
  const items = v[key];
  if (items == null) return (v[key] = []), true;
  if (!Array.isArray(items) || !items.every(isRecord)) return false;
  for (const r of items as Loose[]) r.fields ??= {};
  return true;
}
function acceptsIds(v: Loose, key: string): boolean {
  const ids = v[key];
  if (ids == null) return (v[key] = []), true;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string');
}
function pageDefaults(v: Loose): true {
  v.has_more ??= false;
  return true;
}

export type BitableApp = z.infer<typeof BitableApp>;
export type BitableTable = z.infer<typeof BitableTable>;
export type BitableField = z.infer<typeof BitableField>;
export type BitableView = z.infer<typeof BitableView>;
export type BitableForm = z.infer<typeof BitableForm>;
export type FormQuestion = z.infer<typeof FormQuestion>;
export type BitableRecord = z.infer<typeof BitableRecord>;
export type BitableRole = z.infer<typeof BitableRole>;
export type RoleMember = z.infer<typeof RoleMember>;
export type Dashboard = z.infer<typeof Dashboard>;
export type TablePage = z.infer<typeof TablePage>;
export type FieldPage = z.infer<typeof FieldPage>;
export type ViewPage = z.infer<typeof ViewPage>;
export type FormQuestionPage = z.infer<typeof FormQuestionPage>;
export type RecordPage = z.infer<typeof RecordPage>;
export type RolePage = z.infer<typeof RolePage>;
export type RoleMemberPage = z.infer<typeof RoleMemberPage>;
export type DashboardPage = z.infer<typeof DashboardPage>;
export type BatchGetRecordsData = z.infer<typeof BatchGetRecordsData>;

// ---- endpoints ----

const read = <D>(name: string, path: string, data: z.ZodType<D>, rate: 'bitable' | 'bitable.record.read' = 'bitable') =>
  endpoint({ name: `bitable.${name}`, method: 'GET', path, rate, idempotent: true, data });

export const BITABLE_ENDPOINTS = {
  getApp: read('getApp', APP, z.looseObject({ app: BitableApp })),
  listTables: read('listTables', `${APP}/tables`, TablePage),
  listFields: read('listFields', `${TABLE}/fields`, FieldPage),
  listViews: read('listViews', `${TABLE}/views`, ViewPage),
  getView: read('getView', `${TABLE}/views/:view_id`, z.looseObject({ view: BitableView })),
  getForm: read('getForm', `${TABLE}/forms/:form_id`, z.looseObject({ form: BitableForm })),
  listFormQuestions: read('listFormQuestions', `${TABLE}/forms/:form_id/fields`, FormQuestionPage),
  listRecords: read('listRecords', RECORDS, RecordPage, 'bitable.record.read'),
  getRecord: read('getRecord', `${RECORDS}/:record_id`, z.looseObject({ record: BitableRecord }), 'bitable.record.read'),
  // POST, but reads: safe to repeat.
  searchRecords: endpoint({ name: 'bitable.searchRecords', method: 'POST', path: `${RECORDS}/search`, rate: 'bitable.record.read', idempotent: true, data: RecordPage }),
  batchGetRecords: endpoint({ name: 'bitable.batchGetRecords', method: 'POST', path: `${RECORDS}/batch_get`, rate: 'bitable.record.read', idempotent: true, data: BatchGetRecordsData }),
  listRoles: read('listRoles', `${APP}/roles`, RolePage),
  listRoleMembers: read('listRoleMembers', `${APP}/roles/:role_id/members`, RoleMemberPage),
  listDashboards: read('listDashboards', `${APP}/dashboards`, DashboardPage),
};

/** Most records a `records/batch_get` takes (feishu-wire.md §3). */
export const BATCH_GET_RECORDS_MAX = 100;

// ---- parameters (camelCase here, snake_case on the wire) ----

export interface PageParams {
  pageSize?: number;
  pageToken?: string;
}
export interface AppRef {
  appToken: string;
}
export interface TableRef extends AppRef {
  tableId: string;
}

/** The search body's `filter` (feishu-wire.md §3 "Search filter JSON"), in Feishu's own shape. */
export interface SearchFilter {
  conjunction: 'and' | 'or';
  conditions?: { field_name: string; operator: string; value?: string[] }[];
  children?: SearchFilter[];
}

export interface ListRecordsParams extends TableRef, PageParams {
  viewId?: string;
  /** A formula filter, e.g. `CurrentValue.[Status]="Done"`. */
  filter?: string;
  /** `["Due DESC", "Task"]`: sent as a JSON string. */
  sort?: string[];
  /** Sent as a JSON string. */
  fieldNames?: string[];
  automaticFields?: boolean;
  textFieldAsArray?: boolean;
  displayFormulaRef?: boolean;
  userIdType?: UserIdType;
}

export interface SearchRecordsParams extends TableRef, PageParams {
  viewId?: string;
  fieldNames?: string[];
  sort?: { fieldName: string; desc?: boolean }[];
  filter?: SearchFilter;
  automaticFields?: boolean;
  userIdType?: UserIdType;
}

export interface BatchGetRecordsParams extends TableRef {
  /** 1 to 100 record ids. */
  recordIds: string[];
  automaticFields?: boolean;
  withSharedUrl?: boolean;
  userIdType?: UserIdType;
}

const paging = (p: PageParams) => ({ page_size: p.pageSize, page_token: p.pageToken || undefined });
const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));

export function bitableApi(call: Caller) {
  const E = BITABLE_ENDPOINTS;
  return {
    async getApp(p: AppRef, o?: CallOptions): Promise<BitableApp> {
      return (await call(E.getApp, { params: { app_token: p.appToken } }, o)).app;
    },
    listTables: (p: AppRef & PageParams, o?: CallOptions): Promise<TablePage> => call(E.listTables, { params: { app_token: p.appToken }, query: paging(p) }, o),
    listFields: (p: TableRef & PageParams & { viewId?: string; textFieldAsArray?: boolean }, o?: CallOptions): Promise<FieldPage> =>
      call(E.listFields, { params: { app_token: p.appToken, table_id: p.tableId }, query: { ...paging(p), view_id: p.viewId, text_field_as_array: p.textFieldAsArray } }, o),
    listViews: (p: TableRef & PageParams & { userIdType?: UserIdType }, o?: CallOptions): Promise<ViewPage> =>
      call(E.listViews, { params: { app_token: p.appToken, table_id: p.tableId }, query: { ...paging(p), user_id_type: p.userIdType } }, o),
    async getView(p: TableRef & { viewId: string }, o?: CallOptions): Promise<BitableView> {
      return (await call(E.getView, { params: { app_token: p.appToken, table_id: p.tableId, view_id: p.viewId } }, o)).view;
    },
    /** A form's settings; `formId` is the form view's id. */
    async getForm(p: TableRef & { formId: string }, o?: CallOptions): Promise<BitableForm> {
      return (await call(E.getForm, { params: { app_token: p.appToken, table_id: p.tableId, form_id: p.formId } }, o)).form;
    },
    listFormQuestions: (p: TableRef & PageParams & { formId: string }, o?: CallOptions): Promise<FormQuestionPage> =>
      call(E.listFormQuestions, { params: { app_token: p.appToken, table_id: p.tableId, form_id: p.formId }, query: paging(p) }, o),
    listRecords: (p: ListRecordsParams, o?: CallOptions): Promise<RecordPage> =>
      call(
        E.listRecords,
        {
          params: { app_token: p.appToken, table_id: p.tableId },
          query: {
            ...paging(p),
            view_id: p.viewId,
            filter: p.filter,
            sort: json(p.sort),
            field_names: json(p.fieldNames),
            automatic_fields: p.automaticFields,
            text_field_as_array: p.textFieldAsArray,
            display_formula_ref: p.displayFormulaRef,
            user_id_type: p.userIdType,
          },
        },
        o,
      ),
    searchRecords: (p: SearchRecordsParams, o?: CallOptions): Promise<RecordPage> =>
      call(
        E.searchRecords,
        {
          params: { app_token: p.appToken, table_id: p.tableId },
          query: { ...paging(p), user_id_type: p.userIdType },
          body: {
            view_id: p.viewId,
            field_names: p.fieldNames,
            sort: p.sort?.map((s) => ({ field_name: s.fieldName, desc: s.desc ?? false })),
            filter: p.filter,
            automatic_fields: p.automaticFields,
          },
        },
        o,
      ),
    async getRecord(p: TableRef & { recordId: string; userIdType?: UserIdType; automaticFields?: boolean }, o?: CallOptions): Promise<BitableRecord> {
      const params = { app_token: p.appToken, table_id: p.tableId, record_id: p.recordId };
      return (await call(E.getRecord, { params, query: { user_id_type: p.userIdType, automatic_fields: p.automaticFields } }, o)).record;
    },
    async batchGetRecords(p: BatchGetRecordsParams, o?: CallOptions): Promise<BatchGetRecordsData> {
      if (p.recordIds.length < 1 || p.recordIds.length > BATCH_GET_RECORDS_MAX) throw refuse(E.batchGetRecords, `record_ids must hold 1-${BATCH_GET_RECORDS_MAX} ids, got ${p.recordIds.length}`);
      const body = { record_ids: p.recordIds, automatic_fields: p.automaticFields, with_shared_url: p.withSharedUrl, user_id_type: p.userIdType };
      return call(E.batchGetRecords, { params: { app_token: p.appToken, table_id: p.tableId }, body }, o);
    },
    listRoles: (p: AppRef & PageParams, o?: CallOptions): Promise<RolePage> => call(E.listRoles, { params: { app_token: p.appToken }, query: paging(p) }, o),
    listRoleMembers: (p: AppRef & PageParams & { roleId: string }, o?: CallOptions): Promise<RoleMemberPage> =>
      call(E.listRoleMembers, { params: { app_token: p.appToken, role_id: p.roleId }, query: paging(p) }, o),
    listDashboards: (p: AppRef & PageParams, o?: CallOptions): Promise<DashboardPage> => call(E.listDashboards, { params: { app_token: p.appToken }, query: paging(p) }, o),
  };
}

export type BitableApi = ReturnType<typeof bitableApi>;
