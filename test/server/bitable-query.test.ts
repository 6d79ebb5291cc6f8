import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSETS, BASE, LAUNCHES, TASKS, TEAM, startDemoStack, type DemoStack } from './bitable.js';

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s.close());

const ok = async (query: string, variables?: Record<string, unknown>) => {
  const r = await s.gql(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data;
};

describe('Bitable graph: shapes', () => {
  it('app metadata and its tables', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { appToken name revision isAdvanced timeZone tables(first: 10) { totalCount edges { node { tableId name revision app { appToken } } } } } }`);
    expect(d.app).toMatchObject({ appToken: BASE, name: 'Product Launch Tracker', isAdvanced: true, timeZone: 'Asia/Shanghai' });
    expect(d.app.tables.totalCount).toBe(4);
    expect(d.app.tables.edges.map((e: any) => e.node.name)).toEqual(['Launches', 'Tasks', 'Team', 'Assets']);
    expect(d.app.tables.edges[0].node.app.appToken).toBe(BASE);
  });

  it('app metadata is one getApp call however many fields ask', async () => {
    await s.clearLog();
    await ok(`{ a: app(appToken: "${BASE}") { name revision } b: app(appToken: "${BASE}") { isAdvanced timeZone } }`);
    const calls = (await s.log()).filter((c) => !c.path.includes('/auth/'));
    expect(calls.map((c) => c.path)).toEqual([`/open-apis/bitable/v1/apps/${BASE}`]);
  });

  it('a table: fields, field by id or name, views, view', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { tableId name
      fields(first: 100) { totalCount edges { node { fieldId name type isPrimary } } }
      byName: field(name: "Launch") { fieldId type property linkedTable { tableId name } }
      status: field(name: "Status") { options { id name color } }
      views { edges { node { viewId name type } } }
      view(viewId: "vewiZ34xTR") { name type property } } } }`);
    const t = d.app.table;
    expect(t.name).toBe('Tasks');
    const types = Object.fromEntries(t.fields.edges.map((e: any) => [e.node.name, e.node.type]));
    expect(types).toMatchObject({ Task: 'TEXT', 'Task ID': 'AUTO_NUMBER', Launch: 'DUPLEX_LINK', Reviewer: 'LINK', Assignee: 'USER', Attachments: 'ATTACHMENT', 'Variance (h)': 'FORMULA', Created: 'CREATED_TIME', 'Modified by': 'MODIFIED_USER' });
    expect(t.fields.edges[0].node.isPrimary).toBe(true);
    expect(t.byName).toMatchObject({ type: 'DUPLEX_LINK', linkedTable: { tableId: LAUNCHES, name: 'Launches' } });
    const byId = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { field(fieldId: "${t.byName.fieldId}") { name } } } }`);
    expect(byId.app.table.field.name).toBe('Launch');
    expect(t.status.options.map((o: any) => o.name)).toEqual(['To do', 'In progress', 'Blocked', 'Done']);
    expect(t.views.edges.map((e: any) => [e.node.name, e.node.type])).toEqual([['All tasks', 'GRID'], ['Open tasks', 'GRID']]);
    expect(t.view).toMatchObject({ name: 'Open tasks', type: 'GRID' });
  });

  it('every field type becomes its typed cell', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { launches: table(tableId: "${LAUNCHES}") { records(first: 1) { edges { node { cells { __typename field { name } } } } } }
      team: table(tableId: "${TEAM}") { records(first: 1) { edges { node { cells { __typename field { name } } } } } } } }`);
    const names = [d.app.launches, d.app.team].flatMap((t: any) => t.records.edges[0].node.cells.map((c: any) => c.__typename));
    for (const type of ['TextCell', 'AutoNumberCell', 'SingleSelectCell', 'MultiSelectCell', 'DateTimeCell', 'UserCell', 'LinkCell', 'LookupCell', 'NumberCell', 'FormulaCell', 'CheckboxCell', 'GroupChatCell', 'UrlCell', 'LocationCell', 'AttachmentCell', 'CreatedTimeCell', 'ModifiedTimeCell', 'CreatedUserCell', 'ModifiedUserCell', 'PhoneCell']) {
      expect(names).toContain(type);
    }
  });

  it('typed cell values', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TEAM}") { records(first: 1) { edges { node { recordId
      name: cell(field: "Name") { ... on TextCell { text } }
      title: cell(field: "Title") { ... on SingleSelectCell { option { name color } } }
      skills: cell(field: "Skills") { ... on MultiSelectCell { options { name } } }
      person: cell(field: "Person") { ... on UserCell { users { openId name email } } }
      phone: cell(field: "Phone") { ... on PhoneCell { phone } }
      profile: cell(field: "Profile") { ... on UrlCell { text link } }
      office: cell(field: "Office") { ... on LocationCell { location city fullAddress } }
      chat: cell(field: "Team chat") { ... on GroupChatCell { chats { chatId name } } }
      capacity: cell(field: "Capacity (h/week)") { ... on NumberCell { number } }
      active: cell(field: "Active") { ... on CheckboxCell { checked } }
      joined: cell(field: "Joined") { ... on DateTimeCell { dateTime } }
      avatar: cell(field: "Avatar") { ... on AttachmentCell { attachments { fileToken name mimeType size url temporaryUrl } } }
      id: cell(field: "Member ID") { value ... on AutoNumberCell { text } } } } } } } }`);
    const r = d.app.table.records.edges[0].node;
    expect(r.name.text).toBe('Alice Chen');
    expect(r.title.option.name).toBe('Launch lead');
    expect(r.skills.options.map((o: any) => o.name)).toEqual(['Analytics', 'PR']);
    expect(r.person.users[0]).toEqual({ openId: 'ou_f8e268529dbed0b638051597db41bf02', name: 'Alice Chen', email: 'alice.chen@example.com' });
    expect(r.phone.phone).toBe('+8613800138000');
    expect(r.profile).toEqual({ text: 'alice.chen', link: 'https://people.example.com/alice' });
    expect(r.office.city).toBe('北京市');
    expect(r.chat.chats[0]).toEqual({ chatId: 'oc_f3611ffc526c29f5cc9b265980e96cb4', name: 'Launch War Room' });
    expect(r.capacity.number).toBe(40);
    expect(r.active.checked).toBe(true);
    expect(r.joined.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(r.avatar.attachments[0]).toMatchObject({ name: 'alice.png', mimeType: 'image/png' });
    expect(r.avatar.attachments[0].temporaryUrl).toMatch(/^http/);
    expect(r.id).toEqual({ value: 'TM-001', text: 'TM-001' });
  });

  it('links resolve to records, users to users, record(recordId) through batch_get', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 1) { edges { node { recordId createdTime createdBy { name unionId }
      launch: cell(field: "Launch") { ... on LinkCell { recordIds linkedTable { tableId } records { recordId table { tableId } cell(field: "Launch") { ... on TextCell { text } } } } }
      assignee: cell(field: "Assignee") { ... on UserCell { users { name unionId userId } } } } } } } } }`);
    const r = d.app.table.records.edges[0].node;
    expect(r.createdBy).toMatchObject({ name: 'Alice Chen', unionId: expect.stringMatching(/^on_/) });
    expect(r.launch.linkedTable.tableId).toBe(LAUNCHES);
    expect(r.launch.records[0]).toEqual({ recordId: r.launch.recordIds[0], table: { tableId: LAUNCHES }, cell: { text: 'Aurora Beta' } });
    expect(r.assignee.users[0]).toMatchObject({ name: 'Eve Liu', unionId: expect.stringMatching(/^on_/) });
    const one = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { record(recordId: "${r.recordId}") { recordId fields cells { field { name } } } } } }`);
    expect(one.app.table.record.fields.Task[0].text).toMatch(/Write launch blog post/);
  });

  it('node and nodes resolve every type from its global id; user(openId)', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { id table(tableId: "${ASSETS}") { id field(name: "File") { id } view(viewId: "vewWmv6u4G") { id }
      records(first: 1) { edges { node { id recordId createdBy { id openId } } } } } } }`);
    const t = d.app.table;
    const rec = t.records.edges[0].node;
    const ids = [d.app.id, t.id, t.field.id, t.view.id, rec.id, rec.createdBy.id];
    const n = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
      ... on App { name } ... on Table { name } ... on Field { name } ... on View { name } ... on Record { recordId } ... on User { name } } }`, { ids });
    expect(n.nodes.map((x: any) => x.__typename)).toEqual(['App', 'Table', 'Field', 'View', 'Record', 'User']);
    expect(n.nodes.map((x: any) => x.id)).toEqual(ids);
    expect(n.nodes[1].name).toBe('Assets');
    expect(n.nodes[2].name).toBe('File');
    expect(n.nodes[4].recordId).toBe(rec.recordId);
    const one = await ok(`query($id: ID!) { node(id: $id) { ... on Record { fields } } }`, { id: rec.id });
    expect(one.node.fields.Asset).toBeDefined();
    const u = await ok(`{ user(openId: "${rec.createdBy.openId}") { openId name unionId } }`);
    expect(u.user.name).toBeTruthy();
  });
});

describe('Bitable graph: connections', () => {
  const page = (first: number, after?: string) =>
    ok(`query($after: String) { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: ${first}, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { recordId } } } } } }`, { after });

  it('first defaults to 20; endCursor resumes after the page; a mid-page cursor after its edge', async () => {
    const all = (await page(60)).app.table.records;
    expect(all.totalCount).toBe(240);
    const p1 = (await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records { pageInfo { hasNextPage endCursor } edges { node { recordId } } } } } }`)).app.table.records;
    expect(p1.edges).toHaveLength(20);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await page(20, p1.pageInfo.endCursor)).app.table.records;
    expect(p2.edges.map((e: any) => e.node.recordId)).toEqual(all.edges.slice(20, 40).map((e: any) => e.node.recordId));
    const mid = (await page(10, p2.edges[4].cursor)).app.table.records;
    expect(mid.edges.map((e: any) => e.node.recordId)).toEqual(all.edges.slice(25, 35).map((e: any) => e.node.recordId));
  });

  it('one connection page is one upstream page (page_size = first)', async () => {
    await s.clearLog();
    await page(7);
    const calls = (await s.log()).filter((c) => c.path.endsWith('/records/search'));
    expect(calls).toHaveLength(1);
    expect(calls[0].query.page_size).toBe('7');
  });

  it('the last page says there is no next one', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { tables(first: 100) { pageInfo { hasNextPage } edges { node { tableId } } } } }`);
    expect(d.app.tables.pageInfo.hasNextPage).toBe(false);
  });

  it('first over its cap is BAD_USER_INPUT naming the cap', async () => {
    for (const [path, cap] of [
      [`table(tableId: "${TASKS}") { records(first: 501) { totalCount } }`, 500],
      [`tables(first: 101) { totalCount }`, 100],
      [`table(tableId: "${TASKS}") { fields(first: 101) { totalCount } }`, 100],
      [`table(tableId: "${TASKS}") { views(first: 101) { totalCount } }`, 100],
    ] as const) {
      const r = await s.gql(`{ app(appToken: "${BASE}") { ${path} } }`);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
      expect(r.errors?.[0].message).toContain(String(cap));
    }
    const ok500 = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 500) { edges { node { recordId } } } } } }`);
    expect(ok500.data.app.table.records.edges).toHaveLength(240);
  });
});

