import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { atLocal, PROJECTS, queryTable, ROW_COUNT, TODAY, USERS, ymd, type QueryTable, type Row } from '../helpers/queryTable.js';
import { dayNo, isoWeekday, shDay } from '../helpers/shanghaiDays.js';

/**
 * The two query languages over HTTP: every construct of seed A04 on `GET records?filter=` and
 * every operator of the search filter on `POST records/search`, each compared with the same
 * predicate computed here over the rows the test wrote.
 */

type Pred = (r: Row) => boolean;

const day = (r: Row) => (r.date === undefined ? undefined : shDay(r.date));
const names = (r: Row) => (r.owners ?? []).map((u) => USERS[u]);
const projectNames = (r: Row) => (r.projects ?? []).map((p) => PROJECTS[p]);
/** `=` on a multi-valued cell: the whole display text or any one part (filter/formula.ts). */
const multiEquals = (parts: string[], v: string) => parts.includes(v) || (parts.length > 0 && parts.join(',') === v);
const textContains = (s: string | undefined, v: string) => s !== undefined && s.toLowerCase().includes(v.toLowerCase());
const dayIn = (r: Row, from: number, to: number) => day(r) !== undefined && from <= day(r)! && day(r)! <= to;

const { year: Y, month: M } = ymd(TODAY);
const MONDAY = TODAY - (isoWeekday(TODAY) - 1);

