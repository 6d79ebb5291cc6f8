import { describe, expect, it } from 'vitest';
import type { CellLookup, FilterCell, FilterContext } from '../../src/emulator/bitable/filter/cell.js';
import { compileFormulaFilter, formulaFilterFields } from '../../src/emulator/bitable/filter/formula.js';
import { expectApiError } from '../helpers/apiError.js';
import { DAY, dayEdges, dayNo, isoWeekday, sh, shDay, wednesdayShanghai } from '../helpers/shanghaiDays.js';

const ctx = wednesdayShanghai;
const TODAY = dayNo(2024, 3, 13);

interface Person {
  id: string;
  name: string;
}

interface Row {
  id: string;
  订单号?: string;
  价格?: number;
  状态?: string;
  标签?: string[];
  订单日期?: number;
  完成: boolean;
  人员?: Person[];
  电话号码?: string;
  超链接?: string;
  附件?: string[];
  单向关联?: string[];
  查找引用?: string[];
  公式?: number;
  创建人: Person;
  修改人: Person;
  创建时间: number;
  最后更新时间: number;
  自动编号: string;
}

const ou = (n: number, name: string): Person => ({ id: `ou_${n}`, name });

const rows: Row[] = [
  {
    id: 'r1', 订单号: '003', 价格: 10.5, 状态: '进行中', 标签: ['a', 'b'], 订单日期: sh(2024, 3, 13, 0, 10), 完成: true,
    人员: [ou(1, '袁志伟')], 电话号码: '+2020202020', 超链接: '超链接的文本值', 附件: ['a.png'], 单向关联: ['第一行'],
    查找引用: ['内容a'], 公式: 3, 创建人: ou(1, '袁志伟'), 修改人: ou(2, '小飞书'), 创建时间: sh(2024, 3, 1, 9),
    最后更新时间: sh(2024, 3, 13, 0, 20), 自动编号: '001no20220624',
  },
  {
    id: 'r2', 订单号: '004-A', 价格: 8, 状态: '完成', 标签: ['b'], 订单日期: sh(2024, 3, 12, 23, 50), 完成: false,
    人员: [ou(2, '小飞书'), ou(1, '袁志伟')], 电话号码: '13100000000', 附件: [], 单向关联: ['第一行', '第二行'],
    查找引用: ['内容b'], 公式: 0, 创建人: ou(2, '小飞书'), 修改人: ou(2, '小飞书'), 创建时间: sh(2024, 2, 28),
    最后更新时间: sh(2024, 3, 12, 23, 0), 自动编号: '2',
  },
  {
    id: 'r3', 完成: false, 创建人: ou(3, 'Alice'), 修改人: ou(1, '袁志伟'), 创建时间: sh(2024, 3, 13, 0, 5),
    最后更新时间: sh(2024, 3, 13, 0, 6), 自动编号: '3',
  },
  {
    id: 'r4', 订单号: '009', 价格: 100, 状态: '进行中', 标签: ['c'], 订单日期: sh(2024, 3, 14), 完成: true,
    人员: [ou(3, 'Alice')], 超链接: '飞书', 单向关联: ['第三行'], 公式: 12, 创建人: ou(1, '袁志伟'), 修改人: ou(3, 'Alice'),
    创建时间: sh(2024, 3, 10), 最后更新时间: sh(2024, 3, 11), 自动编号: '10',
  },
  {
    id: 'r5', 订单号: 'x004y', 价格: 0, 状态: '完成', 标签: ['a'], 订单日期: sh(2024, 3, 11, 0, 0), 完成: false,
    人员: [ou(2, '小飞书')], 创建人: ou(2, '小飞书'), 修改人: ou(2, '小飞书'), 创建时间: sh(2024, 3, 4), 最后更新时间: sh(2024, 3, 4),
    自动编号: '5',
  },
  {
    id: 'r6', 订单号: 'ABC', 价格: -3, 标签: ['a', 'c'], 订单日期: sh(2024, 3, 17, 23, 59), 完成: true, 附件: ['b.pdf', 'c.txt'],
    创建人: ou(3, 'Alice'), 修改人: ou(3, 'Alice'), 创建时间: sh(2024, 2, 10), 最后更新时间: sh(2024, 3, 14), 自动编号: '6',
  },
  {
    id: 'r7', 订单号: 'abc', 价格: 10.5, 状态: '进行中', 订单日期: sh(2024, 3, 31), 完成: false, 公式: 3, 创建人: ou(2, '小飞书'),
    修改人: ou(1, '袁志伟'), 创建时间: sh(2024, 3, 12), 最后更新时间: sh(2024, 3, 12), 自动编号: '7',
  },
  {
    id: 'r8', 订单号: '003 ', 价格: 12, 订单日期: sh(2024, 2, 29, 23, 59), 完成: false, 创建人: ou(1, '袁志伟'),
    修改人: ou(2, '小飞书'), 创建时间: sh(2024, 1, 5), 最后更新时间: sh(2024, 1, 5), 自动编号: '8',
  },
  {
    id: 'r9', 订单号: '1004', 价格: 50, 状态: '完成', 标签: ['b', 'c'], 订单日期: sh(2024, 3, 13, 23, 59), 完成: true, 人员: [],
    创建人: ou(1, '袁志伟'), 修改人: ou(3, 'Alice'), 创建时间: sh(2024, 3, 13, 23), 最后更新时间: sh(2024, 3, 13, 23, 30), 自动编号: '9',
  },
];

