import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppNameDocument,
  AppTwiceDocument,
  AppWithTablesDocument,
  CellTypesDocument,
  FieldsCountDocument,
  GlobalIdsDocument,
  NodesDocument,
  RecordCellDocument,
  RecordFieldsDocument,
  RecordNodeDocument,
  RecordsCountDocument,
  RecordsPageDocument,
  RecordsWithFieldsDocument,
  RecordWithCellsDocument,
  TableFieldDocument,
  TableNameDocument,
  TablesPageDocument,
  TableShapeDocument,
  TaskLinksDocument,
  TeamMemberCellsDocument,
  UserByOpenIdDocument,
  ViewRecordsDocument,
  ViewsCountDocument,
  type RecordsWithFieldsQueryVariables,
  type TypedDocumentString,
} from '../gql/graphql.js';
import { execute, type GraphQLResult } from '../helpers/graphql.js';
import { ASSETS, BASE, LAUNCHES, TASKS, TEAM, startDemoStack, type DemoStack } from './bitable.js';
import { API_KEY } from './harness.js';

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s.close());

/** Runs a typed operation as the app. */
const run = <R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<GraphQLResult<R>> =>
  execute(s.url, document, variables, { 'x-api-key': API_KEY });

/** Its data, after asserting there were no errors. */
const ok = async <R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> => {
  const r = await run(document, variables);
  expect(r.errors).toBeUndefined();
  return r.data as R;
};

/** A record's `fields` (JSON): Feishu's values by field name. */
type Fields = Record<string, any>;

/** The value if its __typename (which the document asks for) is `typename`, else undefined. */
const as = <T extends { __typename?: string }, N extends string>(value: T | null | undefined, typename: N) =>
  value?.__typename === typename ? (value as Extract<T, { __typename?: N }>) : undefined;

const appToken = BASE;