/** Seed A04's formulas (and its field table), with what each must select. */
const FORMULA_CASES: [string, Pred][] = [
  // 常用筛选公式
  ['CurrentValue.[多行文本] =""', (r) => r.text === undefined],
  ['NOT(CurrentValue.[多行文本] ="")', (r) => r.text !== undefined],
  ['CurrentValue.[多行文本] = "003"', (r) => r.text === '003'],
  ['CurrentValue.[多行文本] = "ORD-010"', (r) => r.text === 'ORD-010'],
  ['CurrentValue.[多行文本] != "ORD-010"', (r) => r.text !== 'ORD-010'],
  ['CurrentValue.[价格] >= 10.5', (r) => r.price !== undefined && r.price >= 10.5],
  ['CurrentValue.[价格] > 10.5', (r) => r.price !== undefined && r.price > 10.5],
  ['CurrentValue.[价格] < 20', (r) => r.price !== undefined && r.price < 20],
  ['CurrentValue.[价格] <= 10.5', (r) => r.price !== undefined && r.price <= 10.5],
  ['CurrentValue.[价格] = 10.5', (r) => r.price === 10.5],
  ['CurrentValue.[价格] != 10.5', (r) => r.price !== 10.5],
  ['CurrentValue.[价格] = "10.50"', (r) => r.price === 10.5],
  ['CurrentValue.[多行文本] <= "ORD-010"', (r) => r.text !== undefined && r.text <= 'ORD-010'],
  ['CurrentValue.[多行文本] > "ORD-030"', (r) => r.text !== undefined && r.text > 'ORD-030'],
  ['CurrentValue.[多行文本].contains("003")', (r) => textContains(r.text, '003')],
  ['CurrentValue.[多行文本].contains("ord-01")', (r) => textContains(r.text, 'ord-01')],
  ['NOT(CurrentValue.[多行文本].contains("ord-0"))', (r) => !textContains(r.text, 'ord-0')],
  // AND / OR / NOT, && and ||
  ['AND(CurrentValue.[价格] > 10, CurrentValue.[状态] = "进行中")', (r) => r.price !== undefined && r.price > 10 && r.status === '进行中'],
  ['CurrentValue.[价格] > 10&&CurrentValue.[状态] = "进行中"', (r) => r.price !== undefined && r.price > 10 && r.status === '进行中'],
  ['OR(CurrentValue.[多行文本].contains("004"),CurrentValue.[多行文本].contains("009"))', (r) => textContains(r.text, '004') || textContains(r.text, '009')],
  ['CurrentValue.[完成] = 1 || CurrentValue.[价格] < 5', (r) => r.done === true || (r.price !== undefined && r.price < 5)],
  ['NOT(OR(CurrentValue.[状态] = "未开始", CurrentValue.[状态] = ""))', (r) => r.status !== undefined && r.status !== '未开始'],
  ['AND(CurrentValue.[多行文本].contains("01"),CurrentValue.[日期]= TODAY())', (r) => textContains(r.text, '01') && day(r) === TODAY],
  // 常用的日期表达式
  ['CurrentValue.[日期] = TODAY()', (r) => day(r) === TODAY],
  ['CurrentValue.[日期] = TODAY()-1', (r) => day(r) === TODAY - 1],
  ['CurrentValue.[日期] = TODAY()+1', (r) => day(r) === TODAY + 1],
  ['AND(TODAY()-(WEEKDAY(TODAY(),2)-1)<=CurrentValue.[日期], CurrentValue.[日期]<=TODAY()+(7-WEEKDAY(TODAY(),2)))', (r) => dayIn(r, MONDAY, MONDAY + 6)],
  ['AND(DATE(YEAR(TODAY()),MONTH(TODAY()),1)<=CurrentValue.[日期], CurrentValue.[日期]<=DATE(YEAR(TODAY()),MONTH(TODAY())+1,0))', (r) => dayIn(r, dayNo(Y, M, 1), dayNo(Y, M + 1, 0))],
  ['today()-7+1 <= CurrentValue.[日期]&&CurrentValue.[日期] <= today()', (r) => dayIn(r, TODAY - 6, TODAY)],
  ['today()<= CurrentValue.[日期]&&CurrentValue.[日期] <= today()+7-1', (r) => dayIn(r, TODAY, TODAY + 6)],
  ['CurrentValue.[日期] > TODATE("2021-06-01")&&CurrentValue.[日期] < TODATE("2021-06-31")', (r) => day(r) !== undefined && day(r)! > dayNo(2021, 6, 1) && day(r)! < dayNo(2021, 7, 1)],
  ['YEAR(CurrentValue.[日期]) = 2021', (r) => day(r) !== undefined && ymd(day(r)!).year === 2021],
  ['MONTH(CurrentValue.[日期]) = MONTH(TODAY())', (r) => day(r) !== undefined && ymd(day(r)!).month === M],
  ['WEEKDAY(CurrentValue.[日期], 2) >= 6', (r) => day(r) !== undefined && isoWeekday(day(r)!) >= 6],
  ['WEEKDAY(CurrentValue.[日期]) = 1', (r) => day(r) !== undefined && isoWeekday(day(r)!) === 7],
  ['CurrentValue.[日期] - TODAY() > 10', (r) => day(r) !== undefined && day(r)! - TODAY > 10],
  ['CurrentValue.[日期] >= TODAY() - 3', (r) => day(r) !== undefined && day(r)! >= TODAY - 3],
  ['CurrentValue.[日期] < DATE(2021, 6, 30)', (r) => day(r) !== undefined && day(r)! < dayNo(2021, 6, 30)],
  // 字段筛选示例
  ['CurrentValue.[状态]="进行中"', (r) => r.status === '进行中'],
  ['CurrentValue.[标签]="红"', (r) => (r.tags ?? []).includes('红')],
  ['CurrentValue.[负责人]="袁志伟"', (r) => multiEquals(names(r), '袁志伟')],
  ['CurrentValue.[负责人].contains("han")', (r) => names(r).some((n) => textContains(n, 'han'))],
  ['CurrentValue.[电话]="+8613800000005"', (r) => r.phone === '+8613800000005'],
  ['CurrentValue.[完成]=1', (r) => r.done === true],
  ['CurrentValue.[完成]=0', (r) => r.done !== true],
  ['CurrentValue.[链接]="site2"', (r) => r.url?.text === 'site2'],
  ['CurrentValue.[项目]="Alpha"', (r) => multiEquals(projectNames(r), 'Alpha')],
  ['CurrentValue.[项目]="Alpha,Beta"', (r) => projectNames(r).join(',') === 'Alpha,Beta'],
  ['CurrentValue.[项目名]="Beta"', (r) => multiEquals(projectNames(r), 'Beta')],
  ['CurrentValue.[项目名].contains("two")', (r) => projectNames(r).some((n) => textContains(n, 'two'))],
  ['CurrentValue.[双倍] > 50', (r) => r.price !== undefined && r.price * 2 > 50],
  ['CurrentValue.[创建人]="李雷"', (r) => r.creator === 1],
  ['CurrentValue.[创建时间] = TODAY()', () => true],
  ['CurrentValue.[创建时间] > TODAY()', () => false],
];