const textCell = (type: number, s: string | undefined): FilterCell => ({ type, empty: s === undefined || s === '', text: s ?? '' });
const numberCell = (type: number, n: number | undefined): FilterCell =>
  n === undefined ? { type, empty: true, text: '' } : { type, empty: false, text: String(n), number: n };
const dateCell = (type: number, ms: number | undefined): FilterCell =>
  ms === undefined ? { type, empty: true, text: '' } : { type, empty: false, text: String(ms), date: ms };
const listCell = (type: number, values: string[] | undefined, ids?: string[]): FilterCell => {
  const v = values ?? [];
  return { type, empty: v.length === 0, text: v.join(','), values: v, ...(ids ? { ids } : {}) };
};
const personCell = (type: number, people: Person[] | undefined) =>
  listCell(type, people?.map((p) => p.name), people?.map((p) => p.id));

function cellsOf(r: Row): CellLookup {
  const cells: Record<string, FilterCell> = {
    订单号: textCell(1, r.订单号),
    价格: numberCell(2, r.价格),
    状态: textCell(3, r.状态),
    标签: listCell(4, r.标签),
    订单日期: dateCell(5, r.订单日期),
    // Unchecked boxes are stored as "no value", as Feishu returns them.
    完成: r.完成 ? { type: 7, empty: false, text: 'true', number: 1 } : { type: 7, empty: true, text: '' },
    人员: personCell(11, r.人员),
    电话号码: textCell(13, r.电话号码),
    超链接: textCell(15, r.超链接),
    附件: listCell(17, r.附件),
    单向关联: listCell(18, r.单向关联),
    查找引用: listCell(19, r.查找引用),
    公式: numberCell(20, r.公式),
    创建人: personCell(1003, [r.创建人]),
    修改人: personCell(1004, [r.修改人]),
    创建时间: dateCell(1001, r.创建时间),
    最后更新时间: dateCell(1002, r.最后更新时间),
    自动编号: textCell(1005, r.自动编号),
  };
  return (name) => cells[name];
}

function run<T extends { id: string }>(table: T[], filter: string, lookup: (r: T) => CellLookup, context = ctx): string[] {
  const match = compileFormulaFilter(filter);
  return table.filter((r) => match(lookup(r), context)).map((r) => r.id);
}

