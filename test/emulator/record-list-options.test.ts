import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { PROJECTS, queryTable, ROW_COUNT, TODAY, type QueryTable, type Row } from '../helpers/queryTable.js';
import { shDay } from '../helpers/shanghaiDays.js';

/**
 * The options of `GET records` (seed A30) and `POST records/search` end to end: view_id (the
 * view's filter and hidden fields, ignored when the request filters or sorts), sort, field_names,
 * text_field_as_array, display_formula_ref, automatic_fields, paging and user_id_type.
 */
describe('record list and search options', () => {
  let t: TestEmulator;
  let q: QueryTable;
  const list = (query: Record<string, string>) => t.call('GET', `${q.b.path}/records`, { query: { page_size: '500', ...query } });
  const search = (body: unknown, query: Record<string, string> = {}) => t.call('POST', `${q.b.path}/records/search`, { query: { page_size: '500', ...query }, body });
  const ok = (res: { body: any }) => {
    if (res.body.code !== 0) throw new Error(JSON.stringify(res.body));
    return res.body.data;
  };
  const ids = (res: { body: any }) => ok(res).items.map((r: any) => r.record_id);
  const idsOf = (pred: (r: Row) => boolean) => q.rows.filter(pred).map((r) => r.id);
  const row = (id: string) => q.rows.find((r) => r.id === id)!;

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    q = await queryTable(t);
  });
  afterAll(() => t.close());

  /** A new grid view with this property (A20 shapes: conditions on field ids, values as JSON strings). */
  async function view(property: unknown): Promise<string> {
    const created = await t.sdk.bitable.appTableView.create({ path: q.b.sdkPath, data: { view_name: `v${Math.random().toString(36).slice(2, 8)}`, view_type: 'grid' } });
    const viewId = created.data!.view!.view_id!;
    const patched = await t.call('PATCH', `${q.b.path}/views/${viewId}`, { body: { property } });
    if (patched.body.code !== 0) throw new Error(JSON.stringify(patched.body));
    return viewId;
  }

  describe('view_id', () => {
    let viewId: string;
    const inView = (r: Row) => r.status === '进行中' && r.price !== undefined && r.price > 10;
    beforeAll(async () => {
      viewId = await view({
        filter_info: {
          conjunction: 'and',
          conditions: [
            { field_id: q.fieldIds['状态'], operator: 'is', value: '["进行中"]' },
            { field_id: q.fieldIds['价格'], operator: 'isGreater', value: '["10"]' },
          ],
        },
        hidden_fields: [q.fieldIds['价格'], q.fieldIds['电话']],
      });
    });

    it('applies the view filter and hides its hidden fields on list', async () => {
      // The view must choose: some rows in, some out (or the checks below would prove little).
      expect(idsOf(inView).length).toBeGreaterThan(0);
      expect(idsOf(inView).length).toBeLessThan(ROW_COUNT);
      const data = ok(await list({ view_id: viewId }));
      expect(data.items.map((r: any) => r.record_id)).toEqual(idsOf(inView));
      expect(data.total).toBe(idsOf(inView).length);
      for (const item of data.items) {
        expect(item.fields).not.toHaveProperty('价格');
        expect(item.fields).not.toHaveProperty('电话');
        expect(item.fields.状态).toBe('进行中');
      }
      // Visible fields still come back.
      expect(data.items.some((r: any) => '多行文本' in r.fields && '日期' in r.fields)).toBe(true);
    });

    it('returns a hidden field that field_names asks for, still within the view', async () => {
      const data = ok(await list({ view_id: viewId, field_names: '["价格","多行文本"]' }));
      expect(data.items.map((r: any) => r.record_id)).toEqual(idsOf(inView));
      for (const item of data.items) {
        expect(Object.keys(item.fields).every((k) => k === '价格' || k === '多行文本')).toBe(true);
        expect(item.fields.价格).toBe(String(row(item.record_id).price));
      }
    });

    it('ignores the view when filter or sort has a value (A30), and checks the view exists all the same', async () => {
      const filtered = ok(await list({ view_id: viewId, filter: 'CurrentValue.[状态]="未开始"' }));
      expect(filtered.items.map((r: any) => r.record_id)).toEqual(idsOf((r) => r.status === '未开始'));
      expect(filtered.items.some((r: any) => '价格' in r.fields)).toBe(true);

      const sorted = ok(await list({ view_id: viewId, sort: '["价格 DESC"]' }));
      expect(sorted.total).toBe(ROW_COUNT);
      expect(sorted.items.some((r: any) => '电话' in r.fields)).toBe(true);
      // An empty sort is no sort: the view applies.
      expect(ids(await list({ view_id: viewId, sort: '[]' }))).toEqual(idsOf(inView));

      expect((await list({ view_id: 'vewNoSuch', filter: 'CurrentValue.[价格] > 1' })).body.code).toBe(1254042);
    });

    it('applies the view on search; a body filter or sort makes search ignore it', async () => {
      const data = ok(await search({ view_id: viewId }));
      expect(data.items.map((r: any) => r.record_id)).toEqual(idsOf(inView));
      expect(data.items.every((r: any) => !('价格' in r.fields) && !('电话' in r.fields))).toBe(true);
      expect(ok(await search({ view_id: viewId, field_names: ['价格'] })).items.map((r: any) => r.fields.价格)).toEqual(q.rows.filter(inView).map((r) => r.price));

      const bodyFilter = { conjunction: 'and', conditions: [{ field_name: '状态', operator: 'is', value: ['已完成'] }] };
      const withFilter = ok(await search({ view_id: viewId, filter: bodyFilter }));
      expect(withFilter.items.map((r: any) => r.record_id)).toEqual(idsOf((r) => r.status === '已完成'));
      expect(withFilter.items.some((r: any) => '价格' in r.fields)).toBe(true);
      expect(ok(await search({ view_id: viewId, sort: [{ field_name: '多行文本' }] })).total).toBe(ROW_COUNT);
      // A filter without conditions narrows nothing and leaves the view in force.
      expect(ids(await search({ view_id: viewId, filter: { conjunction: 'and', conditions: [] } }))).toEqual(idsOf(inView));
      expect((await search({ view_id: 'vewNoSuch' })).body.code).toBe(1254042);

      const seen: string[] = [];
      for await (const page of await t.sdk.bitable.appTableRecord.searchWithIterator({ path: q.b.sdkPath, params: { page_size: 2 }, data: { view_id: viewId } })) {
        for (const r of page?.items ?? []) seen.push(r.record_id!);
      }
      expect(seen).toEqual(idsOf(inView));
    });

    it('reads or-conjunctions, option ids, empty checks and person ids in a view filter', async () => {
      const [u0] = q.users;
      const orView = await view({
        filter_info: {
          conjunction: 'or',
          conditions: [
            { field_id: q.fieldIds['状态'], operator: 'is', value: JSON.stringify([q.statusIds['未开始'], q.statusIds['已完成']]) },
            { field_id: q.fieldIds['多行文本'], operator: 'isEmpty' },
            { field_id: q.fieldIds['负责人'], operator: 'contains', value: JSON.stringify([u0.open_id]) },
          ],
        },
      });
      const want = idsOf((r) => r.status === '未开始' || r.status === '已完成' || r.text === undefined || (r.owners ?? []).includes(0));
      expect(want.length).toBeLessThan(ROW_COUNT);
      expect(ids(await list({ view_id: orView }))).toEqual(want);
      expect(ids(await search({ view_id: orView }))).toEqual(want);
    });

    it('leaves out view conditions search cannot apply (formula fields, values the type does not take)', async () => {
      const partial = await view({
        filter_info: {
          conjunction: 'and',
          conditions: [
            { field_id: q.fieldIds['双倍'], operator: 'is', value: '["2"]' },
            { field_id: q.fieldIds['日期'], operator: 'isGreaterEqual', value: '["Today"]' },
            { field_id: q.fieldIds['日期'], operator: 'is', value: '["Today"]' },
          ],
        },
      });
      const today = idsOf((r) => r.date !== undefined && shDay(r.date) === TODAY);
      expect(today.length).toBeGreaterThan(0);
      expect(ids(await list({ view_id: partial }))).toEqual(today);
    });

    it('shows every record and field for a view without filter or hidden fields', async () => {
      const views = await t.sdk.bitable.appTableView.list({ path: q.b.sdkPath });
      const plain = views.data!.items![0].view_id!;
      const data = ok(await list({ view_id: plain }));
      expect(data.total).toBe(ROW_COUNT);
      expect(data.items.some((r: any) => '价格' in r.fields)).toBe(true);
    });
  });

  describe('sort', () => {
    /** Ascending by `key`, empties last in either direction, ties in table order. */
    const sortedIds = (key: (r: Row) => number | undefined, desc = false) =>
      q.rows
        .map((r, i) => ({ r, i, k: key(r) }))
        .sort((a, b) => (a.k === undefined) !== (b.k === undefined) ? (a.k === undefined ? 1 : -1) : a.k === undefined || a.k === b.k ? a.i - b.i : desc ? b.k! - a.k! : a.k! - b.k!)
        .map((x) => x.r.id);

    it('sorts by numbers and dates either way, empty cells last, ties in table order', async () => {
      expect(ids(await list({ sort: '["价格"]' }))).toEqual(sortedIds((r) => r.price));
      expect(ids(await list({ sort: '["价格 DESC"]' }))).toEqual(sortedIds((r) => r.price, true));
      expect(ids(await list({ sort: '["日期 ASC"]' }))).toEqual(sortedIds((r) => r.date));
      expect(ids(await search({ sort: [{ field_name: '日期', desc: true }] }))).toEqual(sortedIds((r) => r.date, true));
    });

    it('sorts by several keys in turn', async () => {
      // 完成 first (checked = 1 before unchecked = 0 when descending), then 价格 ascending.
      const want = q.rows
        .map((r, i) => ({ r, i }))
        .sort((a, b) => {
          const da = a.r.done === true ? 1 : 0;
          const db = b.r.done === true ? 1 : 0;
          if (da !== db) return db - da;
          const [pa, pb] = [a.r.price, b.r.price];
          if ((pa === undefined) !== (pb === undefined)) return pa === undefined ? 1 : -1;
          return pa === undefined || pa === pb ? a.i - b.i : pa - pb!;
        })
        .map((x) => x.r.id);
      expect(ids(await list({ sort: '["完成 DESC","价格 ASC"]' }))).toEqual(want);
      expect(ids(await search({ sort: [{ field_name: '完成', desc: true }, { field_name: '价格' }] }))).toEqual(want);
      // Ascending, an unchecked box (0) comes before a checked one: it is a value, not an empty cell.
      const unchecked = q.rows.filter((r) => r.done !== true).map((r) => r.id);
      const checked = q.rows.filter((r) => r.done === true).map((r) => r.id);
      expect(ids(await list({ sort: '["完成"]' }))).toEqual([...unchecked, ...checked]);
    });

    it('sorts the filtered records only, and refuses unknown fields', async () => {
      const res = ok(await list({ filter: 'CurrentValue.[状态]="进行中"', sort: '["价格 DESC"]' }));
      const want = q.rows.filter((r) => r.status === '进行中').map((r, i) => ({ r, i })).sort((a, b) => ((a.r.price === undefined) !== (b.r.price === undefined) ? (a.r.price === undefined ? 1 : -1) : (b.r.price ?? 0) - (a.r.price ?? 0) || a.i - b.i));
      expect(res.items.map((r: any) => r.record_id)).toEqual(want.map((x) => x.r.id));
      expect((await list({ sort: '["nope DESC"]' })).body.code).toBe(1254045);
    });
  });

  describe('shapes', () => {
    it('field_names keeps only the named fields and leaves empty cells out', async () => {
      const data = ok(await list({ field_names: '["价格","状态"]' }));
      for (const item of data.items) {
        const r = row(item.record_id);
        const want: Record<string, unknown> = {};
        if (r.price !== undefined) want.价格 = String(r.price);
        if (r.status !== undefined) want.状态 = r.status;
        expect(item.fields).toEqual(want);
      }
      expect((await list({ field_names: '["价格", 1]' })).body.code).toBe(1254024);
      const searched = ok(await search({ field_names: ['状态'] }));
      expect(searched.items.every((r: any) => Object.keys(r.fields).every((k) => k === '状态'))).toBe(true);
    });

    it('text_field_as_array shows text as segments on list; search always does', async () => {
      const first = q.rows.find((r) => r.text !== undefined)!;
      const find = (data: any) => data.items.find((r: any) => r.record_id === first.id).fields.多行文本;
      expect(find(ok(await list({ field_names: '["多行文本"]' })))).toBe(first.text);
      expect(find(ok(await list({ field_names: '["多行文本"]', text_field_as_array: 'true' })))).toEqual([{ type: 'text', text: first.text }]);
      expect(find(ok(await list({ field_names: '["多行文本"]', text_field_as_array: 'false' })))).toBe(first.text);
      expect(find(ok(await search({ field_names: ['多行文本'] })))).toEqual([{ type: 'text', text: first.text }]);
    });

    it('display_formula_ref shows formula and lookup cells in the referenced field’s shape', async () => {
      const r = q.rows.find((x) => x.price !== undefined && x.projects?.length === 1)!;
      const cells = async (query: Record<string, string>) => ok(await list({ ...query, field_names: '["双倍","项目名"]' })).items.find((x: any) => x.record_id === r.id).fields;
      const name = PROJECTS[r.projects![0]];
      expect(await cells({})).toEqual({ 双倍: { type: 2, value: [r.price! * 2] }, 项目名: { type: 1, value: [{ type: 'text', text: name }] } });
      const ref = await cells({ display_formula_ref: 'true' });
      expect(ref.双倍).toBe(r.price! * 2);
      expect(ref.项目名).toEqual([{ type: 'text', text: name }]);
    });

    it('automatic_fields adds who and when, in the asked user_id_type; person cells follow it too', async () => {
      const without = ok(await list({ page_size: '1' })).items[0];
      for (const k of ['created_by', 'created_time', 'last_modified_by', 'last_modified_time']) expect(without).not.toHaveProperty(k);

      for (const idType of ['open_id', 'union_id', 'user_id'] as const) {
        const listed = ok(await list({ automatic_fields: 'true', user_id_type: idType }));
        const searched = ok(await search({ automatic_fields: true }, { user_id_type: idType }));
        for (const items of [listed.items, searched.items]) {
          expect(items).toHaveLength(ROW_COUNT);
          for (const item of items) {
            const r = row(item.record_id);
            const creator = q.users[r.creator];
            expect(item.created_by).toMatchObject({ id: creator[idType], name: creator.name });
            expect(item.last_modified_by.id).toBe(creator[idType]);
            expect(item.created_time).toBe(t.emu.rt.now());
            expect(item.fields.创建人).toEqual([expect.objectContaining({ id: creator[idType], name: creator.name })]);
            expect(item.fields.负责人?.map((p: any) => p.id)).toEqual(r.owners?.map((u) => q.users[u][idType]));
          }
        }
      }
      expect((await list({ user_id_type: 'email' })).status).toBe(400);
    });
  });

  describe('paging', () => {
    it('walks list pages with page_token, has_more and total, over a filter', async () => {
      const want = idsOf((r) => r.price !== undefined);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      for (;;) {
        const data = ok(await list({ filter: 'NOT(CurrentValue.[价格]="")', page_size: '7', ...(token ? { page_token: token } : {}) }));
        pages++;
        expect(data.total).toBe(want.length);
        seen.push(...data.items.map((r: any) => r.record_id));
        if (!data.has_more) break;
        expect(data.items).toHaveLength(7);
        expect(data.page_token).toEqual(expect.any(String));
        token = data.page_token;
      }
      expect(seen).toEqual(want);
      expect(pages).toBe(Math.ceil(want.length / 7));
      expect((await list({ page_token: 'not-a-token' })).status).toBe(400);
    });

    it('gives search a page_token only while has_more', async () => {
      const first = ok(await search({}, { page_size: '30' }));
      expect(first).toMatchObject({ has_more: true, total: ROW_COUNT });
      const second = ok(await search({}, { page_size: '30', page_token: first.page_token }));
      expect(second.has_more).toBe(false);
      expect(second).not.toHaveProperty('page_token');
      expect([...first.items, ...second.items].map((r: any) => r.record_id)).toEqual(q.rows.map((r) => r.id));
    });
  });
});
