import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addTable, newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const BITABLE = '/open-apis/bitable/v1';

describe('bitable views', () => {
  let t: TestEmulator;
  let appToken: string;
  let tableId: string;
  let defaultViewId: string;
  let fieldIds: string[];
  const views = () => `${BITABLE}/apps/${appToken}/tables/${tableId}/views`;
  const path = (view_id?: string) => ({ app_token: appToken, table_id: tableId, ...(view_id ? { view_id } : {}) });
  const table = () => t.emu.rt.state.apps[appToken].tables[tableId];

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    ({ appToken } = await newBase(t, 'Views'));
    ({ tableId, defaultViewId, fieldIds } = await addTable(t, appToken, { name: 'Tasks', fields: [{ field_name: 'Title', type: 1 }, { field_name: 'Status', type: 3 }, { field_name: 'Parent', type: 1 }] }));
  });

  it('creates a view of every type through the SDK and reads it back', async () => {
    for (const type of ['grid', 'kanban', 'gallery', 'gantt', 'form'] as const) {
      const res = await t.sdk.bitable.appTableView.create({ path: path(), data: { view_name: `My ${type}`, view_type: type } });
      expect(res.code).toBe(0);
      const view = res.data!.view!;
      expect(view).toMatchObject({ view_name: `My ${type}`, view_type: type, property: { filter_info: null, hidden_fields: null } });
      expect(view.view_id).toMatch(/^vew/);
      const got = await t.sdk.bitable.appTableView.get({ path: path(view.view_id) });
      expect(got.data!.view).toEqual(view);
    }
    expect(Object.keys(table().views)).toHaveLength(6);
  });

  it('makes a grid view when no view_type is given (A03)', async () => {
    const res = await t.sdk.bitable.appTableView.create({ path: path(), data: { view_name: 'Plain' } });
    expect(res.data!.view!.view_type).toBe('grid');
  });

  it('lists views through list and listWithIterator', async () => {
    for (const name of ['B', 'C', 'D']) await t.sdk.bitable.appTableView.create({ path: path(), data: { view_name: name, view_type: 'kanban' } });
    const list = await t.sdk.bitable.appTableView.list({ path: path() });
    expect(list.data!.items!.map((v) => v.view_name)).toEqual(['表格', 'B', 'C', 'D']);
    expect(list.data).toMatchObject({ total: 4, has_more: false });

    const pages: string[][] = [];
    for await (const page of await t.sdk.bitable.appTableView.listWithIterator({ path: path(), params: { page_size: 3 } })) pages.push(page!.items!.map((v) => v.view_id!));
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages[0][0]).toBe(defaultViewId);
  });

  it('patches the name and the property (filter, hidden fields, hierarchy) as A20 shows', async () => {
    const res = await t.sdk.bitable.appTableView.patch({
      path: path(defaultViewId),
      data: {
        view_name: 'Open tasks',
        property: {
          filter_info: { conjunction: 'and', conditions: [{ field_id: fieldIds[1], operator: 'is', value: '["Open"]' }] },
          hidden_fields: [fieldIds[2]],
          hierarchy_config: { field_id: fieldIds[2] },
        },
      },
    });
    expect(res.code).toBe(0);
    const view = res.data!.view!;
    expect(view).toMatchObject({
      view_id: defaultViewId,
      view_name: 'Open tasks',
      view_type: 'grid',
      property: {
        filter_info: { condition_omitted: false, conjunction: 'and', conditions: [{ field_id: fieldIds[1], field_type: 3, operator: 'is', value: '["Open"]' }] },
        hidden_fields: [fieldIds[2]],
        hierarchy_config: { field_id: fieldIds[2] },
      },
    });
    expect(view.property!.filter_info!.conditions[0].condition_id).toMatch(/^con/);
    expect((await t.sdk.bitable.appTableView.get({ path: path(defaultViewId) })).data!.view).toEqual(view);
  });

  it('patches incrementally: keys not sent keep their value; null clears', async () => {
    await t.sdk.bitable.appTableView.patch({ path: path(defaultViewId), data: { property: { hidden_fields: [fieldIds[1]] } } });
    const renamed = await t.sdk.bitable.appTableView.patch({ path: path(defaultViewId), data: { view_name: 'Renamed' } });
    expect(renamed.data!.view!.property!.hidden_fields).toEqual([fieldIds[1]]);
    await t.sdk.bitable.appTableView.patch({ path: path(defaultViewId), data: { property: { filter_info: { conjunction: 'or', conditions: [{ field_id: fieldIds[0], operator: 'isEmpty' }] } } } });
    const cleared = await t.call('PATCH', `${views()}/${defaultViewId}`, { body: { property: { filter_info: null, hidden_fields: null } } });
    expect(cleared.body.data.view).toMatchObject({ view_name: 'Renamed', property: { filter_info: null, hidden_fields: null } });
  });

  it('leaves out ids of fields removed after the view was set up', async () => {
    await t.sdk.bitable.appTableView.patch({
      path: path(defaultViewId),
      data: { property: { hidden_fields: [fieldIds[1], fieldIds[2]], filter_info: { conjunction: 'and', conditions: [{ field_id: fieldIds[2], operator: 'isNotEmpty' }] } } },
    });
    delete table().fields[fieldIds[2]];
    const got = await t.sdk.bitable.appTableView.get({ path: path(defaultViewId) });
    expect(got.data!.view!.property).toMatchObject({ hidden_fields: [fieldIds[1]], filter_info: { conditions: [] } });
  });

  it('deletes a view through the SDK and bumps the table revision on every view write', async () => {
    const r0 = table().revision;
    const made = await t.sdk.bitable.appTableView.create({ path: path(), data: { view_name: 'Temp' } });
    await t.sdk.bitable.appTableView.patch({ path: path(made.data!.view!.view_id), data: { view_name: 'Temp 2' } });
    const res = await t.sdk.bitable.appTableView.delete({ path: path(made.data!.view!.view_id) });
    expect(res).toMatchObject({ code: 0, data: {} });
    expect(Object.keys(table().views)).toEqual([defaultViewId]);
    expect(table().revision).toBe(r0 + 3);
  });

  describe('errors', () => {
    it('refuses to delete the last view with 1254023', async () => {
      const res = await t.call('DELETE', `${views()}/${defaultViewId}`);
      expect(res.body.code).toBe(1254023);
      expect(table().views[defaultViewId]).toBeDefined();
    });

    it('answers an unknown view with 1254042 on get, patch and delete', async () => {
      expect((await t.call('GET', `${views()}/vewNoSuch00`)).body.code).toBe(1254042);
      expect((await t.call('PATCH', `${views()}/vewNoSuch00`, { body: { view_name: 'x' } })).body.code).toBe(1254042);
      expect((await t.call('DELETE', `${views()}/vewNoSuch00`)).body.code).toBe(1254042);
    });

    it('answers an unknown table with 1254041', async () => {
      const res = await t.call('GET', `${BITABLE}/apps/${appToken}/tables/tblNoSuchTable00/views`);
      expect(res.body.code).toBe(1254041);
    });

    it('checks view names: duplicate 1254020, empty 1254021, invalid 1254022, on create and patch', async () => {
      const cases: [unknown, number][] = [['表格', 1254020], ['', 1254021], [undefined, 1254021], ['a[1]', 1254022], ['v'.repeat(101), 1254022]];
      for (const [view_name, code] of cases) {
        const created = await t.call('POST', views(), { body: { view_name } });
        expect(created.status).toBe(200);
        expect(created.body.code).toBe(code);
      }
      const other = (await t.call('POST', views(), { body: { view_name: 'Other' } })).body.data.view.view_id;
      for (const [view_name, code] of cases.filter(([n]) => n !== undefined)) {
        const patched = await t.call('PATCH', `${views()}/${other}`, { body: { view_name } });
        expect(patched.status).toBe(400);
        expect(patched.body.code).toBe(code);
      }
      expect(table().views[other].view_name).toBe('Other');
    });

    it('refuses an unknown view_type with 1254019', async () => {
      const res = await t.call('POST', views(), { body: { view_name: 'Cal', view_type: 'calendar' } });
      expect(res.body.code).toBe(1254019);
    });

    it('refuses a bad filter with 1254018 and an unknown field with 1254044, changing nothing', async () => {
      const bad = [
        { filter_info: { conjunction: 'xor', conditions: [] } },
        { filter_info: { conjunction: 'and', conditions: [{ field_id: fieldIds[0], operator: 'like' }] } },
        { filter_info: { conjunction: 'and', conditions: [{ field_id: fieldIds[0], operator: 'is', value: ['a'] }] } },
      ];
      for (const property of bad) {
        const res = await t.call('PATCH', `${views()}/${defaultViewId}`, { body: { view_name: 'Changed', property } });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe(1254018);
      }
      for (const property of [{ hidden_fields: ['fldNoSuch'] }, { filter_info: { conjunction: 'and', conditions: [{ field_id: 'fldNoSuch', operator: 'is' }] } }, { hierarchy_config: { field_id: 'fldNoSuch' } }]) {
        const res = await t.call('PATCH', `${views()}/${defaultViewId}`, { body: { property } });
        expect(res.body.code).toBe(1254044);
      }
      expect(table().views[defaultViewId]).toMatchObject({ view_name: '表格', property: null });
    });

    it('pins the list page size at 100 and the filter at 50 conditions, hidden fields at 100', async () => {
      expect((await t.call('GET', views(), { query: { page_size: '100' } })).body.code).toBe(0);
      const over = await t.call('GET', views(), { query: { page_size: '101' } });
      expect(over.status).toBe(400);
      expect(over.body.code).toBe(99992402);
      const conditions = Array.from({ length: 51 }, () => ({ field_id: fieldIds[0], operator: 'isEmpty' }));
      expect((await t.call('PATCH', `${views()}/${defaultViewId}`, { body: { property: { filter_info: { conjunction: 'and', conditions } } } })).body.code).toBe(99992402);
      expect((await t.call('PATCH', `${views()}/${defaultViewId}`, { body: { property: { hidden_fields: Array(101).fill(fieldIds[0]) } } })).body.code).toBe(99992402);
    });

    it('allows 200 views a table and refuses the 201st with 1254101', async () => {
      // Without a write lock the 199 creations need not wait for each other.
      const made = await Promise.all(Array.from({ length: 199 }, (_, i) => t.call('POST', views(), { body: { view_name: `V${i + 1}` } })));
      for (const res of made) expect(res.body.code).toBe(0);
      const res = await t.call('POST', views(), { body: { view_name: 'V200' } });
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(1254101);
      expect(Object.keys(table().views)).toHaveLength(200);
    });

    it('serialises view writes per table: an overlapping write gets 1254291', async () => {
      await t.admin('PUT', '/config', { writeLockMs: 5_000 });
      try {
        const first = await t.call('POST', views(), { body: { view_name: 'First' } });
        const second = await t.call('PATCH', `${views()}/${defaultViewId}`, { body: { view_name: 'Second' } });
        expect(first.body.code).toBe(0);
        expect(second.body.code).toBe(1254291);
        // Reads are never locked.
        expect((await t.call('GET', views())).body.code).toBe(0);
      } finally {
        await t.admin('PUT', '/config', { writeLockMs: 0 });
      }
    });
  });
});
