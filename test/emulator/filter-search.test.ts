import { describe, expect, it } from 'vitest';
import type { CellLookup, FilterCell, FilterContext } from '../../src/emulator/bitable/filter/cell.js';
import {
  matchesSearchFilter,
  searchDateSpan,
  validateSearchFilter,
  type SearchOperator,
} from '../../src/emulator/bitable/filter/search.js';
import { expectApiError } from '../helpers/apiError.js';
import { dayEdges, dayNo, sh, shDay, wednesdayShanghai } from '../helpers/shanghaiDays.js';

const ctx = wednesdayShanghai;
const T = dayNo(2024, 3, 13);

interface Row {
  id: string;
  职位?: string;
  销售额?: number;
  状态?: string;
  标签?: string[];
  日期?: number;
  完成: boolean;
  负责人?: string[];
  附件?: string[];
  关联?: string[];
  群组?: string[];
  创建时间: number;
  创建人: string;
  自动编号: string;
}

// The guide's 员工销售额 example table, widened with one column per field type and some empties.
const rows: Row[] = [
  { id: '张小一', 职位: '初级销售员', 销售额: 10000, 状态: 'A', 标签: ['x', 'y'], 日期: sh(2024, 3, 13, 0, 5), 完成: true, 负责人: ['ou_1'], 附件: ['f1'], 关联: ['rec1'], 群组: ['oc_1'], 创建时间: sh(2024, 3, 13, 0, 1), 创建人: 'ou_1', 自动编号: '1' },
  { id: '张小二', 职位: '初级销售员', 销售额: 15000, 状态: 'B', 标签: ['y'], 日期: sh(2024, 3, 12, 23, 55), 完成: false, 负责人: ['ou_1', 'ou_2'], 附件: [], 关联: ['rec1', 'rec2'], 群组: [], 创建时间: sh(2024, 3, 12, 23, 0), 创建人: 'ou_2', 自动编号: '2' },
  { id: '张小三', 职位: '初级销售员', 销售额: 20000, 状态: 'A', 标签: ['x'], 日期: sh(2024, 3, 14), 完成: true, 负责人: ['ou_2'], 关联: ['rec2'], 群组: ['oc_1', 'oc_2'], 创建时间: sh(2024, 3, 1), 创建人: 'ou_1', 自动编号: '3' },
  { id: '张小四', 职位: '高级销售员', 销售额: 30000, 标签: [], 完成: false, 负责人: [], 关联: [], 创建时间: sh(2024, 2, 20), 创建人: 'ou_3', 自动编号: '10' },
  { id: '张小五', 职位: '高级销售员', 销售额: 50000, 状态: 'C', 标签: ['z', 'x'], 日期: sh(2024, 3, 11, 0, 0), 完成: true, 负责人: ['ou_3'], 附件: ['f2', 'f3'], 群组: ['oc_2'], 创建时间: sh(2024, 3, 10, 23, 59), 创建人: 'ou_3', 自动编号: '11' },
  { id: '张小六', 职位: '销售经理', 销售额: 100000, 状态: 'B', 标签: ['Y'], 日期: sh(2024, 2, 29, 23, 59), 完成: false, 负责人: ['ou_1'], 关联: ['rec3'], 创建时间: sh(2024, 3, 13, 23, 59), 创建人: 'ou_2', 自动编号: '20' },
  { id: '空', 完成: false, 创建时间: sh(2024, 3, 17), 创建人: 'ou_1', 自动编号: '21' },
  { id: 'Senior', 职位: 'Senior Sales', 销售额: 0, 状态: 'a', 标签: ['x', 'y', 'z'], 日期: sh(2024, 3, 17, 23, 59), 完成: true, 负责人: ['ou_2', 'ou_3'], 关联: ['rec1'], 群组: ['oc_3'], 创建时间: sh(2024, 3, 4), 创建人: 'ou_2', 自动编号: '9' },
];

