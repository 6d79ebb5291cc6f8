import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { items, paginate, type FeishuSession } from '../../src/feishu/index.js';
import { DEMO, rig, type Rig } from './harness.js';

let r: Rig;
let app: FeishuSession;
beforeAll(async () => {
  r = await rig();
  app = r.client.as({ kind: 'app' });
});
afterAll(() => r.close());
beforeEach(() => r.clearRequests());

/** The emulator's log of calls to paths ending so (the token call left out). */
const logged = async (suffix: string) => (await r.requests()).filter((q) => q.path.endsWith(suffix));

describe('bitable', () => {
  it('getApp', async () => {
    const a = await app.bitable.getApp({ appToken: DEMO.app });
    expect(a).toMatchObject({ app_token: DEMO.app, name: 'Product Launch Tracker', is_advanced: true, time_zone: 'Asia/Shanghai' });
  });

  it('listTables, paged', async () => {
    const first = await app.bitable.listTables({ appToken: DEMO.app, pageSize: 3 });
    expect(first.items.map((t) => t.name)).toEqual(['Launches', 'Tasks', 'Team']);
    expect(first.has_more).toBe(true);
    const rest = await app.bitable.listTables({ appToken: DEMO.app, pageSize: 3, pageToken: first.page_token! });
    expect(rest.items.map((t) => t.name)).toEqual(['Assets']);
    expect(rest.has_more).toBe(false);
  });

  it('listFields', async () => {
    const all = await app.bitable.listFields({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 100 });
    expect(all.items.find((f) => f.is_primary)?.field_name).toBe('Task');
    expect(all.items.every((f) => typeof f.type === 'number' && f.field_id.startsWith('fld'))).toBe(true);
  });

  it('listFields sends view_id in the query', async () => {
    await app.bitable.listFields({ appToken: DEMO.app, tableId: DEMO.tasks, viewId: DEMO.openTasksView, pageSize: 10 });
    const [call] = await logged('/fields');
    expect(call.query).toEqual({ page_size: '10', view_id: DEMO.openTasksView });
  });

  it('listViews and getView', async () => {
    const views = await app.bitable.listViews({ appToken: DEMO.app, tableId: DEMO.tasks });
    expect(views.items.map((v) => v.view_name)).toEqual(['All tasks', 'Open tasks']);
    const form = await app.bitable.getView({ appToken: DEMO.app, tableId: DEMO.launches, viewId: DEMO.formView });
    expect(form).toMatchObject({ view_id: DEMO.formView, view_type: 'form', view_name: 'Launch request' });
  });

  it('getForm and listFormQuestions', async () => {
    const form = await app.bitable.getForm({ appToken: DEMO.app, tableId: DEMO.launches, formId: DEMO.formView });
    expect(form).toMatchObject({ name: 'Launch request', shared: true, shared_limit: 'tenant_editable' });
    const questions = await app.bitable.listFormQuestions({ appToken: DEMO.app, tableId: DEMO.launches, formId: DEMO.formView, pageSize: 100 });
    expect(questions.items.filter((q) => q.required)).toHaveLength(4);
  });

  it('listRecords: sort and field_names go out as JSON strings, booleans as text', async () => {
    const page = await app.bitable.listRecords({
      appToken: DEMO.app,
      tableId: DEMO.tasks,
      pageSize: 5,
      sort: ['Estimate (h) DESC'],
      fieldNames: ['Task', 'Estimate (h)'],
      automaticFields: true,
      userIdType: 'open_id',
    });
    const estimates = page.items.map((x) => Number(x.fields['Estimate (h)']));
    expect(estimates).toEqual([...estimates].sort((a, b) => b - a));
    expect(estimates[0]).toBeGreaterThan(estimates[4]);
    expect(Object.keys(page.items[0].fields).sort()).toEqual(['Estimate (h)', 'Task']);
    expect(page.items[0].created_time).toEqual(expect.any(Number));
    expect(page.total).toBe(240);
    const [call] = await logged('/records');
    expect(call.query).toEqual({ page_size: '5', sort: '["Estimate (h) DESC"]', field_names: '["Task","Estimate (h)"]', automatic_fields: 'true', user_id_type: 'open_id' });
  });

  it('listRecords: a formula filter and a view', async () => {
    const done = await app.bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, filter: 'CurrentValue.[Status]="Done"', pageSize: 500 });
    expect(done.items.length).toBeGreaterThan(0);
    expect(done.items.every((x) => x.fields.Status === 'Done')).toBe(true);
    const open = await app.bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, viewId: DEMO.openTasksView, pageSize: 500 });
    expect(open.items.some((x) => x.fields.Status === 'Done')).toBe(false);
    expect(open.items.length + done.items.length).toBe(240);
  });

  it('searchRecords: body filter, sort and field names; paging in the query', async () => {
    const page = await app.bitable.searchRecords({
      appToken: DEMO.app,
      tableId: DEMO.tasks,
      pageSize: 3,
      fieldNames: ['Task', 'Status'],
      sort: [{ fieldName: 'Task ID', desc: true }],
      filter: { conjunction: 'and', conditions: [{ field_name: 'Status', operator: 'is', value: ['Done'] }] },
    });
    expect(page.items).toHaveLength(3);
    expect(page.items.every((x) => x.fields.Status === 'Done')).toBe(true);
    expect(page.has_more).toBe(true);
    const [call] = await logged('/records/search');
    expect(call.query).toEqual({ page_size: '3' });
  });

  it('getRecord and batchGetRecords (absent ids reported, not thrown)', async () => {
    const [first] = (await app.bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 2 })).items;
    const one = await app.bitable.getRecord({ appToken: DEMO.app, tableId: DEMO.tasks, recordId: first.record_id });
    expect(one.record_id).toBe(first.record_id);
    const batch = await app.bitable.batchGetRecords({ appToken: DEMO.app, tableId: DEMO.tasks, recordIds: [first.record_id, 'recNotThere123'], automaticFields: true });
    expect(batch.records.map((x) => x.record_id)).toEqual([first.record_id]);
    expect(batch.absent_record_ids).toEqual(['recNotThere123']);
    expect(batch.forbidden_record_ids).toEqual([]);
    expect(batch.records[0].created_by).toBeTruthy();
  });

  it('path parameters are URL-encoded', async () => {
    await expect(app.bitable.getRecord({ appToken: DEMO.app, tableId: DEMO.tasks, recordId: 'rec/../x y' })).rejects.toMatchObject({ name: 'FeishuError' });
    const [call] = (await r.requests()).filter((q) => q.path.includes('rec%2F'));
    expect(call.path).toBe(`/open-apis/bitable/v1/apps/${DEMO.app}/tables/${DEMO.tasks}/records/rec%2F..%2Fx%20y`);
  });

  it('listRoles, listRoleMembers, listDashboards', async () => {
    const roles = await app.bitable.listRoles({ appToken: DEMO.app });
    expect(roles.items.map((x) => x.role_name)).toEqual(['Marketing editors', 'Stakeholders (read-only)']);
    expect(roles.items[0].table_roles?.length).toBeGreaterThan(0);
    const members = await app.bitable.listRoleMembers({ appToken: DEMO.app, roleId: DEMO.marketingRole });
    expect(members.items.map((m) => m.member_name)).toEqual(['Eve Liu', 'Frank Yang', 'Grace Huang']);
    const dashboards = await app.bitable.listDashboards({ appToken: DEMO.app });
    expect(dashboards.dashboards.map((d) => d.name)).toEqual(['Launch overview', 'Team workload']);
  });
});

