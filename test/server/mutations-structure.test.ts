import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, startDemoStack, type DemoStack } from './bitable.js';
import { dryThenReal, expectFeishuError, expectRefused, longName, ok } from './structureMutations.js';

/**
 * Table mutations over real HTTP on the demo base: createTable, createTables, updateTable,
 * deleteTable, deleteTables. Each: a dry run that writes nothing and plans exactly what the real
 * run sends, the result read back, input refused before any call, and a Feishu error's code.
 */

const TABLES = `/open-apis/bitable/v1/apps/${BASE}/tables`;

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
  // Back-to-back writes: no hold after each (a retried conflict would add a call to the log a dry run is compared with).
  await s.emulatorConfig({ writeLockMs: 0 });
});
afterAll(() => s.close());

const tableNames = async () => {
  const d = await ok(s, `{ app(appToken: "${BASE}") { tables(first: 100) { edges { node { tableId name } } } } }`);
  return d.app.tables.edges.map((e: any) => e.node as { tableId: string; name: string });
};
const createTables = async (...names: string[]): Promise<string[]> => {
  const d = await ok(s, `mutation($names: [String!]!) { createTables(input: { appToken: "${BASE}", names: $names }) { tables { tableId } } }`, { names });
  return d.createTables.tables.map((t: any) => t.tableId);
};

describe('createTable', () => {
  it('plans one POST, then creates the table (name trimmed) with its grid view, and names the base', async () => {
    const { planned, payload } = await dryThenReal(
      s,
      'createTable',
      { appToken: BASE, name: '  Budget 2026 ', defaultViewName: 'All lines' },
      'app { appToken } table { tableId name } defaultView { viewId name type }',
    );
    expect(planned).toEqual([{ endpoint: 'bitable.createTable', method: 'POST', path: TABLES, query: {}, body: { table: { name: 'Budget 2026', default_view_name: 'All lines' } } }]);
    expect(payload.app).toEqual({ appToken: BASE });
    expect(payload.table.name).toBe('Budget 2026');
    expect(payload.defaultView).toMatchObject({ name: 'All lines', type: 'GRID' });

    const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${payload.table.tableId}") { name views { edges { node { viewId name } } } fields { edges { node { isPrimary } } } } } }`);
    expect(d.app.table.name).toBe('Budget 2026');
    expect(d.app.table.views.edges.map((e: any) => e.node)).toEqual([{ viewId: payload.defaultView.viewId, name: 'All lines' }]);
    expect(d.app.table.fields.edges).toEqual([{ node: { isPrimary: true } }]);
  });

  it('refuses bad names before any call', async () => {
    await expectRefused(s, 'createTable', { appToken: BASE, name: '   ' }, 'input.name');
    await expectRefused(s, 'createTable', { appToken: BASE, name: longName(101) }, 'input.name');
    await expectRefused(s, 'createTable', { appToken: BASE, name: 'Q1/Q2' }, 'input.name');
    await expectRefused(s, 'createTable', { appToken: BASE, name: 'Ok', defaultViewName: '[all]' }, 'input.defaultViewName');
    await expectRefused(s, 'createTable', { appToken: '', name: 'Ok' }, 'input.appToken');
  });

  it('surfaces Feishu refusals: a taken name, an unknown base', async () => {
    await expectFeishuError(s, 'createTable', { appToken: BASE, name: 'Launches' }, 'BAD_USER_INPUT', 1254013);
    const e = await expectFeishuError(s, 'createTable', { appToken: 'bascnNoSuchBase00000000000', name: 'X' }, 'NOT_FOUND', 1254040);
    expect(e.message).toContain('bascnNoSuchBase00000000000');
  });
});

describe('createTables', () => {
  it('plans one batch_create, then creates every table in order', async () => {
    const { planned, payload } = await dryThenReal(s, 'createTables', { appToken: BASE, names: ['Q1 plan', ' Q2 plan'] }, 'app { appToken } tables { tableId name }');
    expect(planned).toEqual([{ endpoint: 'bitable.batchCreateTables', method: 'POST', path: `${TABLES}/batch_create`, query: {}, body: { tables: [{ name: 'Q1 plan' }, { name: 'Q2 plan' }] } }]);
    expect(payload.tables.map((t: any) => t.name)).toEqual(['Q1 plan', 'Q2 plan']);
    const names = await tableNames();
    expect(names).toEqual(expect.arrayContaining(payload.tables));
  });

  it('refuses an empty list, a repeat, an invalid name and more than 300 names before any call', async () => {
    await expectRefused(s, 'createTables', { appToken: BASE, names: [] }, 'input.names');
    await expectRefused(s, 'createTables', { appToken: BASE, names: ['A', 'B', 'A'] }, 'input.names.2');
    await expectRefused(s, 'createTables', { appToken: BASE, names: ['A', ' '] }, 'input.names.1');
    await expectRefused(s, 'createTables', { appToken: BASE, names: Array.from({ length: 301 }, (_, i) => `T${i}`) }, 'input.names');
  });

  it('surfaces a taken name as Feishu refuses it, and creates none of the batch', async () => {
    await expectFeishuError(s, 'createTables', { appToken: BASE, names: ['Fresh one', 'Launches'] }, 'BAD_USER_INPUT', 1254013);
    expect((await tableNames()).map((t: any) => t.name)).not.toContain('Fresh one');
  });
});

