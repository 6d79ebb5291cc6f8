import { z } from 'zod';
import { BitableApp, BitableField, BitableForm, BitableRecord, BitableRole, BitableView, Dashboard, FormQuestion, type UserIdType } from './bitable.js';
import { call, endpoint, type Call, type HttpMethod, type RequestInput } from './endpoint.js';

/**
 * Bitable v1 writes (feishu-wire.md §3), as calls described but not made (`Call`): the schema
 * lists them for a dry run or sends them, so a plan and its run cannot differ. Every write to a
 * table is serialized per table (`serialize`), every write to a base's tables, roles or
 * dashboards per base.
 */

const BITABLE = '/open-apis/bitable/v1';
const APP = `${BITABLE}/apps/:app_token`;
const TABLE = `${APP}/tables/:table_id`;
const RECORDS = `${TABLE}/records`;
const FORM = `${TABLE}/forms/:form_id`;
const ROLE = `${APP}/roles/:role_id`;

/** Most records a batch_create / batch_update / batch_delete takes (EMULATOR.md, 1254104 beyond). */
export const BATCH_WRITE_RECORDS_MAX = 500;
/** Most members a role members batch_create / batch_delete takes (seed A45/A46 member_list 最大长度 100). */
export const BATCH_ROLE_MEMBERS_MAX = 100;

const byTable = (i: RequestInput) => `${i.params?.app_token}/${i.params?.table_id}`;
const byApp = (i: RequestInput) => `${i.params?.app_token}`;
/** A create with a client_token is safe to repeat: Feishu answers a repeat with the first result. */
const withClientToken = (i: RequestInput) => typeof i.query?.client_token === 'string';

const write = <D>(name: string, method: HttpMethod, path: string, data: z.ZodType<D>, o: { record?: boolean; table?: boolean; idempotent?: boolean | ((i: RequestInput) => boolean) } = {}) =>
  endpoint({
    name: `bitable.${name}`,
    method,
    path,
    rate: o.record ? 'bitable.record.write' : 'bitable',
    // Updates set values (repeating them changes nothing); creates only with a client_token;
    // deletes are repeatable too, the schema counting an absent id on a retry as deleted.
    idempotent: o.idempotent ?? (method === 'PUT' || method === 'PATCH' || method === 'DELETE'),
    serialize: o.record || o.table ? byTable : byApp,
    data,
  });

const Empty = z.looseObject({});
const Records = z.looseObject({ records: z.array(BitableRecord).nullish().transform((r) => r ?? []) });
const DeletedRecord = z.looseObject({ deleted: z.boolean().nullish(), record_id: z.string() });