/** Asserts the filter selects exactly the rows the predicate selects, and that this is a real choice. */
function expectSame(filter: string, predicate: (r: Row) => boolean): void {
  const expected = rows.filter(predicate).map((r) => r.id);
  expect(expected.length, `predicate for ${filter} selects some rows`).toBeGreaterThan(0);
  expect(expected.length, `predicate for ${filter} leaves some rows out`).toBeLessThan(rows.length);
  expect(run(rows, filter, cellsOf)).toEqual(expected);
}

// A second table for date expressions: one row per day from 2024-02-01 to 2024-04-30, alternating
// just after midnight and just before midnight (Shanghai), plus a row without a date.
interface DateRow {
  id: string;
  at?: number;
}
const dateRows: DateRow[] = [{ id: 'none' }, ...dayEdges.map((at, i) => ({ id: `d${i}`, at }))];
const dateCells = (r: DateRow): CellLookup => (name) => (name === '订单日期' ? dateCell(5, r.at) : undefined);

function expectSameDays(filter: string, predicate: (day: number) => boolean, context = ctx): void {
  const expected = dateRows.filter((r) => r.at !== undefined && predicate(shDay(r.at))).map((r) => r.id);
  expect(expected.length, `predicate for ${filter} selects some rows`).toBeGreaterThan(0);
  expect(expected.length, `predicate for ${filter} leaves some rows out`).toBeLessThan(dateRows.length - 1);
  expect(run(dateRows, filter, dateCells, context)).toEqual(expected);
}

function expectFilterError(filter: string, code: number, message: RegExp | string): void {
  expectApiError(() => compileFormulaFilter(filter)(cellsOf(rows[0]!), ctx), code, 200, message, filter);
}

describe('formula filter: seed A04 常用筛选公式', () => {
  it('为空: CurrentValue.[订单号] =""', () => expectSame('CurrentValue.[订单号] =""', (r) => r.订单号 === undefined));

  it('不为空: NOT(CurrentValue.[订单号] ="")', () => expectSame('NOT(CurrentValue.[订单号] ="")', (r) => r.订单号 !== undefined));

  it('等于: CurrentValue.[订单号] = "003" (exact, "003 " differs)', () =>
    expectSame('CurrentValue.[订单号] = "003"', (r) => r.订单号 === '003'));

  it('不等于: CurrentValue.[订单号] != "003" (empty cells included)', () =>
    expectSame('CurrentValue.[订单号] != "003"', (r) => r.订单号 !== '003'));

  it('大于等于: CurrentValue.[价格] >= 10.5 (empty prices excluded)', () =>
    expectSame('CurrentValue.[价格] >= 10.5', (r) => r.价格 !== undefined && r.价格 >= 10.5));

  it('小于等于 on text: CurrentValue.[订单号] <= "003" (text against text orders by code point)', () =>
    expectSame('CurrentValue.[订单号] <= "003"', (r) => r.订单号 !== undefined && r.订单号 <= '003'));

  it('小于等于 on text with a number literal: numeric when the text is a number', () =>
    expectSame('CurrentValue.[订单号] <= 9', (r) => r.订单号 !== undefined && Number.isFinite(Number(r.订单号)) && Number(r.订单号) <= 9));

  it('包含: CurrentValue.[订单号].contains("004")', () =>
    expectSame('CurrentValue.[订单号].contains("004")', (r) => r.订单号?.includes('004') ?? false));

  it('包含 ignores case', () =>
    expectSame('CurrentValue.[订单号].contains("aBc")', (r) => r.订单号?.toLowerCase().includes('abc') ?? false));

  it('不包含: NOT(CurrentValue.[订单号].contains("003")) keeps empty cells', () =>
    expectSame('NOT(CurrentValue.[订单号].contains("003"))', (r) => !(r.订单号?.includes('003') ?? false)));

  it('AND: 表达式1&&表达式2 and AND(表达式1,表达式2) agree', () => {
    const pred = (r: Row) => r.价格 !== undefined && r.价格 > 5 && r.状态 === '进行中';
    expectSame('CurrentValue.[价格] > 5&&CurrentValue.[状态]="进行中"', pred);
    expectSame('AND(CurrentValue.[价格] > 5, CurrentValue.[状态]="进行中")', pred);
  });

  it('OR: OR(表达式1,表达式2) and ||', () => {
    const pred = (r: Row) => r.状态 === '完成' || (r.价格 !== undefined && r.价格 >= 100);
    expectSame('OR(CurrentValue.[状态]="完成",CurrentValue.[价格]>=100)', pred);
    expectSame('CurrentValue.[状态]="完成" || CurrentValue.[价格]>=100', pred);
  });
});