const textCell = (type: number, s: string | undefined): FilterCell => ({ type, empty: s === undefined, text: s ?? '' });
const listCell = (type: number, values: string[] | undefined, asIds = false): FilterCell => {
  const v = values ?? [];
  // Names stand in for display texts; search must use the ids.
  return asIds
    ? { type, empty: v.length === 0, text: v.map((id) => `name of ${id}`).join(','), values: v.map((id) => `name of ${id}`), ids: v }
    : { type, empty: v.length === 0, text: v.join(','), values: v };
};
const dateCell = (type: number, ms: number | undefined): FilterCell =>
  ms === undefined ? { type, empty: true, text: '' } : { type, empty: false, text: String(ms), date: ms };

const TYPES: Record<string, number> = {
  职位: 1, 销售额: 2, 状态: 3, 标签: 4, 日期: 5, 完成: 7, 负责人: 11, 附件: 17, 关联: 18, 群组: 23,
  创建时间: 1001, 创建人: 1003, 自动编号: 1005, 公式: 20, 查找: 19,
};
const fieldTypeOf = (name: string) => TYPES[name];

function cellsOf(r: Row): CellLookup {
  const cells: Record<string, FilterCell> = {
    职位: textCell(1, r.职位),
    销售额: r.销售额 === undefined ? { type: 2, empty: true, text: '' } : { type: 2, empty: false, text: String(r.销售额), number: r.销售额 },
    状态: textCell(3, r.状态),
    标签: listCell(4, r.标签),
    日期: dateCell(5, r.日期),
    完成: r.完成 ? { type: 7, empty: false, text: 'true', number: 1 } : { type: 7, empty: true, text: '' },
    负责人: listCell(11, r.负责人, true),
    附件: listCell(17, r.附件),
    关联: listCell(18, r.关联, true),
    群组: listCell(23, r.群组, true),
    创建时间: dateCell(1001, r.创建时间),
    创建人: listCell(1003, [r.创建人], true),
    自动编号: textCell(1005, r.自动编号),
    公式: { type: 20, empty: false, text: '1', number: 1 },
    查找: { type: 19, empty: false, text: 'x', values: ['x'] },
  };
  return (name) => cells[name];
}

function search(table: Row[], filter: unknown, withTypes = true): string[] {
  const valid = validateSearchFilter(filter, withTypes ? fieldTypeOf : undefined);
  return table.filter((r) => matchesSearchFilter(valid, cellsOf(r), ctx)).map((r) => r.id);
}

function expectSearch(filter: unknown, predicate: (r: Row) => boolean): void {
  const expected = rows.filter(predicate).map((r) => r.id);
  expect(expected.length, 'the predicate selects some rows').toBeGreaterThan(0);
  expect(expected.length, 'the predicate leaves some rows out').toBeLessThan(rows.length);
  expect(search(rows, filter)).toEqual(expected);
  // Validation with the field types must not change what matches.
  expect(search(rows, filter, false)).toEqual(expected);
}

const one = (field_name: string, operator: SearchOperator | string, value: string[]) => ({
  conjunction: 'and',
  conditions: [{ field_name, operator, value }],
});

const cond = (field_name: string, operator: string, value: string[]) => ({ field_name, operator, value });


const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);
const empty = (list: string[] | undefined) => (list ?? []).length === 0;