describe('contact and drive', () => {
  it('batchGetUsers sends repeated user_ids', async () => {
    const users = await app.contact.batchGetUsers({ userIds: [DEMO.alice, DEMO.bob], userIdType: 'open_id' });
    expect(users.items.map((u) => u.name)).toEqual(['Alice Chen', 'Bob Li']);
    const [call] = await logged('/users/batch');
    expect(call.query).toEqual({ user_ids: [DEMO.alice, DEMO.bob], user_id_type: 'open_id' });
  });

  it('batchGetTmpDownloadUrls sends repeated file_tokens and returns working links', async () => {
    const page = await app.bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 500, fieldNames: ['Attachments'] });
    const tokens = page.items.flatMap((x) => ((x.fields.Attachments ?? []) as { file_token: string }[]).map((a) => a.file_token)).slice(0, 2);
    expect(tokens).toHaveLength(2);
    await r.clearRequests();
    const urls = await app.drive.batchGetTmpDownloadUrls({ fileTokens: tokens });
    expect(urls.tmp_download_urls.map((u) => u.file_token)).toEqual(tokens);
    const [call] = await logged('/batch_get_tmp_download_url');
    expect(call.query).toEqual({ file_tokens: tokens });
    const download = await fetch(urls.tmp_download_urls[0].tmp_download_url);
    expect(download.status).toBe(200);
    expect((await download.text()).length).toBeGreaterThan(0);
  });
});

describe('pagination', () => {
  it('walks the 240 demo tasks in 3 calls of 100', async () => {
    const pages = paginate((pageToken) => app.bitable.listRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 100, pageToken }));
    const ids: string[] = [];
    const sizes: number[] = [];
    for await (const page of pages) {
      sizes.push(page.items.length);
      ids.push(...page.items.map((x) => x.record_id));
    }
    expect(sizes).toEqual([100, 100, 40]);
    expect(new Set(ids).size).toBe(240);
    expect(await logged('/records')).toHaveLength(3);
  });

  it('items() flattens, and a consumer that stops early stops the calls', async () => {
    const first150: string[] = [];
    for await (const record of items(paginate((pageToken) => app.bitable.searchRecords({ appToken: DEMO.app, tableId: DEMO.tasks, pageSize: 100, pageToken })), (p) => p.items)) {
      first150.push(record.record_id);
      if (first150.length === 150) break;
    }
    expect(new Set(first150).size).toBe(150);
    expect(await logged('/records/search')).toHaveLength(2);
  });
});
