import type { TestEmulator } from './emulator.js';

/** A field as the SDK's field list answers it. */
type SdkField = NonNullable<NonNullable<Awaited<ReturnType<TestEmulator['sdk']['bitable']['appTableField']['list']>>['data']>['items']>[number];

/** A new base (raw call, failing on a non-zero code): its token and the id of its default table. */
export async function newBase(t: TestEmulator, name = 'Test base'): Promise<{ appToken: string; defaultTableId: string }> {
  const res = await t.call('POST', '/open-apis/bitable/v1/apps', { body: { name } });
  if (res.body?.code !== 0) throw new Error(`base ${name}: ${JSON.stringify(res.body)}`);
  return { appToken: res.body.data.app.app_token, defaultTableId: res.body.data.app.default_table_id };
}

/** Adds a table to a base (raw call, failing on a non-zero code): its id, default view and the ids of the fields it was given. */
export async function addTable(
  t: TestEmulator,
  appToken: string,
  table: { name: string; fields?: { field_name: string; type: number; property?: unknown }[] },
): Promise<{ tableId: string; defaultViewId: string; fieldIds: string[] }> {
  const res = await t.call('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { body: { table } });
  if (res.body?.code !== 0) throw new Error(`table ${table.name}: ${JSON.stringify(res.body)}`);
  const { table_id, default_view_id, field_id_list } = res.body.data;
  return { tableId: table_id, defaultViewId: default_view_id, fieldIds: field_id_list ?? [] };
}

/** A fresh base with its default table, and short-hands for the raw field and record calls on it. */
export interface TestTable {
  appToken: string;
  tableId: string;
  /** `/open-apis/bitable/v1/apps/<app>/tables/<table>` */
  path: string;
  /** `{ app_token, table_id }`: the `path` of the SDK's table-level calls. */
  sdkPath: { app_token: string; table_id: string };
  /** Creates a field and returns it, failing the test on a non-zero code. */
  field(body: { field_name: string; type: number; property?: unknown; ui_type?: string }): Promise<any>;
  /** Every field of the table, through the SDK (one page of 100). */
  listFields(): Promise<SdkField[]>;
  /** This table's entry in the SDK's table list of its base (name and revision). */
  entry(): Promise<{ table_id?: string; name?: string; revision?: number }>;
  /** Creates a record (raw call) and returns the whole answer body. */
  create(fields: Record<string, unknown>, query?: Record<string, string>): Promise<any>;
  /** Adds another table to the same base. */
  table(name: string): Promise<TestTable>;
}

function tableIn(t: TestEmulator, appToken: string, tableId: string): TestTable {
  const path = `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}`;
  const sdkPath = { app_token: appToken, table_id: tableId };
  return {
    appToken,
    tableId,
    path,
    sdkPath,
    async field(body) {
      const res = await t.call('POST', `${path}/fields`, { body });
      if (res.body.code !== 0) throw new Error(`field ${body.field_name}: ${JSON.stringify(res.body)}`);
      return res.body.data.field;
    },
    async listFields() {
      const res = await t.sdk.bitable.appTableField.list({ path: sdkPath, params: { page_size: 100 } });
      if (res.code !== 0 || !res.data?.items) throw new Error(`fields of ${tableId}: ${res.msg}`);
      return res.data.items;
    },
    async entry() {
      const res = await t.sdk.bitable.appTable.list({ path: { app_token: appToken }, params: { page_size: 100 } });
      const found = res.data?.items?.find((x) => x.table_id === tableId);
      if (!found) throw new Error(`table ${tableId} is not listed: ${JSON.stringify(res)}`);
      return found;
    },
    async create(fields, query) {
      return (await t.call('POST', `${path}/records`, { body: { fields }, query })).body;
    },
    async table(name) {
      return tableIn(t, appToken, (await addTable(t, appToken, { name })).tableId);
    },
  };
}

/** A new base; its default table has one text field, `多行文本`, the primary field. */
export async function newTable(t: TestEmulator, name = 'Test base'): Promise<TestTable> {
  const { appToken, defaultTableId } = await newBase(t, name);
  return tableIn(t, appToken, defaultTableId);
}