describe('formula filter: seed A04 常用的逻辑表达式', () => {
  it('与: AND(CurrentValue.[订单号].contains("004"),CurrentValue.[订单日期]= TODAY())', () =>
    expectSame('AND(CurrentValue.[订单号].contains("004"),CurrentValue.[订单日期]= TODAY())', (r) =>
      (r.订单号?.includes('004') ?? false) && r.订单日期 !== undefined && shDay(r.订单日期) === TODAY));

  it('或: OR(CurrentValue.[订单号].contains("004"),CurrentValue.[订单号].contains("009"))', () =>
    expectSame('OR(CurrentValue.[订单号].contains("004"),CurrentValue.[订单号].contains("009"))', (r) =>
      r.订单号 !== undefined && (r.订单号.includes('004') || r.订单号.includes('009'))));
});

describe('formula filter: seed A04 常用的日期表达式 (days in the base time zone)', () => {
  it('今天: CurrentValue.[订单日期] = TODAY()', () => expectSameDays('CurrentValue.[订单日期] = TODAY()', (d) => d === TODAY));

  it('昨天: CurrentValue.[订单日期] = TODAY()-1', () => expectSameDays('CurrentValue.[订单日期] = TODAY()-1', (d) => d === TODAY - 1));

  it('明天: CurrentValue.[订单日期] = TODAY()+1 (the decoded %2B)', () =>
    expectSameDays('CurrentValue.[订单日期] = TODAY()+1', (d) => d === TODAY + 1));

  it('本周: Monday to Sunday through WEEKDAY(TODAY(),2)', () =>
    expectSameDays(
      'AND(TODAY()-(WEEKDAY(TODAY(),2)-1)<=CurrentValue.[订单日期], CurrentValue.[订单日期]<=TODAY()+(7-WEEKDAY(TODAY(),2)))',
      (d) => d >= dayNo(2024, 3, 11) && d <= dayNo(2024, 3, 17),
    ));

  it('本月: DATE(YEAR(TODAY()),MONTH(TODAY()),1) to DATE(YEAR(TODAY()),MONTH(TODAY())+1,0)', () =>
    expectSameDays(
      'AND(DATE(YEAR(TODAY()),MONTH(TODAY()),1)<=CurrentValue.[订单日期], CurrentValue.[订单日期]<=DATE(YEAR(TODAY()),MONTH(TODAY())+1,0))',
      (d) => d >= dayNo(2024, 3, 1) && d <= dayNo(2024, 3, 31),
    ));

  it('过去N天 (N=7): today()-N+1 <= d && d <= today()', () =>
    expectSameDays('today()-7+1 <= CurrentValue.[订单日期]&&CurrentValue.[订单日期] <= today()', (d) => d >= TODAY - 6 && d <= TODAY));

  it('未来N天 (N=7): today()<= d && d <= today()+N-1', () =>
    expectSameDays('today()<= CurrentValue.[订单日期]&&CurrentValue.[订单日期] <= today()+7-1', (d) => d >= TODAY && d <= TODAY + 6));

  it('在某个日期之内: > TODATE(...) && < TODATE(...), with the seed\'s day-31-of-June style rolling over', () => {
    expectSameDays(
      'CurrentValue.[订单日期] > TODATE("2024-03-01")&&CurrentValue.[订单日期] < TODATE("2024-03-31")',
      (d) => d > dayNo(2024, 3, 1) && d < dayNo(2024, 3, 31),
    );
    expectSameDays('CurrentValue.[订单日期] = TODATE("2024-02-30")', (d) => d === dayNo(2024, 3, 1));
  });

  it('TODATE accepts yyyy/mm/dd', () =>
    expectSameDays('CurrentValue.[订单日期] = TODATE("2024/2/29")', (d) => d === dayNo(2024, 2, 29)));

  it('date arithmetic on the field side: CurrentValue.[订单日期] + 1 = TODAY()', () =>
    expectSameDays('CurrentValue.[订单日期] + 1 = TODAY()', (d) => d + 1 === TODAY));

  it('a date minus a date counts days', () =>
    expectSameDays('TODAY() - CurrentValue.[订单日期] >= 30', (d) => TODAY - d >= 30));

  it('YEAR / MONTH / DAY of a field', () => {
    expectSameDays('MONTH(CurrentValue.[订单日期]) = 2', (d) => new Date(d * DAY).getUTCMonth() === 1);
    expectSameDays('DAY(CurrentValue.[订单日期]) = 1', (d) => new Date(d * DAY).getUTCDate() === 1);
    expectSameDays('YEAR(CurrentValue.[订单日期]) = 2024 && MONTH(CurrentValue.[订单日期]) >= 4', (d) => new Date(d * DAY).getUTCMonth() >= 3);
  });

  it('WEEKDAY numbering: type 1 Sunday=1, type 2 Monday=1, type 3 Monday=0', () => {
    expectSameDays('WEEKDAY(CurrentValue.[订单日期]) = 1', (d) => new Date(d * DAY).getUTCDay() === 0);
    expectSameDays('WEEKDAY(CurrentValue.[订单日期], 2) = 1', (d) => isoWeekday(d) === 1);
    expectSameDays('WEEKDAY(CurrentValue.[订单日期], 3) = 0', (d) => isoWeekday(d) === 1);
    expectSameDays('WEEKDAY(CurrentValue.[订单日期], 2) >= 6', (d) => isoWeekday(d) >= 6);
  });

  it('days follow the base time zone: the same instant is another day in UTC', () => {
    const utc: FilterContext = { now: ctx.now, timeZone: 'UTC' };
    const utcDay = (ms: number) => Math.floor(ms / DAY);
    const expected = dateRows.filter((r) => r.at !== undefined && utcDay(r.at) === utcDay(ctx.now)).map((r) => r.id);
    const got = run(dateRows, 'CurrentValue.[订单日期] = TODAY()', dateCells, utc);
    expect(got).toEqual(expected);
    expect(got).not.toEqual(run(dateRows, 'CurrentValue.[订单日期] = TODAY()', dateCells));
  });
});

