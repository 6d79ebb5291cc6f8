import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDashboard } from '../../src/emulator/bitable/dashboards.js';
import { createField } from '../../src/emulator/bitable/fieldModel.js';
import { addTable, newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const BITABLE = '/open-apis/bitable/v1';

describe('bitable forms and dashboards', () => {
  let t: TestEmulator;
  let appToken: string;
  const app = () => t.emu.rt.state.apps[appToken];

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    ({ appToken } = await newBase(t, 'Forms'));
  });

  describe('forms', () => {
    let tableId: string;
    let formId: string;
    let gridId: string;
    let fieldIds: string[];
    const formPath = () => ({ app_token: appToken, table_id: tableId, form_id: formId });
    const formUrl = () => `${BITABLE}/apps/${appToken}/tables/${tableId}/forms/${formId}`;
    const table = () => app().tables[tableId];

    beforeEach(async () => {
      ({ tableId, defaultViewId: gridId, fieldIds } = await addTable(t, appToken, { name: 'Signups', fields: [{ field_name: 'Name', type: 1 }, { field_name: 'Email', type: 1 }, { field_name: 'Team', type: 3 }] }));
      const view = await t.sdk.bitable.appTableView.create({ path: { app_token: appToken, table_id: tableId }, data: { view_name: 'Sign up', view_type: 'form' } });
      formId = view.data!.view!.view_id!;
    });

    it('gets a new form with its defaults through the SDK', async () => {
      const res = await t.sdk.bitable.appTableForm.get({ path: formPath() });
      expect(res.code).toBe(0);
      expect(res.data!.form).toMatchObject({ name: 'Sign up', description: '', shared: false, shared_limit: 'off', submit_limit_once: false });
      expect(res.data!.form.shared_url).toMatch(new RegExp(`^${t.url}/share/base/form/shrcn[A-Za-z0-9]{22}$`));
    });

    it('patches the form and answers the whole form', async () => {
      const r0 = table().revision;
      const res = await t.sdk.bitable.appTableForm.patch({
        path: formPath(),
        data: { name: 'Join us', description: 'Tell us who you are', shared: true, shared_limit: 'anyone_editable', submit_limit_once: true },
      });
      expect(res.data!.form).toMatchObject({ name: 'Join us', description: 'Tell us who you are', shared: true, shared_limit: 'anyone_editable', submit_limit_once: true });
      expect((await t.sdk.bitable.appTableForm.get({ path: formPath() })).data!.form).toEqual(res.data!.form);
      expect(table().revision).toBe(r0 + 1);

      const partial = await t.call('PATCH', formUrl(), { body: { shared: false } });
      expect(partial.body.data.form).toMatchObject({ name: 'Join us', shared: false, shared_limit: 'anyone_editable' });
    });

    it('refuses a bad shared_limit or a wrongly typed value as parameter errors, changing nothing', async () => {
      for (const body of [{ shared_limit: 'public' }, { shared: 'yes' }, { name: 3 }]) {
        const res = await t.call('PATCH', formUrl(), { body: { description: 'changed', ...body } });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe(99992402);
      }
      expect(table().views[formId].form!.description).toBe('');
    });

    it('answers an unknown form with 1254042 and a view that is not a form with 1254005', async () => {
      const unknown = await t.call('GET', `${BITABLE}/apps/${appToken}/tables/${tableId}/forms/vewNoSuch00`);
      expect(unknown.body.code).toBe(1254042);
      const grid = await t.call('GET', `${BITABLE}/apps/${appToken}/tables/${tableId}/forms/${gridId}`);
      expect(grid.status).toBe(400);
      expect(grid.body.code).toBe(1254005);
      expect((await t.call('GET', `${BITABLE}/apps/${appToken}/tables/${tableId}/forms/${gridId}/fields`)).body.code).toBe(1254005);
    });

    it('lists one question per field, titled by field name, through list and listWithIterator', async () => {
      const res = await t.sdk.bitable.appTableFormField.list({ path: formPath() });
      expect(res.data).toMatchObject({ total: 3, has_more: false });
      expect(res.data!.items).toEqual([
        { field_id: fieldIds[0], title: 'Name', description: '', required: false, visible: true },
        { field_id: fieldIds[1], title: 'Email', description: '', required: false, visible: true },
        { field_id: fieldIds[2], title: 'Team', description: '', required: false, visible: true },
      ]);
      const pages: number[] = [];
      for await (const page of await t.sdk.bitable.appTableFormField.listWithIterator({ path: formPath(), params: { page_size: 2 } })) {
        pages.push((page as { items: unknown[] }).items.length);
      }
      expect(pages).toEqual([2, 1]);
    });

    it('follows the table: a new field becomes a question, a removed one leaves', async () => {
      const added = createField(t.emu.rt, app(), table(), { field_name: 'Phone', type: 13 });
      delete table().fields[fieldIds[1]];
      const res = await t.sdk.bitable.appTableFormField.list({ path: formPath() });
      expect(res.data!.items.map((q) => q.field_id)).toEqual([fieldIds[0], fieldIds[2], added.field_id]);
    });

    it('pins the question page size at 100', async () => {
      expect((await t.call('GET', `${formUrl()}/fields`, { query: { page_size: '100' } })).body.code).toBe(0);
      const res = await t.call('GET', `${formUrl()}/fields`, { query: { page_size: '101' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(99992402);
    });

    it('patches a question through the SDK, answering `field` (seed) and `fields` (SDK type)', async () => {
      const res = await t.sdk.bitable.appTableFormField.patch({
        path: { ...formPath(), field_id: fieldIds[1] },
        data: { title: 'Work email', description: 'We reply here', required: true },
      });
      const expected = { pre_field_id: fieldIds[0], title: 'Work email', description: 'We reply here', required: true, visible: true };
      expect(res.data!.fields).toEqual(expected);
      expect((res.data as { field?: unknown }).field).toEqual(expected);
      const list = await t.sdk.bitable.appTableFormField.list({ path: formPath() });
      expect(list.data!.items[1]).toMatchObject({ field_id: fieldIds[1], title: 'Work email', required: true });
    });

    it('reorders questions with pre_field_id ("" puts one first)', async () => {
      const order = async () => (await t.sdk.bitable.appTableFormField.list({ path: formPath() })).data!.items.map((q) => q.field_id);
      const first = await t.call('PATCH', `${formUrl()}/fields/${fieldIds[2]}`, { body: { pre_field_id: '' } });
      expect(first.body.data.field.pre_field_id).toBe('');
      expect(await order()).toEqual([fieldIds[2], fieldIds[0], fieldIds[1]]);
      const after = await t.call('PATCH', `${formUrl()}/fields/${fieldIds[2]}`, { body: { pre_field_id: fieldIds[1] } });
      expect(after.body.data.field.pre_field_id).toBe(fieldIds[1]);
      expect(await order()).toEqual([fieldIds[0], fieldIds[1], fieldIds[2]]);
    });

    it('keeps a hidden question as it is: other settings cannot change with visible false (A27)', async () => {
      const url = `${formUrl()}/fields/${fieldIds[2]}`;
      const both = await t.call('PATCH', url, { body: { visible: false, required: true } });
      expect(both.status).toBe(400);
      expect(both.body.code).toBe(1254001);
      expect((await t.call('PATCH', url, { body: { visible: false } })).body.data.field.visible).toBe(false);
      expect((await t.call('PATCH', url, { body: { title: 'Squad' } })).body.code).toBe(1254001);
      const shown = await t.call('PATCH', url, { body: { visible: true, title: 'Squad' } });
      expect(shown.body.data.field).toMatchObject({ visible: true, title: 'Squad' });
    });

    it('answers an unknown question or pre_field_id with 1254049 (HTTP 404)', async () => {
      const res = await t.call('PATCH', `${formUrl()}/fields/fldNoSuch`, { body: { title: 'x' } });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(1254049);
      const pre = await t.call('PATCH', `${formUrl()}/fields/${fieldIds[0]}`, { body: { pre_field_id: 'fldNoSuch', title: 'Changed' } });
      expect(pre.body.code).toBe(1254049);
      expect(table().views[formId].form!.questions[fieldIds[0]].title).toBe('Name');
    });
  });

  describe('dashboards', () => {
    const dashboards = () => `${BITABLE}/apps/${appToken}/dashboards`;

    it('lists dashboards through list and listWithIterator', async () => {
      for (const name of ['Sales', 'Ops', 'Hiring']) addDashboard(app(), name);
      const res = await t.sdk.bitable.appDashboard.list({ path: { app_token: appToken } });
      expect(res.data!.dashboards.map((d) => d.name)).toEqual(['Sales', 'Ops', 'Hiring']);
      expect(res.data!.dashboards[0].block_id).toMatch(/^blk/);
      expect(res.data).toMatchObject({ has_more: false, total: 3 });
      const pages: number[] = [];
      for await (const page of await t.sdk.bitable.appDashboard.listWithIterator({ path: { app_token: appToken }, params: { page_size: 2 } })) {
        pages.push((page as { dashboards: unknown[] }).dashboards.length);
      }
      expect(pages).toEqual([2, 1]);
    });

    it('copies a dashboard through the SDK and bumps the base revision', async () => {
      const source = addDashboard(app(), 'Sales');
      const r0 = app().revision;
      const res = await t.sdk.bitable.appDashboard.copy({ path: { app_token: appToken, block_id: source.block_id }, data: { name: 'Sales copy' } });
      expect(res.code).toBe(0);
      expect(res.data!.name).toBe('Sales copy');
      expect(res.data!.block_id).toMatch(/^blk/);
      expect(res.data!.block_id).not.toBe(source.block_id);
      expect(Object.values(app().dashboards).map((d) => d.name)).toEqual(['Sales', 'Sales copy']);
      expect(app().revision).toBe(r0 + 1);
    });

    it('refuses an unknown source (1254050, HTTP 404), a taken name (1254039) and a bad name (1254038)', async () => {
      const source = addDashboard(app(), 'Sales');
      const unknown = await t.call('POST', `${dashboards()}/blkNoSuchBlock000/copy`, { body: { name: 'x' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe(1254050);
      const taken = await t.call('POST', `${dashboards()}/${source.block_id}/copy`, { body: { name: 'Sales' } });
      expect(taken.status).toBe(400);
      expect(taken.body.code).toBe(1254039);
      for (const name of ['Q[1]', 'd'.repeat(101)]) {
        expect((await t.call('POST', `${dashboards()}/${source.block_id}/copy`, { body: { name } })).body.code).toBe(1254038);
      }
      expect((await t.call('POST', `${dashboards()}/${source.block_id}/copy`, { body: {} })).body.code).toBe(99992402);
      expect(Object.keys(app().dashboards)).toHaveLength(1);
    });

    it('pins the page size at 500 and answers an unknown base with 1254040', async () => {
      expect((await t.call('GET', dashboards(), { query: { page_size: '500' } })).body.code).toBe(0);
      const over = await t.call('GET', dashboards(), { query: { page_size: '501' } });
      expect(over.status).toBe(400);
      expect(over.body.code).toBe(99992402);
      expect((await t.call('GET', `${BITABLE}/apps/bascnNoSuchBase/dashboards`)).body.code).toBe(1254040);
    });
  });
});