describe('search filter: the guide\'s examples', () => {
  it('职位 is 初级销售员 and 销售额 isGreater 10000.0', () =>
    expectSearch(
      { conjunction: 'and', conditions: [{ field_name: '职位', operator: 'is', value: ['初级销售员'] }, { field_name: '销售额', operator: 'isGreater', value: ['10000.0'] }] },
      (r) => r.职位 === '初级销售员' && (r.销售额 ?? -Infinity) > 10000,
    ));

  it('职位 is 高级销售员 or 销售额 isGreater 20000.0', () =>
    expectSearch(
      { conjunction: 'or', conditions: [{ field_name: '职位', operator: 'is', value: ['高级销售员'] }, { field_name: '销售额', operator: 'isGreater', value: ['20000.0'] }] },
      (r) => r.职位 === '高级销售员' || (r.销售额 ?? -Infinity) > 20000,
    ));

  it('one level of children: (初级 or 高级) and (10000 or 20000)', () =>
    expectSearch(
      {
        conjunction: 'and',
        children: [
          { conjunction: 'or', conditions: [{ field_name: '职位', operator: 'is', value: ['高级销售员'] }, { field_name: '职位', operator: 'is', value: ['初级销售员'] }] },
          { conjunction: 'or', conditions: [{ field_name: '销售额', operator: 'is', value: ['10000.0'] }, { field_name: '销售额', operator: 'is', value: ['20000.0'] }] },
        ],
      },
      (r) => (r.职位 === '高级销售员' || r.职位 === '初级销售员') && (r.销售额 === 10000 || r.销售额 === 20000),
    ));

  it('top-level conditions and children combine under the top conjunction', () =>
    expectSearch(
      {
        conjunction: 'or',
        conditions: [{ field_name: '完成', operator: 'is', value: ['true'] }],
        children: [{ conjunction: 'and', conditions: [{ field_name: '状态', operator: 'is', value: ['B'] }, { field_name: '销售额', operator: 'isGreater', value: ['50000'] }] }],
      },
      (r) => r.完成 || (r.状态 === 'B' && (r.销售额 ?? 0) > 50000),
    ));

  it('a filter without conditions matches every record, whatever the conjunction', () => {
    expect(search(rows, { conjunction: 'and' })).toEqual(rows.map((r) => r.id));
    expect(search(rows, { conjunction: 'or', conditions: [], children: [] })).toEqual(rows.map((r) => r.id));
  });
});

describe('search filter: is / isNot', () => {
  it('text is exact', () => expectSearch(one('职位', 'is', ['高级销售员']), (r) => r.职位 === '高级销售员'));
  it('text is is case-sensitive', () => {
    expect(search(rows, one('职位', 'is', ['senior sales']))).toEqual([]);
    expect(search(rows, one('职位', 'is', ['Senior Sales']))).toEqual(['Senior']);
  });
  it('text isNot includes empty cells', () => expectSearch(one('职位', 'isNot', ['初级销售员']), (r) => r.职位 !== '初级销售员'));
  it('number is compares numerically ("10000.0" = 10000)', () => expectSearch(one('销售额', 'is', ['10000.0']), (r) => r.销售额 === 10000));
  it('number isNot', () => expectSearch(one('销售额', 'isNot', ['0']), (r) => r.销售额 !== 0));
  it('single select is by option name', () => expectSearch(one('状态', 'is', ['A']), (r) => r.状态 === 'A'));
  it('single select isNot', () => expectSearch(one('状态', 'isNot', ['B']), (r) => r.状态 !== 'B'));
  it('multi select is: exactly that option', () => expectSearch(one('标签', 'is', ['x']), (r) => r.标签?.length === 1 && r.标签[0] === 'x'));
  it('multi select isNot', () => expectSearch(one('标签', 'isNot', ['y']), (r) => !(r.标签?.length === 1 && r.标签[0] === 'y')));
  it('person is by open_id, not by name', () => {
    expectSearch(one('负责人', 'is', ['ou_1']), (r) => r.负责人?.length === 1 && r.负责人[0] === 'ou_1');
    expect(search(rows, one('负责人', 'is', ['name of ou_1']))).toEqual([]);
  });
  it('person isNot', () => expectSearch(one('负责人', 'isNot', ['ou_2']), (r) => !(r.负责人?.length === 1 && r.负责人[0] === 'ou_2')));
  it('link is by record id', () => expectSearch(one('关联', 'is', ['rec1']), (r) => r.关联?.length === 1 && r.关联[0] === 'rec1'));
  it('group is by chat id', () => expectSearch(one('群组', 'is', ['oc_1']), (r) => r.群组?.length === 1 && r.群组[0] === 'oc_1'));
  it('creator is by id', () => expectSearch(one('创建人', 'is', ['ou_2']), (r) => r.创建人 === 'ou_2'));
  it('checkbox is ["true"] / ["false"]', () => {
    expectSearch(one('完成', 'is', ['true']), (r) => r.完成);
    expectSearch(one('完成', 'is', ['false']), (r) => !r.完成);
  });
  it('auto number is', () => expectSearch(one('自动编号', 'is', ['10']), (r) => r.自动编号 === '10'));
  it('date is ExactDate: any instant of the day, rounded to 00:00 in the base time zone', () =>
    expectSearch(one('日期', 'is', ['ExactDate', String(sh(2024, 3, 13, 23, 30))]), (r) => r.日期 !== undefined && shDay(r.日期) === T));
  it('created time is Today', () => expectSearch(one('创建时间', 'is', ['Today']), (r) => shDay(r.创建时间) === T));
});

