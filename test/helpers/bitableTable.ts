import type { TestEmulator } from './emulator.js';

/** A fresh base with its default table, and short-hands for the raw field and record calls on it. */
export interface TestTable {
  appToken: string;
  tableId: string;
  /** `/open-apis/bitable/v1/apps/<app>/tables/<table>` */
  path: string;
  /** Creates a field and returns it, failing the test on a non-zero code. */
  field(body: { field_name: string; type: number; property?: unknown; ui_type?: string }): Promise<any>;
  /** Creates a record (raw call) and returns the whole answer body. */
  create(fields: Record<string, unknown>, query?: Record<string, string>): Promise<any>;
  /** Adds another table to the same base. */
  table(name: string): Promise<TestTable>;
}

function tableIn(t: TestEmulator, appToken: string, tableId: string): TestTable {
  const path = `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}`;
  return {
    appToken,
    tableId,
    path,
    async field(body) {
      const res = await t.call('POST', `${path}/fields`, { body });
      if (res.body.code !== 0) throw new Error(`field ${body.field_name}: ${JSON.stringify(res.body)}`);
      return res.body.data.field;
    },
    async create(fields, query) {
      return (await t.call('POST', `${path}/records`, { body: { fields }, query })).body;
    },
    async table(name) {
      const res = await t.call('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { body: { table: { name } } });
      if (res.body.code !== 0) throw new Error(`table ${name}: ${JSON.stringify(res.body)}`);
      return tableIn(t, appToken, res.body.data.table_id);
    },
  };
}

/** A new base through the SDK; its default table has one text field, `多行文本`, the primary field. */
export async function newTable(t: TestEmulator, name = 'Test base'): Promise<TestTable> {
  const created = await t.sdk.bitable.app.create({ data: { name } });
  return tableIn(t, created.data!.app!.app_token!, created.data!.app!.default_table_id!);
}