describe('Bitable graph: shapes', () => {
  it('app metadata and its tables', async () => {
    const d = await ok(AppWithTablesDocument, { appToken });
    expect(d.app).toMatchObject({ appToken: BASE, name: 'Product Launch Tracker', isAdvanced: true, timeZone: 'Asia/Shanghai' });
    expect(d.app?.tables?.totalCount).toBe(4);
    expect(d.app?.tables?.edges?.map((e) => e.node?.name)).toEqual(['Launches', 'Tasks', 'Team', 'Assets']);
    expect(d.app?.tables?.edges?.[0].node?.app?.appToken).toBe(BASE);
  });

  it('app metadata is one getApp call however many fields ask', async () => {
    await s.clearLog();
    await ok(AppTwiceDocument, { appToken });
    const calls = (await s.log()).filter((c) => !c.path.includes('/auth/'));
    expect(calls.map((c) => c.path)).toEqual([`/open-apis/bitable/v1/apps/${BASE}`]);
  });

  it('a table: fields, field by id or name, views, view', async () => {
    const d = await ok(TableShapeDocument, { appToken, tableId: TASKS, viewId: 'vewiZ34xTR' });
    const t = d.app!.table!;
    expect(t.name).toBe('Tasks');
    const types = Object.fromEntries(t.fields!.edges!.map((e) => [e.node?.name, e.node?.type]));
    expect(types).toMatchObject({ Task: 'TEXT', 'Task ID': 'AUTO_NUMBER', Launch: 'DUPLEX_LINK', Reviewer: 'LINK', Assignee: 'USER', Attachments: 'ATTACHMENT', 'Variance (h)': 'FORMULA', Created: 'CREATED_TIME', 'Modified by': 'MODIFIED_USER' });
    expect(t.fields?.edges?.[0].node?.isPrimary).toBe(true);
    expect(t.byName).toMatchObject({ type: 'DUPLEX_LINK', linkedTable: { tableId: LAUNCHES, name: 'Launches' } });
    const byId = await ok(TableFieldDocument, { appToken, tableId: TASKS, fieldId: t.byName?.fieldId });
    expect(byId.app?.table?.field?.name).toBe('Launch');
    expect(t.status?.options?.map((o) => o.name)).toEqual(['To do', 'In progress', 'Blocked', 'Done']);
    expect(t.views?.edges?.map((e) => [e.node?.name, e.node?.type])).toEqual([['All tasks', 'GRID'], ['Open tasks', 'GRID']]);
    expect(t.view).toMatchObject({ name: 'Open tasks', type: 'GRID' });
  });

  it('every field type becomes its typed cell', async () => {
    const d = await ok(CellTypesDocument, { appToken, launches: LAUNCHES, team: TEAM });
    const names = [d.app?.launches, d.app?.team].flatMap((t) => t?.records?.edges?.[0].node?.cells?.map((c) => c.__typename) ?? []);
    for (const type of ['TextCell', 'AutoNumberCell', 'SingleSelectCell', 'MultiSelectCell', 'DateTimeCell', 'UserCell', 'LinkCell', 'LookupCell', 'NumberCell', 'FormulaCell', 'CheckboxCell', 'GroupChatCell', 'UrlCell', 'LocationCell', 'AttachmentCell', 'CreatedTimeCell', 'ModifiedTimeCell', 'CreatedUserCell', 'ModifiedUserCell', 'PhoneCell']) {
      expect(names).toContain(type);
    }
  });

  it('typed cell values', async () => {
    const d = await ok(TeamMemberCellsDocument, { appToken, tableId: TEAM });
    const r = d.app!.table!.records!.edges![0].node!;
    expect(as(r.name, 'TextCell')?.text).toBe('Alice Chen');
    expect(as(r.title, 'SingleSelectCell')?.option?.name).toBe('Launch lead');
    expect(as(r.skills, 'MultiSelectCell')?.options?.map((o) => o.name)).toEqual(['Analytics', 'PR']);
    expect(as(r.person, 'UserCell')?.users?.[0]).toEqual({ openId: 'ou_f8e268529dbed0b638051597db41bf02', name: 'Alice Chen', email: 'alice.chen@example.com' });
    expect(as(r.phone, 'PhoneCell')?.phone).toBe('+8613800138000');
    expect(r.profile).toEqual({ text: 'alice.chen', link: 'https://people.example.com/alice' });
    expect(as(r.office, 'LocationCell')?.city).toBe('北京市');
    expect(as(r.chat, 'GroupChatCell')?.chats?.[0]).toEqual({ chatId: 'oc_f3611ffc526c29f5cc9b265980e96cb4', name: 'Launch War Room' });
    expect(as(r.capacity, 'NumberCell')?.number).toBe(40);
    expect(as(r.active, 'CheckboxCell')?.checked).toBe(true);
    expect(as(r.joined, 'DateTimeCell')?.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const avatar = as(r.avatar, 'AttachmentCell');
    expect(avatar?.attachments?.[0]).toMatchObject({ name: 'alice.png', mimeType: 'image/png' });
    expect(avatar?.attachments?.[0].temporaryUrl).toMatch(/^http/);
    expect(r.id).toEqual({ value: 'TM-001', text: 'TM-001' });
  });

  it('links resolve to records, users to users, record(recordId) through batch_get', async () => {
    const d = await ok(TaskLinksDocument, { appToken, tableId: TASKS });
    const r = d.app!.table!.records!.edges![0].node!;
    const launch = as(r.launch, 'LinkCell');
    const assignee = as(r.assignee, 'UserCell');
    expect(r.createdBy).toMatchObject({ name: 'Alice Chen', unionId: expect.stringMatching(/^on_/) });
    expect(launch?.linkedTable?.tableId).toBe(LAUNCHES);
    expect(launch?.records?.[0]).toEqual({ recordId: launch?.recordIds?.[0], table: { tableId: LAUNCHES }, cell: { text: 'Aurora Beta' } });
    expect(assignee?.users?.[0]).toMatchObject({ name: 'Eve Liu', unionId: expect.stringMatching(/^on_/) });
    const one = await ok(RecordWithCellsDocument, { appToken, tableId: TASKS, recordId: r.recordId! });
    expect((one.app?.table?.record?.fields as Fields).Task[0].text).toMatch(/Write launch blog post/);
  });

  it('node and nodes resolve every type from its global id; user(openId)', async () => {
    const d = await ok(GlobalIdsDocument, { appToken, tableId: ASSETS, fieldName: 'File', viewId: 'vewWmv6u4G' });
    const t = d.app!.table!;
    const rec = t.records!.edges![0].node!;
    const ids = [d.app!.id, t.id, t.field!.id, t.view!.id, rec.id, rec.createdBy!.id];
    const n = await ok(NodesDocument, { ids });
    expect(n.nodes.map((x) => x?.__typename)).toEqual(['App', 'Table', 'Field', 'View', 'Record', 'User']);
    expect(n.nodes.map((x) => x?.id)).toEqual(ids);
    expect(as(n.nodes[1], 'Table')?.name).toBe('Assets');
    expect(as(n.nodes[2], 'Field')?.name).toBe('File');
    expect(as(n.nodes[4], 'Record')?.recordId).toBe(rec.recordId);
    const one = await ok(RecordNodeDocument, { id: rec.id });
    expect((as(one.node, 'Record')?.fields as Fields | undefined)?.Asset).toBeDefined();
    const u = await ok(UserByOpenIdDocument, { openId: rec.createdBy!.openId! });
    expect(u.user?.name).toBeTruthy();
  });
});

describe('Bitable graph: connections', () => {
  const page = (first: number | undefined, after?: string | null) => ok(RecordsPageDocument, { appToken, tableId: TASKS, first, after });

  it('first defaults to 20; endCursor resumes after the page; a mid-page cursor after its edge', async () => {
    const all = (await page(60)).app!.table!.records!;
    expect(all.totalCount).toBe(240);
    const p1 = (await page(undefined)).app!.table!.records!;
    expect(p1.edges).toHaveLength(20);
    expect(p1.pageInfo?.hasNextPage).toBe(true);
    const p2 = (await page(20, p1.pageInfo?.endCursor)).app!.table!.records!;
    expect(p2.edges?.map((e) => e.node?.recordId)).toEqual(all.edges?.slice(20, 40).map((e) => e.node?.recordId));
    const mid = (await page(10, p2.edges?.[4].cursor)).app!.table!.records!;
    expect(mid.edges?.map((e) => e.node?.recordId)).toEqual(all.edges?.slice(25, 35).map((e) => e.node?.recordId));
  });

  it('one connection page is one upstream page (page_size = first)', async () => {
    await s.clearLog();
    await page(7);
    const calls = (await s.log()).filter((c) => c.path.endsWith('/records/search'));
    expect(calls).toHaveLength(1);
    expect(calls[0].query.page_size).toBe('7');
  });

  it('the last page says there is no next one', async () => {
    const d = await ok(TablesPageDocument, { appToken, first: 100 });
    expect(d.app?.tables?.pageInfo?.hasNextPage).toBe(false);
  });

  it('first over its cap is BAD_USER_INPUT naming the cap', async () => {
    for (const [request, cap] of [
      [() => run(RecordsCountDocument, { appToken, tableId: TASKS, first: 501 }), 500],
      [() => run(TablesPageDocument, { appToken, first: 101 }), 100],
      [() => run(FieldsCountDocument, { appToken, tableId: TASKS, first: 101 }), 100],
      [() => run(ViewsCountDocument, { appToken, tableId: TASKS, first: 101 }), 100],
    ] as const) {
      const r: GraphQLResult<unknown> = await request();
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
      expect(r.errors?.[0].message).toContain(String(cap));
    }
    const ok500 = await run(RecordsPageDocument, { appToken, tableId: TASKS, first: 500 });
    expect(ok500.data?.app?.table?.records?.edges).toHaveLength(240);
  });
});

describe('Bitable graph: filter, where, sort', () => {
  const records = (args: Omit<RecordsWithFieldsQueryVariables, 'appToken' | 'tableId'>) => run(RecordsWithFieldsDocument, { appToken, tableId: TASKS, ...args });

  it('filter (formula) uses the list endpoint; where uses search; they agree', async () => {
    await s.clearLog();
    const byFormula = await records({ filter: 'CurrentValue.[Status]="Done"' });
    const byWhere = await records({ where: { conjunction: 'AND', conditions: [{ field: 'Status', operator: 'IS', value: ['Done'] }] } });
    expect(byFormula.errors).toBeUndefined();
    expect(byWhere.errors).toBeUndefined();
    const paths = (await s.log()).map((c) => `${c.method} ${c.path.split('/').slice(-2).join('/')}`);
    expect(paths).toContain(`GET ${TASKS}/records`);
    expect(paths).toContain('POST records/search');
    const ids = (r: typeof byWhere) => (r.data?.app?.table?.records?.edges ?? []).map((e) => e.node?.recordId ?? '').sort();
    expect(ids(byFormula).length).toBeGreaterThan(0);
    expect(ids(byFormula)).toEqual(ids(byWhere));
    for (const e of byWhere.data?.app?.table?.records?.edges ?? []) expect((e.node?.fields as Fields).Status).toBe('Done');
  });

  it('where with OR and nested children, and sort', async () => {
    const r = await records({
      where: {
        conjunction: 'OR',
        conditions: [{ field: 'Priority', operator: 'IS', value: ['P0 - Critical'] }],
        children: [{ conjunction: 'AND', conditions: [{ field: 'Status', operator: 'IS', value: ['Blocked'] }, { field: 'Estimate (h)', operator: 'IS_GREATER', value: ['5'] }] }],
      },
      sort: [{ field: 'Estimate (h)', desc: true }],
    });
    expect(r.errors).toBeUndefined();
    const rows = (r.data?.app?.table?.records?.edges ?? []).map((e) => e.node?.fields as Fields);
    expect(rows.length).toBeGreaterThan(0);
    for (const f of rows) expect(f.Priority === 'P0 - Critical' || (f.Status === 'Blocked' && f['Estimate (h)'] > 5)).toBe(true);
    const est = rows.map((f) => f['Estimate (h)'] ?? 0);
    expect(est).toEqual([...est].sort((a: number, b: number) => b - a));
  });

  it('view records follow the view', async () => {
    const d = await ok(ViewRecordsDocument, { appToken, tableId: TASKS, viewId: 'vewiZ34xTR' });
    const rows = d.app?.table?.view?.records?.edges ?? [];
    expect(rows.length).toBeGreaterThan(0);
    for (const e of rows) expect((e.node?.fields as Fields).Status).not.toBe('Done');
  });
});

describe('Bitable graph: errors at the field that loads', () => {
  it('an unknown base is NOT_FOUND at its first loading field', async () => {
    const r = await run(AppNameDocument, { appToken: 'bascnNoSuchBase000000000000' });
    expect(r.data?.app).toEqual({ appToken: 'bascnNoSuchBase000000000000', name: null });
    expect(r.errors?.[0]).toMatchObject({ path: ['app', 'name'], extensions: { code: 'NOT_FOUND' } });
  });

  it('an unknown table, record or field is NOT_FOUND with a readable message', async () => {
    const table = await run(TableNameDocument, { appToken, tableId: 'tblNoSuchTable00' });
    expect(table.errors?.[0]).toMatchObject({ path: ['app', 'table', 'name'], extensions: { code: 'NOT_FOUND' } });
    expect(table.errors?.[0].message).toContain('tblNoSuchTable00');
    const records = await run(RecordsCountDocument, { appToken, tableId: 'tblNoSuchTable00' });
    expect(records.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const record = await run(RecordFieldsDocument, { appToken, tableId: TASKS, recordId: 'recNoSuchRecord' });
    expect(record.errors?.[0]).toMatchObject({ path: ['app', 'table', 'record', 'fields'], extensions: { code: 'NOT_FOUND' } });
    expect(record.errors?.[0].message).toContain('recNoSuchRecord');
    const field = await run(TableFieldDocument, { appToken, tableId: TASKS, name: 'No such field' });
    expect(field.errors?.[0]).toMatchObject({ path: ['app', 'table', 'field'], extensions: { code: 'NOT_FOUND' } });
    const cell = await run(RecordCellDocument, { appToken, tableId: TASKS, field: 'No such field' });
    expect(cell.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a malformed filter, filter with where, or a bad cursor is BAD_USER_INPUT', async () => {
    const bad = await run(RecordsCountDocument, { appToken, tableId: TASKS, filter: 'CurrentValue.[Status]=(' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const both = await run(RecordsCountDocument, { appToken, tableId: TASKS, filter: '1=1', where: { conjunction: 'AND', conditions: [] } });
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'where' });
    const cursor = await run(RecordsCountDocument, { appToken, tableId: TASKS, after: 'mid:garbage' });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'after' });
  });
});