export const BITABLE_WRITES = {
  createApp: endpoint({ name: 'bitable.createApp', method: 'POST', path: `${BITABLE}/apps`, rate: 'bitable', idempotent: false, data: z.looseObject({ app: BitableApp.extend({ default_table_id: z.string().nullish(), url: z.string().nullish() }) }) }),
  copyApp: write('copyApp', 'POST', `${APP}/copy`, z.looseObject({ app: BitableApp.extend({ url: z.string().nullish() }) })),
  updateApp: write('updateApp', 'PUT', APP, z.looseObject({ app: BitableApp })),
  createTable: write('createTable', 'POST', `${APP}/tables`, z.looseObject({ table_id: z.string(), default_view_id: z.string().nullish(), field_id_list: z.array(z.string()).nullish() })),
  batchCreateTables: write('batchCreateTables', 'POST', `${APP}/tables/batch_create`, z.looseObject({ table_ids: z.array(z.string()) })),
  updateTable: write('updateTable', 'PATCH', TABLE, z.looseObject({ name: z.string().nullish() })),
  deleteTable: write('deleteTable', 'DELETE', TABLE, Empty),
  batchDeleteTables: write('batchDeleteTables', 'POST', `${APP}/tables/batch_delete`, Empty),
  createField: write('createField', 'POST', `${TABLE}/fields`, z.looseObject({ field: BitableField }), { table: true, idempotent: withClientToken }),
  updateField: write('updateField', 'PUT', `${TABLE}/fields/:field_id`, z.looseObject({ field: BitableField }), { table: true }),
  deleteField: write('deleteField', 'DELETE', `${TABLE}/fields/:field_id`, z.looseObject({ field_id: z.string().nullish(), deleted: z.boolean().nullish() }), { table: true }),
  createView: write('createView', 'POST', `${TABLE}/views`, z.looseObject({ view: BitableView }), { table: true }),
  updateView: write('updateView', 'PATCH', `${TABLE}/views/:view_id`, z.looseObject({ view: BitableView }), { table: true }),
  deleteView: write('deleteView', 'DELETE', `${TABLE}/views/:view_id`, Empty, { table: true }),
  updateForm: write('updateForm', 'PATCH', FORM, z.looseObject({ form: BitableForm }), { table: true }),
  // A27 answers the question without its field_id (the path has it), with its pre_field_id.
  updateFormQuestion: write('updateFormQuestion', 'PATCH', `${FORM}/fields/:field_id`, z.looseObject({ field: FormQuestion.partial({ field_id: true }).extend({ pre_field_id: z.string().nullish() }) }), { table: true }),
  createRecord: write('createRecord', 'POST', RECORDS, z.looseObject({ record: BitableRecord }), { record: true, idempotent: withClientToken }),
  updateRecord: write('updateRecord', 'PUT', `${RECORDS}/:record_id`, z.looseObject({ record: BitableRecord }), { record: true }),
  deleteRecord: write('deleteRecord', 'DELETE', `${RECORDS}/:record_id`, DeletedRecord, { record: true }),
  batchCreateRecords: write('batchCreateRecords', 'POST', `${RECORDS}/batch_create`, Records, { record: true, idempotent: withClientToken }),
  batchUpdateRecords: write('batchUpdateRecords', 'POST', `${RECORDS}/batch_update`, Records, { record: true, idempotent: true }),
  batchDeleteRecords: write('batchDeleteRecords', 'POST', `${RECORDS}/batch_delete`, z.looseObject({ records: z.array(DeletedRecord).nullish().transform((r) => r ?? []) }), { record: true, idempotent: true }),
  createRole: write('createRole', 'POST', `${APP}/roles`, z.looseObject({ role: BitableRole })),
  updateRole: write('updateRole', 'PUT', ROLE, z.looseObject({ role: BitableRole })),
  deleteRole: write('deleteRole', 'DELETE', ROLE, Empty),
  batchCreateRoleMembers: write('batchCreateRoleMembers', 'POST', `${ROLE}/members/batch_create`, Empty, { idempotent: true }),
  batchDeleteRoleMembers: write('batchDeleteRoleMembers', 'POST', `${ROLE}/members/batch_delete`, Empty),
  copyDashboard: write('copyDashboard', 'POST', `${APP}/dashboards/:block_id/copy`, Dashboard),
};

const app = (appToken: string) => ({ app_token: appToken });
const table = (appToken: string, tableId: string) => ({ app_token: appToken, table_id: tableId });

export interface TableKey {
  appToken: string;
  tableId: string;
}

/** Field definitions as Feishu takes them (create and update). */
export interface FieldDefinition {
  field_name: string;
  type: number;
  property?: unknown;
  description?: unknown;
  ui_type?: string;
}

export interface RoleMemberRef {
  /** `open_id`, `union_id`, `user_id`, `chat_id`, `department_id`, `open_department_id`. */
  type: string;
  id: string;
}