describe('updateTable', () => {
  it('plans one PATCH, then renames the table', async () => {
    const [id] = await createTables('To rename');
    const { planned, payload } = await dryThenReal(s, 'updateTable', { appToken: BASE, tableId: id, name: 'Renamed ' }, 'app { appToken } table { tableId name }');
    expect(planned).toEqual([{ endpoint: 'bitable.updateTable', method: 'PATCH', path: `${TABLES}/${id}`, query: {}, body: { name: 'Renamed' } }]);
    expect(payload.table).toEqual({ tableId: id, name: 'Renamed' });
    const d = await ok(s, `{ app(appToken: "${BASE}") { table(tableId: "${id}") { name } } }`);
    expect(d.app.table.name).toBe('Renamed');
  });

  it('refuses an empty or invalid name and an empty tableId before any call', async () => {
    await expectRefused(s, 'updateTable', { appToken: BASE, tableId: LAUNCHES, name: '' }, 'input.name');
    await expectRefused(s, 'updateTable', { appToken: BASE, tableId: LAUNCHES, name: 'a*b' }, 'input.name');
    await expectRefused(s, 'updateTable', { appToken: BASE, tableId: ' ', name: 'Ok' }, 'input.tableId');
  });

  it('surfaces an unknown table as NOT_FOUND', async () => {
    const e = await expectFeishuError(s, 'updateTable', { appToken: BASE, tableId: 'tblNoSuchTable00', name: 'Ok' }, 'NOT_FOUND', 1254041);
    expect(e.message).toContain('tblNoSuchTable00');
  });
});

describe('deleteTable', () => {
  it('plans one DELETE, then deletes the table', async () => {
    const [id] = await createTables('To delete');
    const { planned, payload } = await dryThenReal(s, 'deleteTable', { appToken: BASE, tableId: id }, 'app { appToken } deletedTableId');
    expect(planned).toEqual([{ endpoint: 'bitable.deleteTable', method: 'DELETE', path: `${TABLES}/${id}`, query: {}, body: null }]);
    expect(payload).toMatchObject({ app: { appToken: BASE }, deletedTableId: id });
    expect((await tableNames()).map((t: any) => t.tableId)).not.toContain(id);
    const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${id}") { name } } }`);
    expect(r.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses an empty tableId before any call', async () => {
    await expectRefused(s, 'deleteTable', { appToken: BASE, tableId: '' }, 'input.tableId');
  });

  it('surfaces an unknown table as NOT_FOUND', async () => {
    await expectFeishuError(s, 'deleteTable', { appToken: BASE, tableId: 'tblNoSuchTable00' }, 'NOT_FOUND', 1254041);
  });
});

describe('deleteTables', () => {
  it('plans one batch_delete, then deletes every table', async () => {
    const ids = await createTables('Gone 1', 'Gone 2');
    const { planned, payload } = await dryThenReal(s, 'deleteTables', { appToken: BASE, tableIds: ids }, 'app { appToken } deletedTableIds');
    expect(planned).toEqual([{ endpoint: 'bitable.batchDeleteTables', method: 'POST', path: `${TABLES}/batch_delete`, query: {}, body: { table_ids: ids } }]);
    expect(payload.deletedTableIds).toEqual(ids);
    const left = (await tableNames()).map((t: any) => t.tableId);
    for (const id of ids) expect(left).not.toContain(id);
  });

  it('refuses an empty list and a repeated id before any call', async () => {
    await expectRefused(s, 'deleteTables', { appToken: BASE, tableIds: [] }, 'input.tableIds');
    await expectRefused(s, 'deleteTables', { appToken: BASE, tableIds: [LAUNCHES, LAUNCHES] }, 'input.tableIds.1');
    await expectRefused(s, 'deleteTables', { appToken: BASE, tableIds: [LAUNCHES, ''] }, 'input.tableIds.1');
  });

  it('surfaces an unknown table as NOT_FOUND and deletes none of the batch', async () => {
    const [id] = await createTables('Kept');
    await expectFeishuError(s, 'deleteTables', { appToken: BASE, tableIds: [id, 'tblNoSuchTable00'] }, 'NOT_FOUND', 1254041);
    expect((await tableNames()).map((t: any) => t.tableId)).toContain(id);
  });
});