describe('search filter: contains / doesNotContain', () => {
  it('text contains ignores case', () => expectSearch(one('职位', 'contains', ['SALES']), (r) => r.职位?.toLowerCase().includes('sales') ?? false));
  it('text contains a CJK fragment', () => expectSearch(one('职位', 'contains', ['初级']), (r) => r.职位?.includes('初级') ?? false));
  it('text doesNotContain includes empty cells', () =>
    expectSearch(one('职位', 'doesNotContain', ['销售员']), (r) => !(r.职位?.includes('销售员') ?? false)));
  it('multi select contains any of the values', () => expectSearch(one('标签', 'contains', ['z', 'Y']), (r) => has(r.标签, 'z') || has(r.标签, 'Y')));
  it('multi select doesNotContain none of the values', () =>
    expectSearch(one('标签', 'doesNotContain', ['x', 'z']), (r) => !has(r.标签, 'x') && !has(r.标签, 'z')));
  it('single select contains any of', () => expectSearch(one('状态', 'contains', ['A', 'C']), (r) => r.状态 === 'A' || r.状态 === 'C'));
  it('person contains any of the ids', () => expectSearch(one('负责人', 'contains', ['ou_2', 'ou_3']), (r) => has(r.负责人, 'ou_2') || has(r.负责人, 'ou_3')));
  it('person doesNotContain', () => expectSearch(one('负责人', 'doesNotContain', ['ou_1']), (r) => !has(r.负责人, 'ou_1')));
  it('link contains', () => expectSearch(one('关联', 'contains', ['rec2']), (r) => has(r.关联, 'rec2')));
  it('group doesNotContain', () => expectSearch(one('群组', 'doesNotContain', ['oc_1']), (r) => !has(r.群组, 'oc_1')));
  it('number contains looks at the written number', () => expectSearch(one('销售额', 'contains', ['500']), (r) => String(r.销售额 ?? '').includes('500')));
});

describe('search filter: isEmpty / isNotEmpty', () => {
  it('text', () => {
    expectSearch(one('职位', 'isEmpty', []), (r) => r.职位 === undefined);
    expectSearch(one('职位', 'isNotEmpty', []), (r) => r.职位 !== undefined);
  });
  it('number', () => expectSearch(one('销售额', 'isEmpty', []), (r) => r.销售额 === undefined));
  it('single select', () => expectSearch(one('状态', 'isNotEmpty', []), (r) => r.状态 !== undefined));
  it('multi select', () => expectSearch(one('标签', 'isEmpty', []), (r) => empty(r.标签)));
  it('date', () => expectSearch(one('日期', 'isEmpty', []), (r) => r.日期 === undefined));
  it('person', () => expectSearch(one('负责人', 'isNotEmpty', []), (r) => !empty(r.负责人)));
  it('attachment (its only operators)', () => {
    expectSearch(one('附件', 'isEmpty', []), (r) => empty(r.附件));
    expectSearch(one('附件', 'isNotEmpty', []), (r) => !empty(r.附件));
  });
  it('link and group', () => {
    expectSearch(one('关联', 'isEmpty', []), (r) => empty(r.关联));
    expectSearch(one('群组', 'isNotEmpty', []), (r) => !empty(r.群组));
  });
});