describe('formula filter: seed A04 字段筛选示例 (one per field type)', () => {
  it('多行文本', () => expectSame('CurrentValue.[订单号]="x004y"', (r) => r.订单号 === 'x004y'));
  it('单选 by option name', () => expectSame('CurrentValue.[状态]="进行中"', (r) => r.状态 === '进行中'));
  it('多选: a record carrying the option', () => expectSame('CurrentValue.[标签]="a"', (r) => r.标签?.includes('a') ?? false));
  it('多选: != is the negation', () => expectSame('CurrentValue.[标签]!="a"', (r) => !(r.标签?.includes('a') ?? false)));
  it('多选 .contains() looks into every option', () =>
    expectSame('CurrentValue.[标签].contains("c")', (r) => r.标签?.includes('c') ?? false));
  it('人员 by name', () => expectSame('CurrentValue.[人员]="袁志伟"', (r) => r.人员?.some((p) => p.name === '袁志伟') ?? false));
  it('电话号码', () => expectSame('CurrentValue.[电话号码]="+2020202020"', (r) => r.电话号码 === '+2020202020'));
  it('日期', () =>
    expectSame('CurrentValue.[订单日期] = TODAY()', (r) => r.订单日期 !== undefined && shDay(r.订单日期) === TODAY));
  it('附件 by file name', () => expectSame('CurrentValue.[附件]="c.txt"', (r) => r.附件?.includes('c.txt') ?? false));
  it('数字', () => expectSame('CurrentValue.[价格]=8', (r) => r.价格 === 8));
  it('数字 against a numeric string', () => expectSame('CurrentValue.[价格]="10.50"', (r) => r.价格 === 10.5));
  it('复选框 =1 / =0 / =TRUE / bare field', () => {
    expectSame('CurrentValue.[完成]=1', (r) => r.完成);
    expectSame('CurrentValue.[完成]=0', (r) => !r.完成);
    expectSame('CurrentValue.[完成]=TRUE()', (r) => r.完成);
    expectSame('CurrentValue.[完成]=false', (r) => !r.完成);
    expectSame('AND(CurrentValue.[完成], CurrentValue.[价格] > 0)', (r) => r.完成 && r.价格 !== undefined && r.价格 > 0);
  });
  it('超链接 by its text', () => expectSame('CurrentValue.[超链接]="超链接的文本值"', (r) => r.超链接 === '超链接的文本值'));
  it('公式 returning a number, without quotes', () => expectSame('CurrentValue.[公式]=3', (r) => r.公式 === 3));
  it('查找引用', () => expectSame('CurrentValue.[查找引用]="内容a"', (r) => r.查找引用?.includes('内容a') ?? false));
  it('单向关联 by display text', () => expectSame('CurrentValue.[单向关联]="第一行"', (r) => r.单向关联?.includes('第一行') ?? false));
  it('创建人', () => expectSame('CurrentValue.[创建人]="袁志伟"', (r) => r.创建人.name === '袁志伟'));
  it('创建时间 > TODAY()-7', () =>
    expectSame('CurrentValue.[创建时间]>TODAY()-7', (r) => shDay(r.创建时间) > TODAY - 7));
  it('修改人', () => expectSame('CurrentValue.[修改人]="小飞书"', (r) => r.修改人.name === '小飞书'));
  it('最后更新时间 >= TODAY()', () => expectSame('CurrentValue.[最后更新时间]>=TODAY()', (r) => shDay(r.最后更新时间) >= TODAY));
  it('自动编号', () => expectSame('CurrentValue.[自动编号]="001no20220624"', (r) => r.自动编号 === '001no20220624'));
});