describe('Bitable graph: filter, where, sort', () => {
  const records = (args: string) =>
    s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 500, ${args}) { totalCount edges { node { recordId fields } } } } } }`);

  it('filter (formula) uses the list endpoint; where uses search; they agree', async () => {
    await s.clearLog();
    const byFormula = await records(`filter: "CurrentValue.[Status]=\\"Done\\""`);
    const byWhere = await records(`where: { conjunction: AND, conditions: [{ field: "Status", operator: IS, value: ["Done"] }] }`);
    expect(byFormula.errors).toBeUndefined();
    expect(byWhere.errors).toBeUndefined();
    const paths = (await s.log()).map((c) => `${c.method} ${c.path.split('/').slice(-2).join('/')}`);
    expect(paths).toContain(`GET ${TASKS}/records`);
    expect(paths).toContain('POST records/search');
    const ids = (r: any) => r.data.app.table.records.edges.map((e: any) => e.node.recordId).sort();
    expect(ids(byFormula).length).toBeGreaterThan(0);
    expect(ids(byFormula)).toEqual(ids(byWhere));
    for (const e of byWhere.data.app.table.records.edges) expect(e.node.fields.Status).toBe('Done');
  });

  it('where with OR and nested children, and sort', async () => {
    const r = await records(`where: { conjunction: OR, conditions: [{ field: "Priority", operator: IS, value: ["P0 - Critical"] }],
      children: [{ conjunction: AND, conditions: [{ field: "Status", operator: IS, value: ["Blocked"] }, { field: "Estimate (h)", operator: IS_GREATER, value: ["5"] }] }] },
      sort: [{ field: "Estimate (h)", desc: true }]`);
    expect(r.errors).toBeUndefined();
    const rows = r.data.app.table.records.edges.map((e: any) => e.node.fields);
    expect(rows.length).toBeGreaterThan(0);
    for (const f of rows) expect(f.Priority === 'P0 - Critical' || (f.Status === 'Blocked' && f['Estimate (h)'] > 5)).toBe(true);
    const est = rows.map((f: any) => f['Estimate (h)'] ?? 0);
    expect(est).toEqual([...est].sort((a: number, b: number) => b - a));
  });

  it('view records follow the view', async () => {
    const d = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { view(viewId: "vewiZ34xTR") { records(first: 500) { edges { node { fields } } } } } } }`);
    const rows = d.app.table.view.records.edges;
    expect(rows.length).toBeGreaterThan(0);
    for (const e of rows) expect(e.node.fields.Status).not.toBe('Done');
  });
});