describe('search filter: ordering operators', () => {
  const n = (r: Row) => r.销售额;
  it('number isGreater', () => expectSearch(one('销售额', 'isGreater', ['20000']), (r) => n(r) !== undefined && n(r)! > 20000));
  it('number isGreaterEqual', () => expectSearch(one('销售额', 'isGreaterEqual', ['20000']), (r) => n(r) !== undefined && n(r)! >= 20000));
  it('number isLess (empty cells excluded)', () => expectSearch(one('销售额', 'isLess', ['15000']), (r) => n(r) !== undefined && n(r)! < 15000));
  it('number isLessEqual with a decimal', () => expectSearch(one('销售额', 'isLessEqual', ['15000.5']), (r) => n(r) !== undefined && n(r)! <= 15000.5));
  it('text fields order as text ("10" < "9")', () => {
    expectSearch(one('自动编号', 'isGreater', ['2']), (r) => r.自动编号 > '2');
    expectSearch(one('自动编号', 'isLessEqual', ['2']), (r) => r.自动编号 <= '2');
  });
  it('date isGreater / isLess relative to today', () => {
    expectSearch(one('日期', 'isGreater', ['Today']), (r) => r.日期 !== undefined && shDay(r.日期) > T);
    expectSearch(one('日期', 'isLess', ['Today']), (r) => r.日期 !== undefined && shDay(r.日期) < T);
    expectSearch(one('日期', 'isLess', ['Yesterday']), (r) => r.日期 !== undefined && shDay(r.日期) < T - 1);
    expectSearch(one('日期', 'isGreater', ['Yesterday']), (r) => r.日期 !== undefined && shDay(r.日期) > T - 1);
    expectSearch(one('日期', 'isLess', ['Tomorrow']), (r) => r.日期 !== undefined && shDay(r.日期) < T + 1);
  });
  it('date isGreater ExactDate compares whole days', () =>
    expectSearch(one('创建时间', 'isGreater', ['ExactDate', String(sh(2024, 3, 10, 0, 1))]), (r) => shDay(r.创建时间) > dayNo(2024, 3, 10)));
});

describe('search filter: relative date values (weeks start on Monday)', () => {
  // One row per day, 2024-02-01..2024-04-30, alternating 00:05 and 23:55 in Shanghai, and one empty row.
  const rest = { 完成: false, 创建时间: 0, 创建人: 'ou_1', 自动编号: '0' };
  const days: Row[] = [{ id: 'none', ...rest }, ...dayEdges.map((日期, i) => ({ id: `d${i}`, 日期, ...rest }))];
  const monday = dayNo(2024, 3, 11);
  const cases: Array<[string[], (d: number) => boolean]> = [
    [['ExactDate', String(sh(2024, 3, 5, 23, 30))], (d) => d === dayNo(2024, 3, 5)],
    [['Today'], (d) => d === T],
    [['Tomorrow'], (d) => d === T + 1],
    [['Yesterday'], (d) => d === T - 1],
    [['CurrentWeek'], (d) => d >= monday && d <= monday + 6],
    [['LastWeek'], (d) => d >= monday - 7 && d <= monday - 1],
    [['CurrentMonth'], (d) => d >= dayNo(2024, 3, 1) && d <= dayNo(2024, 3, 31)],
    [['LastMonth'], (d) => d >= dayNo(2024, 2, 1) && d <= dayNo(2024, 2, 29)],
    [['TheLastWeek'], (d) => d >= T - 6 && d <= T],
    [['TheNextWeek'], (d) => d >= T && d <= T + 6],
    [['TheLastMonth'], (d) => d >= T - 29 && d <= T],
    [['TheNextMonth'], (d) => d >= T && d <= T + 29],
  ];
  for (const [value, predicate] of cases) {
    it(`is ${JSON.stringify(value)}`, () => {
      const expected = days.filter((r) => r.日期 !== undefined && predicate(shDay(r.日期))).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(days.length - 1);
      expect(search(days, one('日期', 'is', value))).toEqual(expected);
    });
  }

  it('a Sunday "now" still belongs to the week that began on the Monday before', () => {
    const sunday: FilterContext = { now: sh(2024, 3, 17, 23, 0), timeZone: 'Asia/Shanghai' };
    expect(searchDateSpan(['CurrentWeek'], sunday)).toEqual({ from: monday, to: monday + 6 });
    expect(searchDateSpan(['LastMonth'], { now: sh(2024, 1, 15), timeZone: 'Asia/Shanghai' })).toEqual({ from: dayNo(2023, 12, 1), to: dayNo(2023, 12, 31) });
  });

  it('the base time zone decides the day', () => {
    const utc: FilterContext = { now: ctx.now, timeZone: 'UTC' };
    expect(searchDateSpan(['Today'], utc)).toEqual({ from: T - 1, to: T - 1 });
    expect(searchDateSpan(['Today'], ctx)).toEqual({ from: T, to: T });
  });
});