describe('formula filter: operators, precedence, spelling', () => {
  it('arithmetic binds tighter than comparison; * before +', () => {
    expectSame('CurrentValue.[价格] * 2 + 1 > 21', (r) => r.价格 !== undefined && r.价格 * 2 + 1 > 21);
    expectSame('CurrentValue.[价格] / 2 <= 4', (r) => r.价格 !== undefined && r.价格 / 2 <= 4);
    expectSame('CurrentValue.[价格] = -3', (r) => r.价格 === -3);
    expectSame('-CurrentValue.[价格] > 0', (r) => r.价格 !== undefined && -r.价格 > 0);
  });

  it('&& binds tighter than ||, parentheses override', () => {
    const a = (r: Row) => r.状态 === '完成';
    const b = (r: Row) => r.完成;
    const c = (r: Row) => r.价格 !== undefined && r.价格 > 50;
    expectSame('CurrentValue.[状态]="完成" || CurrentValue.[完成]=1 && CurrentValue.[价格]>50', (r) => a(r) || (b(r) && c(r)));
    expectSame('(CurrentValue.[状态]="完成" || CurrentValue.[完成]=1) && CurrentValue.[价格]>50', (r) => (a(r) || b(r)) && c(r));
  });

  it('nested AND / OR / NOT', () =>
    expectSame('OR(AND(CurrentValue.[完成], NOT(CurrentValue.[价格] > 50)), CurrentValue.[订单号] = "abc")', (r) =>
      (r.完成 && !(r.价格 !== undefined && r.价格 > 50)) || r.订单号 === 'abc'));

  it('== and <> are accepted as = and !=', () => {
    expectSame('CurrentValue.[订单号] == "abc"', (r) => r.订单号 === 'abc');
    expectSame('CurrentValue.[订单号] <> "abc"', (r) => r.订单号 !== 'abc');
  });

  it('function names in any case; whitespace and newlines anywhere', () =>
    expectSame('and (\n  CurrentValue.[价格]  >  1 ,\n  not( CurrentValue.[完成] = 1 )\n)', (r) => r.价格 !== undefined && r.价格 > 1 && !r.完成));

  it('ISBLANK()', () => expectSame('ISBLANK(CurrentValue.[附件])', (r) => (r.附件 ?? []).length === 0));

  it('string escapes', () => {
    const quoted: Row = { ...rows[0]!, id: 'q', 订单号: 'say "hi"' };
    expect(run([quoted, rows[1]!], 'CurrentValue.[订单号] = "say \\"hi\\""', cellsOf)).toEqual(['q']);
  });

  it('field to field comparison', () =>
    expectSame('CurrentValue.[最后更新时间] > CurrentValue.[创建时间]', (r) => shDay(r.最后更新时间) > shDay(r.创建时间)));

  it('lists the fields a filter uses', () => {
    expect(formulaFilterFields('AND(CurrentValue.[价格]>1, CurrentValue.[订单号].contains("a"), CurrentValue.[价格]<9)')).toEqual(['价格', '订单号']);
  });
});

