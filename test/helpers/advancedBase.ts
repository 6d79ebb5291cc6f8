import { createTable } from '../../src/emulator/bitable/tableModel.js';
import type { App, Field, Table } from '../../src/emulator/state.js';
import { newBase } from './bitableTable.js';
import type { TestEmulator } from './emulator.js';

/** A base shaped like the seed A41/A42 examples, for the role, member and permission suites. */
export interface RoleFixture {
  appToken: string;
  app: App;
  /** table1: 单选 (3), 人员 (11), 年龄 (2); table2: 多选 (4), 人员 (11); table3 and table4: text only. */
  tables: [Table, Table, Table, Table];
  /** Option ids as the base stored them: 单选 of table1, 多选 of table2. */
  single: string[];
  multi: string[];
  blocks: [string, string];
}

const optionIds = (f: Field) => ((f.property?.options ?? []) as { id: string }[]).map((o) => o.id);
const fieldNamed = (t: Table, name: string) => Object.values(t.fields).find((f) => f.field_name === name)!;

/** Creates the base through the API; tables and dashboards (which no API creates) go straight into state. */
export async function roleFixture(t: TestEmulator, opts: { advanced: boolean }): Promise<RoleFixture> {
  const { appToken } = await newBase(t, 'Permissions');
  const app = t.emu.rt.state.apps[appToken];
  const rt = t.emu.rt;
  const options = (names: string[]) => ({ options: names.map((name) => ({ name })) });
  const tables: RoleFixture['tables'] = [
    createTable(rt, app, { name: 'table1', fields: [{ field_name: '名称', type: 1 }, { field_name: '单选', type: 3, property: options(['Red', 'Blue']) }, { field_name: '人员', type: 11 }, { field_name: '年龄', type: 2 }] }),
    createTable(rt, app, { name: 'table2', fields: [{ field_name: '名称', type: 1 }, { field_name: '多选', type: 4, property: options(['Tag', 'Bug']) }, { field_name: '人员', type: 11 }] }),
    createTable(rt, app, { name: 'table3' }),
    createTable(rt, app, { name: 'table4' }),
  ];
  const blocks: [string, string] = ['blknkqrP3RqUkcAW', 'blkAjxjWKvbBi7EA'];
  for (const [i, block_id] of blocks.entries()) app.dashboards[block_id] = { block_id, name: `dashboard ${i + 1}` };
  if (opts.advanced) {
    const res = await t.sdk.bitable.app.update({ path: { app_token: appToken }, data: { is_advanced: true } });
    if (res.data?.app?.is_advanced !== true) throw new Error('could not switch advanced permissions on');
  }
  const single = optionIds(fieldNamed(tables[0], '单选'));
  const multi = optionIds(fieldNamed(tables[1], '多选'));
  if (single.length !== 2 || multi.length !== 2 || ![...single, ...multi].every((id) => typeof id === 'string' && id)) throw new Error('select options got no ids');
  return { appToken, app, tables, single, multi, blocks };
}

/** The seed A42 example body, pointed at this base's tables, options and dashboards. */
export function seedRoleBody(f: RoleFixture, role_name = 'role1') {
  const [t1, t2, t3, t4] = f.tables;
  return {
    role_name,
    table_roles: [
      {
        table_name: 'table1',
        table_id: t1.table_id,
        table_perm: 2,
        allow_add_record: false,
        allow_delete_record: true,
        rec_rule: {
          conditions: [{ field_name: '单选', operator: 'is' as const, value: [f.single[0]] }, { field_name: '人员' }, { field_name: '' }],
          conjunction: 'or' as const,
          other_perm: 0,
        },
        field_perm: { 年龄: 2, 单选: 1 },
      },
      { table_name: 'table2', table_id: t2.table_id, table_perm: 1, rec_rule: { conditions: [{ field_name: '人员' }, { field_name: '多选', operator: 'is' as const, value: [...f.multi] }], conjunction: 'and' as const } },
      { table_name: 'table3', table_id: t3.table_id, table_perm: 0 },
      { table_name: 'table4', table_id: t4.table_id, table_perm: 4 },
    ],
    block_roles: [
      { block_id: f.blocks[0], block_perm: 0 },
      { block_id: f.blocks[1], block_perm: 1 },
    ],
  };
}