describe('search filter: value [] on a value operator', () => {
  it('text/number conditions without a value are ignored, as in Feishu\'s UI', () => {
    expect(search(rows, one('职位', 'is', []))).toEqual(rows.map((r) => r.id));
    expect(search(rows, { conjunction: 'and', conditions: [{ field_name: '销售额', operator: 'isGreater', value: [] }, { field_name: '完成', operator: 'is', value: ['true'] }] }))
      .toEqual(rows.filter((r) => r.完成).map((r) => r.id));
  });
});

describe('search filter: validation errors', () => {
  const v = (filter: unknown) => () => validateSearchFilter(filter, fieldTypeOf);
  const many = (n: number) => Array.from({ length: n }, () => cond('职位', 'is', ['a']));

  it('filter must be an object (schema: 99992402)', () => {
    expectApiError(v('and'), 99992402, 400, 'field validation failed: filter must be an object');
    expectApiError(v([]), 99992402, 400, /filter must be an object/);
  });
  it('conjunction is required although the schema says optional', () =>
    expectApiError(v({ conditions: [cond('职位', 'is', ['a'])] }), 1254018, 200, 'InvalidFilter: filter.conjunction is required ("and" or "or")'));
  it('conjunction must be and/or', () => expectApiError(v({ conjunction: 'xor' }), 1254018, 200, 'InvalidFilter: filter.conjunction must be "and" or "or", got "xor"'));
  it('conjunction of the wrong JSON type', () => expectApiError(v({ conjunction: 1 }), 99992402, 400, /filter.conjunction must be a string/));
  it('children need their own conjunction', () =>
    expectApiError(v({ conjunction: 'and', children: [{ conditions: [] }] }), 1254018, 200, 'InvalidFilter: filter.children[0].conjunction is required ("and" or "or")'));
  it('only one level of children', () =>
    expectApiError(
      v({ conjunction: 'and', children: [{ conjunction: 'or', conditions: [], children: [{ conjunction: 'and', conditions: [] }] }] }),
      1254018, 200, 'InvalidFilter: filter.children[0].children: only one level of children is supported',
    ));
  it('at most 50 conditions in one list (schema)', () => {
    expect(() => validateSearchFilter({ conjunction: 'or', conditions: many(50) })).not.toThrow();
    expectApiError(v({ conjunction: 'or', conditions: many(51) }), 99992402, 400, /filter.conditions has 51 items, at most 50 are allowed/);
  });
  it('at most 50 conditions in the whole filter', () => {
    expect(() => validateSearchFilter({ conjunction: 'or', conditions: many(30), children: [{ conjunction: 'and', conditions: many(20) }] })).not.toThrow();
    expectApiError(
      v({ conjunction: 'or', conditions: many(30), children: [{ conjunction: 'and', conditions: many(20) }, { conjunction: 'and', conditions: many(1) }] }),
      1254018, 200, 'InvalidFilter: the filter has 51 conditions, at most 50 are allowed',
    );
  });
  it('at most 10 values', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `v${i}`);
    expect(() => validateSearchFilter(one('标签', 'contains', ten), fieldTypeOf)).not.toThrow();
    expectApiError(v(one('标签', 'contains', [...ten, 'v10'])), 99992402, 400, /filter.conditions\[0\].value has 11 items, at most 10 are allowed/);
  });
  it('like and in are not supported', () => {
    expectApiError(v(one('职位', 'like', ['a'])), 1254018, 200, 'InvalidFilter: filter.conditions[0].operator "like" is not supported yet');
    expectApiError(v(one('职位', 'in', ['a'])), 1254018, 200, 'InvalidFilter: filter.conditions[0].operator "in" is not supported yet');
  });
  it('unknown operators', () => expectApiError(v(one('职位', 'equals', ['a'])), 1254018, 200, /^InvalidFilter: filter.conditions\[0\].operator "equals" is not one of is, isNot, /));
  it('field_name and operator are required (schema)', () => {
    expectApiError(v({ conjunction: 'and', conditions: [{ operator: 'is', value: [] }] }), 99992402, 400, /filter.conditions\[0\].field_name is required/);
    expectApiError(v({ conjunction: 'and', conditions: [{ field_name: '职位', value: [] }] }), 99992402, 400, /filter.conditions\[0\].operator is required/);
  });
  it('value is required, even [] for isEmpty', () =>
    expectApiError(v({ conjunction: 'and', conditions: [{ field_name: '职位', operator: 'isEmpty' }] }), 1254018, 200, 'InvalidFilter: filter.conditions[0].value is missing; write "value": [] when there is no value'));
  it('isEmpty / isNotEmpty take []', () => expectApiError(v(one('职位', 'isNotEmpty', ['a'])), 1254018, 200, 'InvalidFilter: filter.conditions[0]: isNotEmpty needs "value": []'));
  it('value must be an array of strings (schema)', () => {
    expectApiError(v({ conjunction: 'and', conditions: [{ field_name: '销售额', operator: 'is', value: 23 }] }), 99992402, 400, /value must be an array of strings/);
    expectApiError(v({ conjunction: 'and', conditions: [{ field_name: '销售额', operator: 'is', value: [23] }] }), 99992402, 400, /value must be an array of strings/);
  });
  it('errors inside children name the child', () =>
    expectApiError(v({ conjunction: 'and', children: [{ conjunction: 'or', conditions: [cond('完成', 'isNot', ['true'])] }] }), 1254018, 200, 'InvalidFilter: filter.children[0].conditions[0] (field "完成"): checkbox fields only support is'));
});