describe('Bitable graph: errors at the field that loads', () => {
  it('an unknown base is NOT_FOUND at its first loading field', async () => {
    const r = await s.gql(`{ app(appToken: "bascnNoSuchBase000000000000") { appToken name } }`);
    expect(r.data.app).toEqual({ appToken: 'bascnNoSuchBase000000000000', name: null });
    expect(r.errors[0]).toMatchObject({ path: ['app', 'name'], extensions: { code: 'NOT_FOUND' } });
  });

  it('an unknown table, record or field is NOT_FOUND with a readable message', async () => {
    const table = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "tblNoSuchTable00") { tableId name } } }`);
    expect(table.errors[0]).toMatchObject({ path: ['app', 'table', 'name'], extensions: { code: 'NOT_FOUND' } });
    expect(table.errors[0].message).toContain('tblNoSuchTable00');
    const records = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "tblNoSuchTable00") { records { totalCount } } } }`);
    expect(records.errors[0].extensions.code).toBe('NOT_FOUND');
    const record = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { record(recordId: "recNoSuchRecord") { recordId fields } } } }`);
    expect(record.errors[0]).toMatchObject({ path: ['app', 'table', 'record', 'fields'], extensions: { code: 'NOT_FOUND' } });
    expect(record.errors[0].message).toContain('recNoSuchRecord');
    const field = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { field(name: "No such field") { fieldId } } } }`);
    expect(field.errors[0]).toMatchObject({ path: ['app', 'table', 'field'], extensions: { code: 'NOT_FOUND' } });
    const cell = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 1) { edges { node { cell(field: "No such field") { value } } } } } } }`);
    expect(cell.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('a malformed filter, filter with where, or a bad cursor is BAD_USER_INPUT', async () => {
    const bad = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(filter: "CurrentValue.[Status]=(") { totalCount } } } }`);
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const both = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(filter: "1=1", where: { conjunction: AND, conditions: [] }) { totalCount } } } }`);
    expect(both.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'where' });
    const cursor = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(after: "mid:garbage") { totalCount } } } }`);
    expect(cursor.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'after' });
  });
});