describe('formula filter: errors', () => {
  const at = (source: string, fragment: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = source.indexOf(fragment, i + 1);
    return [...source.slice(0, i)].length;
  };

  const cases: Array<[string, string, (s: string) => number]> = [
    ['CurrentValue.[订单号] = ', 'unexpected end of filter', (s) => s.length],
    ['CurrentValue.[订单号] = "003', 'unterminated string', (s) => at(s, '"')],
    ['currentValue.[订单号]="1"', 'CurrentValue must be written with upper-case C and V', () => 0],
    ['AND(CurrentValue.[价格]>1', "expected ')' but found end of filter", (s) => s.length],
    ['CurrentValue.[价格] >> 1', "unexpected '>'", (s) => at(s, '>', 1)],
    ['CurrentValue.[价格] > 1)', "unexpected ')'", (s) => at(s, ')')],
    ['CurrentValue.[价格] > 1 &&', 'unexpected end of filter', (s) => s.length],
    ['FOO(CurrentValue.[价格])', 'unknown function FOO', () => 0],
    ['CurrentValue.[价格] > N', 'unknown name N', (s) => at(s, 'N')],
    ['CurrentValue.[订单号].startsWith("a")', 'unknown method startsWith (only .contains() is supported)', (s) => at(s, 'startsWith')],
    ['CurrentValue.[订单号].contains()', 'contains() needs at least one value', (s) => at(s, 'contains')],
    ['[订单号]="1"', 'field [订单号] must be written CurrentValue.[订单号]', () => 0],
    ['CurrentValue.[订单号 = "1"', "unterminated field name, missing ']'", (s) => at(s, '[')],
    ['CurrentValue.[] = "1"', 'empty field name', (s) => at(s, '[')],
    ['CurrentValue[订单号] = "1"', "expected '.' but found [订单号]", (s) => at(s, '[')],
    ['"abc"', 'the filter must be a condition (a comparison, AND, OR, NOT or contains)', () => 0],
    ['CurrentValue.[价格] + 1', 'the filter must be a condition (a comparison, AND, OR, NOT or contains)', (s) => at(s, '+')],
    ['AND(CurrentValue.[价格]>1, 2)', 'each argument of AND() must be a condition (a comparison, AND, OR, NOT or contains)', (s) => at(s, '2')],
    ['1 && CurrentValue.[完成]', "each side of '&&' must be a condition (a comparison, AND, OR, NOT or contains)", () => 0],
    ['CurrentValue.[订单号] = “003”', 'unexpected character “ (strings use straight double quotes)', (s) => at(s, '“')],
    ['CurrentValue.[订单号] = \'003\'', "unexpected character ' (strings use straight double quotes)", (s) => at(s, "'")],
    ['CurrentValue.[价格] > 1 # 2', 'unexpected character #', (s) => at(s, '#')],
    ['', 'empty filter', () => 0],
    ['   ', 'empty filter', () => 3],
    ['NOT()', 'NOT() takes 1 argument, got 0', () => 0],
    ['DATE(2024, 1) = TODAY()', 'DATE() takes 3 arguments, got 2', () => 0],
    ['AND() ', 'AND() takes at least 1 argument, got 0', () => 0],
    ['WEEKDAY() = 1', 'WEEKDAY() takes 1 to 2 arguments, got 0', () => 0],
    ['CurrentValue.[订单日期] = TODATE("yesterday")', 'TODATE() needs a date written like "2023-01-01", got "yesterday"', (s) => at(s, '"')],
    ['WEEKDAY(TODAY(), 5) = 1', 'the second argument of WEEKDAY() must be 1, 2 or 3', (s) => at(s, '5')],
    ['TODAY = 1', "expected '(' after TODAY", () => 0],
    ['CurrentValue.[价格] < 1 < 2', "unexpected '<'", (s) => at(s, '<', 1)],
    ['😀CurrentValue.[价格] > 1', 'unexpected character 😀', () => 0],
  ];

  for (const [source, what, pos] of cases) {
    it(`rejects ${JSON.stringify(source)} with 1254018 and a position`, () => {
      expectFilterError(source, 1254018, `InvalidFilter: ${what} at position ${pos(source)}`);
    });
  }

  it('counts positions in characters, not UTF-16 units', () => {
    const source = 'CurrentValue.[😀] = 1 )';
    expectFilterError(source, 1254018, `InvalidFilter: unexpected ')' at position ${[...source].length - 1}`);
  });

  it('an unknown field fails at evaluation, naming the field and where it is', () => {
    const source = 'CurrentValue.[价格] > 1 && CurrentValue.[不存在] = "x"';
    expectFilterError(source, 1254018, `InvalidFilter: unknown field 不存在 at position ${source.indexOf('CurrentValue', 5)}`);
  });

  it('with hasField an unknown field fails at compile time, even with no record to evaluate', () => {
    const source = 'CurrentValue.[价格] > 1 || CurrentValue.[不存在] = "x"';
    const known = new Set(['价格']);
    expect(() => compileFormulaFilter(source)).not.toThrow();
    expectApiError(() => compileFormulaFilter(source, { hasField: (n) => known.has(n) }), 1254018, 200, `InvalidFilter: unknown field 不存在 at position ${source.indexOf('CurrentValue', 5)}`);
  });

  it('an unknown field on a branch that short-circuits does not fail without hasField', () => {
    // Documented consequence of evaluation-time checking; hasField closes the gap.
    expect(run(rows, 'CurrentValue.[价格] = 12345 && CurrentValue.[不存在] = "x"', cellsOf)).toEqual([]);
  });
});

describe('formula filter: length cap (1254107)', () => {
  const ofLength = (n: number) => {
    const head = 'CurrentValue.[订单号] = "';
    return head + '订'.repeat(n - [...head].length - 1) + '"';
  };

  it('accepts exactly 2,000 characters, counting a CJK character as one', () => {
    const source = ofLength(2000);
    expect([...source].length).toBe(2000);
    expect(run(rows, source, cellsOf)).toEqual([]);
  });

  it('refuses 2,001 characters with 1254107', () => {
    expectFilterError(ofLength(2001), 1254107, /^FilterLengthExceedLimit: the filter has 2001 characters, at most 2000 are allowed$/);
  });

  it('checks the length before the syntax', () => {
    expectFilterError('('.repeat(2001), 1254107, /FilterLengthExceedLimit/);
  });
});