describe('search filter: per-type rules and unknown fields', () => {
  const cases: Array<[string, unknown, string | RegExp]> = [
    ['checkbox only supports is', one('完成', 'isNot', ['true']), 'checkbox fields only support is'],
    ['checkbox value is "true" or "false"', one('完成', 'is', ['yes']), 'a checkbox value is ["true"] or ["false"]'],
    ['attachments only support emptiness', one('附件', 'contains', ['f1']), 'attachment fields only support isEmpty and isNotEmpty'],
    ['dates refuse isNot', one('日期', 'isNot', ['Today']), 'date fields only support is, isEmpty, isNotEmpty, isGreater and isLess'],
    ['dates refuse isGreaterEqual', one('创建时间', 'isGreaterEqual', ['Today']), 'date fields only support is, isEmpty, isNotEmpty, isGreater and isLess'],
    ['dates refuse contains', one('日期', 'contains', ['Today']), 'date fields only support is, isEmpty, isNotEmpty, isGreater and isLess'],
    ['week and month spans only with is', one('日期', 'isGreater', ['CurrentWeek']), 'CurrentWeek only supports the is operator'],
    ['ExactDate needs a timestamp', one('日期', 'is', ['ExactDate']), 'ExactDate takes a timestamp in milliseconds, e.g. ["ExactDate","1702449755000"]'],
    ['ExactDate needs milliseconds, not a date text', one('日期', 'is', ['ExactDate', '2024-03-01']), 'ExactDate takes a timestamp in milliseconds, e.g. ["ExactDate","1702449755000"]'],
    ['unknown date keyword', one('日期', 'is', ['NextYear']), /a date value starts with one of ExactDate, Today/],
    ['a bare timestamp is not a date value', one('日期', 'is', ['1702449755000']), /a date value starts with one of/],
    ['Today takes no second element', one('日期', 'is', ['Today', '1']), 'Today takes no second element'],
    ['select is takes one value', one('状态', 'is', ['A', 'B']), 'is takes exactly one value'],
    ['person isNot takes one value', one('负责人', 'isNot', []), 'isNot takes exactly one value'],
    ['selects cannot be ordered', one('标签', 'isGreater', ['x']), 'isGreater does not apply to this field type'],
    ['numbers need a number', one('销售额', 'is', ['lots']), '"lots" is not a number'],
    ['text takes at most one value', one('职位', 'contains', ['a', 'b']), 'this field type takes at most one value'],
    ['formula fields cannot be filtered', one('公式', 'is', ['1']), 'formula and lookup fields cannot be used in a filter'],
    ['lookup fields cannot be filtered', one('查找', 'isNotEmpty', []), 'formula and lookup fields cannot be used in a filter'],
  ];

  for (const [name, filter, what] of cases) {
    it(`${name}: 1254018 when validating with field types and when matching without`, () => {
      const field = (filter as { conditions: Array<{ field_name: string }> }).conditions[0]!.field_name;
      const message = typeof what === 'string' ? `InvalidFilter: filter.conditions[0] (field "${field}"): ${what}` : what;
      expectApiError(() => validateSearchFilter(filter, fieldTypeOf), 1254018, 200, message);
      const loose = validateSearchFilter(filter);
      expectApiError(() => matchesSearchFilter(loose, cellsOf(rows[0]!), ctx), 1254018, 200, message);
    });
  }

  it('an unknown field is 1254045 FieldNameNotFound, at validation or at the first match', () => {
    const filter = { conjunction: 'and', children: [{ conjunction: 'or', conditions: [{ field_name: '不存在', operator: 'isEmpty', value: [] }] }] };
    expectApiError(() => validateSearchFilter(filter, fieldTypeOf), 1254045, 200, 'FieldNameNotFound: 不存在');
    const loose = validateSearchFilter(filter);
    expectApiError(() => matchesSearchFilter(loose, cellsOf(rows[0]!), ctx), 1254045, 200, 'FieldNameNotFound: 不存在');
  });

  it('valid conditions on every filterable type pass validation', () => {
    const filter = {
      conjunction: 'and',
      conditions: [
        cond('职位', 'contains', ['销售']), cond('销售额', 'isGreaterEqual', ['1.5']), cond('状态', 'contains', ['A', 'B']),
        cond('标签', 'doesNotContain', ['x']), cond('日期', 'isLess', ['ExactDate', '1702449755000']), cond('完成', 'is', ['false']),
        cond('负责人', 'is', ['ou_1']), cond('附件', 'isEmpty', []), cond('关联', 'isNot', ['rec1']), cond('群组', 'contains', ['oc_1']),
        cond('创建时间', 'is', ['TheLastMonth']), cond('创建人', 'isNotEmpty', []), cond('自动编号', 'isLessEqual', ['9']),
      ],
    };
    expect(validateSearchFilter(filter, fieldTypeOf).conditions).toHaveLength(13);
  });
});