/** Search filters per field type (record-filter-guide), with what each must select. */
function searchCases(q: QueryTable): [string, unknown, Pred][] {
  const [u0, u1] = q.users;
  const exact = atLocal(TODAY - 7, 23, 59);
  const single = (field_name: string, operator: string, value: string[] = []) => ({ conjunction: 'and', conditions: [{ field_name, operator, value }] });
  const tags = (r: Row) => r.tags ?? [];
  const owners = (r: Row) => (r.owners ?? []).map((u) => q.users[u].open_id);
  const links = (r: Row) => (r.projects ?? []).map((p) => q.projectIds[p]);
  return [
    // Text: is exact, contains ignores case, ordering by code point, empties only match isEmpty / isNot / doesNotContain.
    ['text is', single('多行文本', 'is', ['ORD-010']), (r) => r.text === 'ORD-010'],
    ['text isNot', single('多行文本', 'isNot', ['ORD-010']), (r) => r.text !== 'ORD-010'],
    ['text contains', single('多行文本', 'contains', ['ord-00']), (r) => textContains(r.text, 'ord-00')],
    ['text doesNotContain', single('多行文本', 'doesNotContain', ['ORD']), (r) => !textContains(r.text, 'ORD')],
    ['text isEmpty', single('多行文本', 'isEmpty'), (r) => r.text === undefined],
    ['text isNotEmpty', single('多行文本', 'isNotEmpty'), (r) => r.text !== undefined],
    ['text isGreater', single('多行文本', 'isGreater', ['ORD-020']), (r) => r.text !== undefined && r.text > 'ORD-020'],
    ['text isGreaterEqual', single('多行文本', 'isGreaterEqual', ['ORD-020']), (r) => r.text !== undefined && r.text >= 'ORD-020'],
    ['text isLess', single('多行文本', 'isLess', ['ORD-020']), (r) => r.text !== undefined && r.text < 'ORD-020'],
    ['text isLessEqual', single('多行文本', 'isLessEqual', ['ORD-020']), (r) => r.text !== undefined && r.text <= 'ORD-020'],
    // Numbers compare numerically.
    ['number is', single('价格', 'is', ['10.5']), (r) => r.price === 10.5],
    ['number isNot', single('价格', 'isNot', ['10.5']), (r) => r.price !== 10.5],
    ['number isGreater', single('价格', 'isGreater', ['25']), (r) => r.price !== undefined && r.price > 25],
    ['number isGreaterEqual', single('价格', 'isGreaterEqual', ['25.5']), (r) => r.price !== undefined && r.price >= 25.5],
    ['number isLess', single('价格', 'isLess', ['9']), (r) => r.price !== undefined && r.price < 9],
    ['number isLessEqual', single('价格', 'isLessEqual', ['9.0']), (r) => r.price !== undefined && r.price <= 9],
    ['number isEmpty', single('价格', 'isEmpty'), (r) => r.price === undefined],
    // Selects by option name: is = exactly that one, contains = any of.
    ['single select is', single('状态', 'is', ['进行中']), (r) => r.status === '进行中'],
    ['single select is (option id)', single('状态', 'is', [q.statusIds['进行中']]), (r) => r.status === '进行中'],
    ['single select isNot', single('状态', 'isNot', ['进行中']), (r) => r.status !== '进行中'],
    ['single select contains', single('状态', 'contains', ['进行中', '已完成']), (r) => r.status === '进行中' || r.status === '已完成'],
    ['single select doesNotContain', single('状态', 'doesNotContain', ['未开始']), (r) => r.status !== '未开始'],
    ['single select isEmpty', single('状态', 'isEmpty'), (r) => r.status === undefined],
    ['multi select is', single('标签', 'is', ['红']), (r) => tags(r).length === 1 && tags(r)[0] === '红'],
    ['multi select isNot', single('标签', 'isNot', ['红']), (r) => !(tags(r).length === 1 && tags(r)[0] === '红')],
    ['multi select contains', single('标签', 'contains', ['红', '蓝']), (r) => tags(r).includes('红') || tags(r).includes('蓝')],
    ['multi select doesNotContain', single('标签', 'doesNotContain', ['绿']), (r) => !tags(r).includes('绿')],
    ['multi select isNotEmpty', single('标签', 'isNotEmpty'), (r) => tags(r).length > 0],
    // Persons and links by id.
    ['person is', single('负责人', 'is', [u0.open_id]), (r) => owners(r).length === 1 && owners(r)[0] === u0.open_id],
    ['person contains', single('负责人', 'contains', [u1.open_id]), (r) => owners(r).includes(u1.open_id)],
    ['person doesNotContain', single('负责人', 'doesNotContain', [u0.open_id]), (r) => !owners(r).includes(u0.open_id)],
    ['person isEmpty', single('负责人', 'isEmpty'), (r) => owners(r).length === 0],
    ['link is', single('项目', 'is', [q.projectIds[2]]), (r) => links(r).length === 1 && links(r)[0] === q.projectIds[2]],
    ['link contains', single('项目', 'contains', [q.projectIds[0], q.projectIds[3]]), (r) => links(r).includes(q.projectIds[0]) || links(r).includes(q.projectIds[3])],
    ['link isEmpty', single('项目', 'isEmpty'), (r) => links(r).length === 0],
    ['created by is', single('创建人', 'is', [u1.open_id]), (r) => r.creator === 1],
    // Checkbox: ["true"] / ["false"], an unset box is unchecked.
    ['checkbox is true', single('完成', 'is', ['true']), (r) => r.done === true],
    ['checkbox is false', single('完成', 'is', ['false']), (r) => r.done !== true],
    // Text-like fields.
    ['phone contains', single('电话', 'contains', ['0001']), (r) => textContains(r.phone, '0001')],
    ['url is', single('链接', 'is', ['site3']), (r) => r.url?.text === 'site3'],
    // Dates by day in the base's zone.
    ['date is Today', single('日期', 'is', ['Today']), (r) => day(r) === TODAY],
    ['date is Tomorrow', single('日期', 'is', ['Tomorrow']), (r) => day(r) === TODAY + 1],
    ['date is Yesterday', single('日期', 'is', ['Yesterday']), (r) => day(r) === TODAY - 1],
    ['date is ExactDate', single('日期', 'is', ['ExactDate', String(exact)]), (r) => day(r) === shDay(exact)],
    ['date isGreater ExactDate', single('日期', 'isGreater', ['ExactDate', String(exact)]), (r) => day(r) !== undefined && day(r)! > shDay(exact)],
    ['date isLess Today', single('日期', 'isLess', ['Today']), (r) => day(r) !== undefined && day(r)! < TODAY],
    ['date isGreater Tomorrow', single('日期', 'isGreater', ['Tomorrow']), (r) => day(r) !== undefined && day(r)! > TODAY + 1],
    ['date is CurrentWeek', single('日期', 'is', ['CurrentWeek']), (r) => dayIn(r, MONDAY, MONDAY + 6)],
    ['date is LastWeek', single('日期', 'is', ['LastWeek']), (r) => dayIn(r, MONDAY - 7, MONDAY - 1)],
    ['date is CurrentMonth', single('日期', 'is', ['CurrentMonth']), (r) => dayIn(r, dayNo(Y, M, 1), dayNo(Y, M + 1, 0))],
    ['date is LastMonth', single('日期', 'is', ['LastMonth']), (r) => dayIn(r, dayNo(Y, M - 1, 1), dayNo(Y, M, 0))],
    ['date is TheLastWeek', single('日期', 'is', ['TheLastWeek']), (r) => dayIn(r, TODAY - 6, TODAY)],
    ['date is TheNextWeek', single('日期', 'is', ['TheNextWeek']), (r) => dayIn(r, TODAY, TODAY + 6)],
    ['date is TheLastMonth', single('日期', 'is', ['TheLastMonth']), (r) => dayIn(r, TODAY - 29, TODAY)],
    ['date is TheNextMonth', single('日期', 'is', ['TheNextMonth']), (r) => dayIn(r, TODAY, TODAY + 29)],
    ['date isEmpty', single('日期', 'isEmpty'), (r) => r.date === undefined],
    ['date isNotEmpty', single('日期', 'isNotEmpty'), (r) => r.date !== undefined],
    ['created time is Today', single('创建时间', 'is', ['Today']), () => true],
    // Conjunctions and one level of children.
    [
      'or of conditions',
      { conjunction: 'or', conditions: [{ field_name: '状态', operator: 'is', value: ['未开始'] }, { field_name: '价格', operator: 'isGreater', value: ['40'] }] },
      (r) => r.status === '未开始' || (r.price !== undefined && r.price > 40),
    ],
    [
      'and with or-children',
      {
        conjunction: 'and',
        conditions: [{ field_name: '完成', operator: 'is', value: ['false'] }],
        children: [
          { conjunction: 'or', conditions: [{ field_name: '标签', operator: 'contains', value: ['红'] }, { field_name: '多行文本', operator: 'isEmpty', value: [] }] },
          { conjunction: 'and', conditions: [{ field_name: '日期', operator: 'isNotEmpty', value: [] }] },
        ],
      },
      (r) => r.done !== true && ((r.tags ?? []).includes('红') || r.text === undefined) && r.date !== undefined,
    ],
    [
      'or of and-children',
      {
        conjunction: 'or',
        children: [
          { conjunction: 'and', conditions: [{ field_name: '状态', operator: 'is', value: ['已完成'] }, { field_name: '价格', operator: 'isLess', value: ['20'] }] },
          { conjunction: 'and', conditions: [{ field_name: '负责人', operator: 'contains', value: [u0.open_id] }, { field_name: '日期', operator: 'is', value: ['CurrentWeek'] }] },
        ],
      },
      (r) => (r.status === '已完成' && r.price !== undefined && r.price < 20) || (owners(r).includes(u0.open_id) && dayIn(r, MONDAY, MONDAY + 6)),
    ],
  ];
}

