import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const BITABLE = '/open-apis/bitable/v1';

describe('bitable tables', () => {
  let t: TestEmulator;
  let appToken: string;
  let defaultTableId: string;
  const tables = () => `${BITABLE}/apps/${appToken}/tables`;
  const stored = () => t.emu.rt.state.apps[appToken];

  beforeAll(async () => {
    // Sequential writes in these tests must not trip the per-table write lock.
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    ({ appToken, defaultTableId } = await newBase(t, 'Tables'));
  });

  it('creates a table with its default view and fields, and lists it through the SDK', async () => {
    const res = await t.sdk.bitable.appTable.create({
      path: { app_token: appToken },
      data: { table: { name: 'Tasks', default_view_name: 'All tasks', fields: [{ field_name: 'Title', type: 1 }, { field_name: 'Done', type: 7 }] } },
    });
    expect(res.code).toBe(0);
    const { table_id, default_view_id, field_id_list } = res.data!;
    expect(table_id).toMatch(/^tbl/);
    expect(default_view_id).toMatch(/^vew/);
    expect(field_id_list).toHaveLength(2);

    const table = stored().tables[table_id!];
    expect(Object.values(table.fields).map((f) => f.field_name)).toEqual(['Title', 'Done']);
    expect(table.views[default_view_id!]).toMatchObject({ view_name: 'All tasks', view_type: 'grid' });

    const list = await t.sdk.bitable.appTable.list({ path: { app_token: appToken } });
    expect(list.data).toMatchObject({ has_more: false, total: 2 });
    expect(list.data!.items).toEqual([
      { table_id: defaultTableId, revision: 1, name: '数据表' },
      { table_id, revision: 1, name: 'Tasks' },
    ]);
  });

  it('gives a table without fields one text field and a grid view named 表格', async () => {
    const res = await t.sdk.bitable.appTable.create({ path: { app_token: appToken }, data: { table: { name: 'Bare' } } });
    const table = stored().tables[res.data!.table_id!];
    expect(Object.values(table.fields).map((f) => [f.field_name, f.type, f.is_primary])).toEqual([['多行文本', 1, true]]);
    expect(Object.values(table.views).map((v) => v.view_name)).toEqual(['表格']);
  });

  it('batch-creates tables and pages through them with listWithIterator', async () => {
    const res = await t.sdk.bitable.appTable.batchCreate({ path: { app_token: appToken }, data: { tables: [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }] } });
    expect(res.data!.table_ids).toHaveLength(4);

    const pages: string[][] = [];
    for await (const page of await t.sdk.bitable.appTable.listWithIterator({ path: { app_token: appToken }, params: { page_size: 2 } })) {
      pages.push(page!.items!.map((i) => i.name!));
    }
    expect(pages).toEqual([['数据表', 'A'], ['B', 'C'], ['D']]);
  });

  it('renames a table, trimming the name, and bumps the table and base revisions', async () => {
    const before = (await t.sdk.bitable.app.get({ path: { app_token: appToken } })).data!.app!.revision!;
    const res = await t.sdk.bitable.appTable.patch({ path: { app_token: appToken, table_id: defaultTableId }, data: { name: '  Projects ' } });
    expect(res.data).toEqual({ name: 'Projects' });
    const list = await t.sdk.bitable.appTable.list({ path: { app_token: appToken } });
    expect(list.data!.items![0]).toEqual({ table_id: defaultTableId, revision: 2, name: 'Projects' });
    const after = (await t.sdk.bitable.app.get({ path: { app_token: appToken } })).data!.app!.revision!;
    expect(after).toBeGreaterThan(before);
  });

  it('leaves the name alone when the new one is empty or the same (A12)', async () => {
    for (const name of ['', '   ', '数据表']) {
      const res = await t.call('PATCH', `${tables()}/${defaultTableId}`, { body: { name } });
      expect(res.body).toMatchObject({ code: 0, data: { name: '数据表' } });
    }
    expect(stored().tables[defaultTableId].revision).toBe(1);
  });

  it('deletes one table and several tables through the SDK', async () => {
    const ids = (await t.sdk.bitable.appTable.batchCreate({ path: { app_token: appToken }, data: { tables: [{ name: 'X' }, { name: 'Y' }, { name: 'Z' }] } })).data!.table_ids!;
    const one = await t.sdk.bitable.appTable.delete({ path: { app_token: appToken, table_id: ids[0] } });
    expect(one).toMatchObject({ code: 0, data: {} });
    const many = await t.sdk.bitable.appTable.batchDelete({ path: { app_token: appToken }, data: { table_ids: [ids[1], ids[2]] } });
    expect(many.code).toBe(0);
    expect(Object.keys(stored().tables)).toEqual([defaultTableId]);
  });

  describe('names', () => {
    it('refuses a duplicate name on create with 1254013 (HTTP 400)', async () => {
      const res = await t.call('POST', tables(), { body: { table: { name: '数据表' } } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(1254013);
    });

    it('refuses a name repeated inside one batch_create, creating nothing', async () => {
      const res = await t.call('POST', `${tables()}/batch_create`, { body: { tables: [{ name: 'Twin' }, { name: 'Twin' }] } });
      expect(res.body.code).toBe(1254013);
      expect(Object.keys(stored().tables)).toHaveLength(1);
    });

    it('refuses renaming onto another table name with 1254013', async () => {
      await t.call('POST', tables(), { body: { table: { name: 'Other' } } });
      const res = await t.call('PATCH', `${tables()}/${defaultTableId}`, { body: { name: 'Other' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(1254013);
      expect(stored().tables[defaultTableId].name).toBe('数据表');
    });

    it.each([
      ['a forbidden character', 'a/b'],
      ['a bracket', 'list[1]'],
      ['over 100 characters', 'n'.repeat(101)],
      ['no name', undefined],
    ])('refuses %s as a parameter error', async (_why, name) => {
      const res = await t.call('POST', tables(), { body: { table: { name } } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(99992402);
    });

    it('refuses a body without `table` and batch_create without `tables`', async () => {
      expect((await t.call('POST', tables(), { body: {} })).body.code).toBe(99992402);
      expect((await t.call('POST', `${tables()}/batch_create`, { body: { tables: [] } })).body.code).toBe(99992402);
    });
  });

  describe('all or nothing', () => {
    it('creates no table, and leaves no duplex twin behind, when a field is refused', async () => {
      const fields = [{ field_name: 'Title', type: 1 }, { field_name: 'Pair', type: 21, property: { table_id: defaultTableId } }, { field_name: 'Bad', type: 999 }];
      const res = await t.call('POST', tables(), { body: { table: { name: 'Broken', fields } } });
      expect(res.body.code).toBe(1254012); // the unknown field type
      expect(Object.keys(stored().tables)).toEqual([defaultTableId]);
      expect(Object.values(stored().tables[defaultTableId].fields).map((f) => f.field_name)).toEqual(['多行文本']);
    });

    it('removes the tables a batch made before one of them failed', async () => {
      const res = await t.call('POST', `${tables()}/batch_create`, { body: { tables: [{ name: 'Fine' }, { name: 'Broken', fields: [{ field_name: 'Bad', type: 999 }] }] } });
      expect(res.body.code).toBe(1254012); // the unknown field type
      expect(Object.values(stored().tables).map((tb) => tb.name)).toEqual(['数据表']);
    });
  });

  describe('limits', () => {
    it('allows 300 tables a base and refuses the 301st with 1254100', async () => {
      const batch = Array.from({ length: 299 }, (_, i) => ({ name: `T${i}` }));
      const ok = await t.call('POST', `${tables()}/batch_create`, { body: { tables: batch } });
      expect(ok.body.code).toBe(0);
      expect(Object.keys(stored().tables)).toHaveLength(300);

      const one = await t.call('POST', tables(), { body: { table: { name: 'one too many' } } });
      expect(one.status).toBe(200);
      expect(one.body.code).toBe(1254100);
      const two = await t.call('POST', `${tables()}/batch_create`, { body: { tables: [{ name: 'x' }] } });
      expect(two.body.code).toBe(1254100);
      expect(Object.keys(stored().tables)).toHaveLength(300);
    });

    it('refuses a batch that would cross 300 without creating any of it', async () => {
      const batch = Array.from({ length: 300 }, (_, i) => ({ name: `T${i}` }));
      const res = await t.call('POST', `${tables()}/batch_create`, { body: { tables: batch } });
      expect(res.body.code).toBe(1254100);
      expect(Object.keys(stored().tables)).toHaveLength(1);
    });

    it('pages at most 100 tables: page_size 100 passes, 101 is a parameter error', async () => {
      expect((await t.call('GET', tables(), { query: { page_size: '100' } })).body.code).toBe(0);
      const res = await t.call('GET', tables(), { query: { page_size: '101' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(99992402);
    });

    it('defaults to pages of 20', async () => {
      await t.call('POST', `${tables()}/batch_create`, { body: { tables: Array.from({ length: 24 }, (_, i) => ({ name: `T${i}` })) } });
      const res = await t.call('GET', tables());
      expect(res.body.data.items).toHaveLength(20);
      expect(res.body.data).toMatchObject({ has_more: true, total: 25 });
      const next = await t.call('GET', tables(), { query: { page_token: res.body.data.page_token } });
      expect(next.body.data.items).toHaveLength(5);
      expect(next.body.data.has_more).toBe(false);
    });
  });

  describe('unknown ids and the last table', () => {
    it('answers an unknown table with 1254041 on patch, delete and batch_delete', async () => {
      expect((await t.call('PATCH', `${tables()}/tblNoSuchTable00`, { body: { name: 'x' } })).body.code).toBe(1254041);
      expect((await t.call('DELETE', `${tables()}/tblNoSuchTable00`)).body.code).toBe(1254041);
      const other = (await t.call('POST', tables(), { body: { table: { name: 'Keep' } } })).body.data.table_id;
      const batch = await t.call('POST', `${tables()}/batch_delete`, { body: { table_ids: [other, 'tblNoSuchTable00'] } });
      expect(batch.body.code).toBe(1254041);
      expect(stored().tables[other]).toBeDefined();
    });

    it('answers an unknown base with 1254040', async () => {
      expect((await t.call('GET', `${BITABLE}/apps/bascnNoSuchBase/tables`)).body.code).toBe(1254040);
    });

    it('refuses to delete the last table with 1254034 (HTTP 403)', async () => {
      const res = await t.call('DELETE', `${tables()}/${defaultTableId}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(1254034);
      const other = (await t.call('POST', tables(), { body: { table: { name: 'Second' } } })).body.data.table_id;
      const batch = await t.call('POST', `${tables()}/batch_delete`, { body: { table_ids: [defaultTableId, other] } });
      expect(batch.body.code).toBe(1254034);
      expect(Object.keys(stored().tables)).toEqual([defaultTableId, other]);
    });
  });

  describe('deleting a linked table', () => {
    it('removes link fields in other tables that point at it, with their cells', async () => {
      const target = (await t.call('POST', tables(), { body: { table: { name: 'Target' } } })).body.data.table_id;
      const holder = await t.call('POST', tables(), {
        body: { table: { name: 'Holder', fields: [{ field_name: 'Title', type: 1 }, { field_name: 'Ref', type: 18, property: { table_id: target } }] } },
      });
      const holderId = holder.body.data.table_id;
      const [titleId, refId] = holder.body.data.field_id_list;
      const holderTable = stored().tables[holderId];
      holderTable.records.recHolder0001 = { record_id: 'recHolder0001', fields: { [titleId]: 'row', [refId]: ['recTarget00001'] }, created_time: 0, created_by: '', last_modified_time: 0, last_modified_by: '' };
      const revision = holderTable.revision;

      expect((await t.call('DELETE', `${tables()}/${target}`)).body.code).toBe(0);

      expect(Object.keys(holderTable.fields)).toEqual([titleId]);
      expect(holderTable.records.recHolder0001.fields).toEqual({ [titleId]: 'row' });
      expect(holderTable.revision).toBe(revision + 1);
    });

    it('leaves no field anywhere pointing at a deleted table that held a duplex link', async () => {
      const a = (await t.call('POST', tables(), { body: { table: { name: 'A' } } })).body.data.table_id;
      const b = await t.call('POST', tables(), {
        body: { table: { name: 'B', fields: [{ field_name: 'Title', type: 1 }, { field_name: 'Pair', type: 21, property: { table_id: a, back_field_name: 'Back' } }] } },
      });
      expect(b.body.code).toBe(0);
      const twinIn = (id: string) => Object.values(stored().tables[id].fields).filter((f) => f.type === 21 && (f.property as { table_id?: string }).table_id === b.body.data.table_id);
      expect(twinIn(a).map((f) => f.field_name)).toEqual(['Back']);
      expect((await t.call('POST', `${tables()}/batch_delete`, { body: { table_ids: [b.body.data.table_id] } })).body.code).toBe(0);
      const pointing = Object.values(stored().tables).flatMap((tb) => Object.values(tb.fields)).filter((f) => (f.property as { table_id?: string } | null)?.table_id === b.body.data.table_id);
      expect(pointing).toEqual([]);
      expect(Object.values(stored().tables[a].fields).map((f) => f.field_name)).toEqual(['多行文本']);
    });
  });
});