/** The calls; names follow the endpoints. Bodies are Feishu's, in snake_case. */
export const bitableWrites = {
  createApp: (body: { name?: string; folder_token?: string; time_zone?: string }) => call(BITABLE_WRITES.createApp, { body }),
  copyApp: (appToken: string, body: { name?: string; folder_token?: string; without_content?: boolean; time_zone?: string }) => call(BITABLE_WRITES.copyApp, { params: app(appToken), body }),
  updateApp: (appToken: string, body: { name?: string; is_advanced?: boolean }) => call(BITABLE_WRITES.updateApp, { params: app(appToken), body }),
  createTable: (appToken: string, body: { table: { name: string; default_view_name?: string; fields?: FieldDefinition[] } }) => call(BITABLE_WRITES.createTable, { params: app(appToken), body }),
  batchCreateTables: (appToken: string, names: string[]) => call(BITABLE_WRITES.batchCreateTables, { params: app(appToken), body: { tables: names.map((name) => ({ name })) } }),
  updateTable: (t: TableKey, body: { name: string }) => call(BITABLE_WRITES.updateTable, { params: table(t.appToken, t.tableId), body }),
  deleteTable: (t: TableKey) => call(BITABLE_WRITES.deleteTable, { params: table(t.appToken, t.tableId) }),
  batchDeleteTables: (appToken: string, tableIds: string[]) => call(BITABLE_WRITES.batchDeleteTables, { params: app(appToken), body: { table_ids: tableIds } }),
  createField: (t: TableKey, body: FieldDefinition, clientToken?: string) => call(BITABLE_WRITES.createField, { params: table(t.appToken, t.tableId), query: { client_token: clientToken }, body }),
  updateField: (t: TableKey, fieldId: string, body: FieldDefinition) => call(BITABLE_WRITES.updateField, { params: { ...table(t.appToken, t.tableId), field_id: fieldId }, body }),
  deleteField: (t: TableKey, fieldId: string) => call(BITABLE_WRITES.deleteField, { params: { ...table(t.appToken, t.tableId), field_id: fieldId } }),
  createView: (t: TableKey, body: { view_name: string; view_type?: string }) => call(BITABLE_WRITES.createView, { params: table(t.appToken, t.tableId), body }),
  updateView: (t: TableKey, viewId: string, body: { view_name?: string; property?: unknown }) => call(BITABLE_WRITES.updateView, { params: { ...table(t.appToken, t.tableId), view_id: viewId }, body }),
  deleteView: (t: TableKey, viewId: string) => call(BITABLE_WRITES.deleteView, { params: { ...table(t.appToken, t.tableId), view_id: viewId } }),
  updateForm: (t: TableKey, formId: string, body: Record<string, unknown>) => call(BITABLE_WRITES.updateForm, { params: { ...table(t.appToken, t.tableId), form_id: formId }, body }),
  updateFormQuestion: (t: TableKey, formId: string, fieldId: string, body: Record<string, unknown>) =>
    call(BITABLE_WRITES.updateFormQuestion, { params: { ...table(t.appToken, t.tableId), form_id: formId, field_id: fieldId }, body }),
  createRecord: (t: TableKey, fields: Record<string, unknown>, o: { clientToken?: string; userIdType?: UserIdType } = {}) =>
    call(BITABLE_WRITES.createRecord, { params: table(t.appToken, t.tableId), query: { client_token: o.clientToken, user_id_type: o.userIdType }, body: { fields } }),
  updateRecord: (t: TableKey, recordId: string, fields: Record<string, unknown>, o: { userIdType?: UserIdType } = {}) =>
    call(BITABLE_WRITES.updateRecord, { params: { ...table(t.appToken, t.tableId), record_id: recordId }, query: { user_id_type: o.userIdType }, body: { fields } }),
  deleteRecord: (t: TableKey, recordId: string) => call(BITABLE_WRITES.deleteRecord, { params: { ...table(t.appToken, t.tableId), record_id: recordId } }),
  batchCreateRecords: (t: TableKey, records: { fields: Record<string, unknown> }[], o: { clientToken?: string; userIdType?: UserIdType } = {}) =>
    call(BITABLE_WRITES.batchCreateRecords, { params: table(t.appToken, t.tableId), query: { client_token: o.clientToken, user_id_type: o.userIdType }, body: { records } }),
  batchUpdateRecords: (t: TableKey, records: { record_id: string; fields: Record<string, unknown> }[], o: { userIdType?: UserIdType } = {}) =>
    call(BITABLE_WRITES.batchUpdateRecords, { params: table(t.appToken, t.tableId), query: { user_id_type: o.userIdType }, body: { records } }),
  batchDeleteRecords: (t: TableKey, recordIds: string[]) => call(BITABLE_WRITES.batchDeleteRecords, { params: table(t.appToken, t.tableId), body: { records: recordIds } }),
  createRole: (appToken: string, body: Record<string, unknown>) => call(BITABLE_WRITES.createRole, { params: app(appToken), body }),
  updateRole: (appToken: string, roleId: string, body: Record<string, unknown>) => call(BITABLE_WRITES.updateRole, { params: { ...app(appToken), role_id: roleId }, body }),
  deleteRole: (appToken: string, roleId: string) => call(BITABLE_WRITES.deleteRole, { params: { ...app(appToken), role_id: roleId } }),
  batchCreateRoleMembers: (appToken: string, roleId: string, members: RoleMemberRef[]) =>
    call(BITABLE_WRITES.batchCreateRoleMembers, { params: { ...app(appToken), role_id: roleId }, body: { member_list: members } }),
  batchDeleteRoleMembers: (appToken: string, roleId: string, members: RoleMemberRef[]) =>
    call(BITABLE_WRITES.batchDeleteRoleMembers, { params: { ...app(appToken), role_id: roleId }, body: { member_list: members } }),
  copyDashboard: (appToken: string, blockId: string, name: string) => call(BITABLE_WRITES.copyDashboard, { params: { ...app(appToken), block_id: blockId }, body: { name } }),
} satisfies Record<string, (...args: never[]) => Call<unknown>>;