describe('record queries over HTTP', () => {
  let t: TestEmulator;
  let q: QueryTable;
  const expected = (pred: Pred) => q.rows.filter(pred).map((r) => r.id);
  const list = (query: Record<string, string>) => t.call('GET', `${q.b.path}/records`, { query: { page_size: '500', ...query } });
  const search = (body: unknown, query: Record<string, string> = {}) => t.call('POST', `${q.b.path}/records/search`, { query: { page_size: '500', ...query }, body });
  const ids = (res: { body: any }) => {
    if (res.body.code !== 0) throw new Error(JSON.stringify(res.body));
    return res.body.data.items.map((r: any) => r.record_id);
  };

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    q = await queryTable(t);
  });
  afterAll(() => t.close());

  it('builds a table whose rows cover every case both ways', () => {
    expect(q.rows).toHaveLength(ROW_COUNT);
    // Each formula and search case must select some rows and leave out others, or it proves little;
    // the cases below that select all or none say so on purpose.
    const trivial = new Set(['CurrentValue.[创建时间] = TODAY()', 'CurrentValue.[创建时间] > TODAY()', 'created time is Today']);
    for (const [filter, pred] of FORMULA_CASES) {
      if (trivial.has(filter)) continue;
      const n = expected(pred).length;
      expect([filter, n > 0 && n < ROW_COUNT]).toEqual([filter, true]);
    }
    for (const [name, , pred] of searchCases(q)) {
      if (trivial.has(name)) continue;
      const n = expected(pred).length;
      expect([name, n > 0 && n < ROW_COUNT]).toEqual([name, true]);
    }
  });

  describe('GET records?filter= (seed A04)', () => {
    it.each(FORMULA_CASES)('%s', async (filter, pred) => {
      expect(ids(await list({ filter }))).toEqual(expected(pred));
    });

    it('takes the filter through the SDK and its iterator', async () => {
      const filter = 'OR(CurrentValue.[状态]="已完成", CurrentValue.[价格] >= 40)';
      const want = expected((r) => r.status === '已完成' || (r.price !== undefined && r.price >= 40));
      const res = await t.sdk.bitable.appTableRecord.list({ path: q.b.sdkPath, params: { filter, page_size: 500 } });
      expect(res.data!.items!.map((r) => r.record_id)).toEqual(want);
      expect(res.data!.total).toBe(want.length);
      const seen: string[] = [];
      for await (const page of await t.sdk.bitable.appTableRecord.listWithIterator({ path: q.b.sdkPath, params: { filter, page_size: 3 } })) {
        for (const r of page?.items ?? []) seen.push(r.record_id!);
      }
      expect(seen).toEqual(want);
    });

    it('answers malformed filters with 1254018', async () => {
      for (const filter of [
        'CurrentValue.[价格] >',
        'currentValue.[价格] = 1',
        'AND(CurrentValue.[价格] > 1',
        'CurrentValue.[nope] = 1',
        'CurrentValue.[多行文本] = "unterminated',
        'CurrentValue.[价格] === 1',
        'NOSUCH(CurrentValue.[价格])',
        'CurrentValue.[价格] = 1)',
      ]) {
        const res = await list({ filter });
        expect([filter, res.status, res.body.code]).toEqual([filter, 200, 1254018]);
      }
    });

    it('needs "+" sent as %2B, as seed A04 warns: a bare "+" arrives as a space', async () => {
      const raw = async (query: string) => {
        const res = await fetch(`${t.url}${q.b.path}/records?page_size=500&${query}`, { headers: { authorization: `Bearer ${await t.tenantToken()}` } });
        return (await res.json()) as any;
      };
      const tomorrow = expected((r) => day(r) === TODAY + 1);
      expect((await raw('filter=CurrentValue.[日期]%20%3D%20TODAY()%2B1')).data.items.map((r: any) => r.record_id)).toEqual(tomorrow);
      expect((await raw('filter=CurrentValue.[日期]%20%3D%20TODAY()+1')).code).toBe(1254018);
    });

    it('takes a filter of 2,000 characters and refuses 2,001 (1254107); a sort of 1,000 and not 1,001 (1254108)', async () => {
      const base = 'CurrentValue.[多行文本] = "';
      const filterOf = (n: number) => `${base}${'x'.repeat(n - base.length - 1)}"`;
      expect(filterOf(2000)).toHaveLength(2000);
      expect((await list({ filter: filterOf(2000) })).body).toMatchObject({ code: 0, data: { total: 0 } });
      expect((await list({ filter: filterOf(2001) })).body.code).toBe(1254107);
      const sortOf = (n: number) => `["价格 DESC"${' '.repeat(n - 11)}]`;
      expect(sortOf(1000)).toHaveLength(1000);
      expect((await list({ sort: sortOf(1000) })).body.code).toBe(0);
      expect((await list({ sort: sortOf(1001) })).body.code).toBe(1254108);
    });
  });

  describe('POST records/search', () => {
    // The case names are known before the table exists; the ids in the filters are filled in once it does.
    const names = searchCases({ users: [{}, {}], projectIds: [], statusIds: {} } as unknown as QueryTable).map(([name]) => name);
    it.each(names)('%s', async (name) => {
      const [, filter, pred] = searchCases(q).find(([n]) => n === name)!;
      expect(ids(await search({ filter }))).toEqual(expected(pred));
    });

    it('walks a filtered, sorted search with the SDK iterator and reads the hits back with batch_get', async () => {
      const filter = { conjunction: 'and' as const, conditions: [{ field_name: '价格', operator: 'isGreaterEqual' as const, value: ['10'] }] };
      const want = q.rows.filter((r) => r.price !== undefined && r.price >= 10).sort((a, b) => b.price! - a.price!);
      const seen: { id: string; price: number }[] = [];
      for await (const page of await t.sdk.bitable.appTableRecord.searchWithIterator({ path: q.b.sdkPath, params: { page_size: 4 }, data: { filter, sort: [{ field_name: '价格', desc: true }], field_names: ['价格'] } })) {
        for (const r of page?.items ?? []) seen.push({ id: r.record_id!, price: r.fields.价格 as number });
      }
      expect(seen.map((s) => s.price)).toEqual(want.map((r) => r.price));
      expect(new Set(seen.map((s) => s.id))).toEqual(new Set(want.map((r) => r.id)));

      const some = seen.slice(0, 5).map((s) => s.id);
      const got = await t.sdk.bitable.appTableRecord.batchGet({ path: q.b.sdkPath, data: { record_ids: some, user_id_type: 'user_id' } });
      expect(got.data!.records!.map((r) => r.record_id)).toEqual(some);
      for (const rec of got.data!.records!) {
        const row = q.rows.find((r) => r.id === rec.record_id)!;
        expect(rec.fields.价格).toBe(row.price);
        expect(rec.fields.多行文本).toEqual(row.text === undefined ? undefined : [{ type: 'text', text: row.text }]);
        expect((rec.fields.负责人 as { id: string }[] | undefined)?.map((p) => p.id)).toEqual(row.owners?.map((u) => q.users[u].user_id));
      }
    });

    it('refuses what the guide forbids with 1254018, unknown fields with 1254045', async () => {
      const bad: unknown[] = [
        { conditions: [{ field_name: '价格', operator: 'is', value: ['1'] }] },
        { conjunction: 'xor', conditions: [] },
        { conjunction: 'and', conditions: [{ field_name: '价格', operator: 'like', value: ['1'] }] },
        { conjunction: 'and', conditions: [{ field_name: '价格', operator: 'is' }] },
        { conjunction: 'and', conditions: [{ field_name: '价格', operator: 'is', value: ['abc'] }] },
        { conjunction: 'and', conditions: [{ field_name: '日期', operator: 'isGreaterEqual', value: ['Today'] }] },
        { conjunction: 'and', conditions: [{ field_name: '日期', operator: 'isGreater', value: ['CurrentWeek'] }] },
        { conjunction: 'and', conditions: [{ field_name: '日期', operator: 'is', value: ['ExactDate', 'soon'] }] },
        { conjunction: 'and', conditions: [{ field_name: '完成', operator: 'contains', value: ['true'] }] },
        { conjunction: 'and', conditions: [{ field_name: '状态', operator: 'isGreater', value: ['进行中'] }] },
        { conjunction: 'and', conditions: [{ field_name: '双倍', operator: 'is', value: ['2'] }] },
        { conjunction: 'and', conditions: [{ field_name: '多行文本', operator: 'isEmpty', value: ['x'] }] },
        { conjunction: 'and', children: [{ conjunction: 'or', conditions: [], children: [{ conjunction: 'and', conditions: [] }] }] },
      ];
      for (const filter of bad) {
        const res = await search({ filter });
        expect([filter, res.body.code]).toEqual([filter, 1254018]);
      }
      expect((await search({ filter: { conjunction: 'and', conditions: [{ field_name: 'nope', operator: 'isEmpty', value: [] }] } })).body.code).toBe(1254045);
    });

    it('answers through the SDK with the same ids as a raw call', async () => {
      const filter = { conjunction: 'and' as const, conditions: [{ field_name: '状态', operator: 'is' as const, value: ['进行中'] }] };
      const res = await t.sdk.bitable.appTableRecord.search({ path: q.b.sdkPath, params: { page_size: 500 }, data: { filter } });
      expect(res.data!.items!.map((r) => r.record_id)).toEqual(expected((r) => r.status === '进行中'));
    });
  });
});
