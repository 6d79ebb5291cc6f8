import { newTable, type TestTable } from './bitableTable.js';
import { newUser, withUserAccessToken, type TestEmulator, type TestUser } from './emulator.js';
import { DAY, dayNo, OFFSET, shDay } from './shanghaiDays.js';

/**
 * A table for the query-language suites: every filterable field type, 40 rows of varied values
 * (empties included) written through the official SDK, and a plain model of what was written so
 * a test can compute the expected answer of a filter on its own.
 *
 * The emulator's clock is frozen at NOW (a Wednesday, 10:00 in Asia/Shanghai, the base's zone),
 * so TODAY(), ["Today"] and created_time are the same on every run.
 */

/** 2024-05-15 10:00 +08:00 (Wednesday). */
const NOW = Date.UTC(2024, 4, 15, 2, 0, 0);
/** The calendar day (shanghaiDays' numbering) of NOW. */
export const TODAY = shDay(NOW);
/** Epoch ms of `hh:mm` Shanghai time on calendar day `day`. */
export const atLocal = (day: number, hh: number, mm = 0) => day * DAY - OFFSET + (hh * 60 + mm) * 60_000;
/** Year, month (1-12) and day of month of a calendar day. */
export const ymd = (day: number) => {
  const d = new Date(day * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

const STATUS = ['未开始', '进行中', '已完成'] as const;
const TAGS = ['红', '绿', '蓝'] as const;
export const PROJECTS = ['Alpha', 'Beta', 'Gamma', 'Alpha Two'] as const;
export const USERS = ['袁志伟', '李雷', 'Han Mei'] as const;

/** Day offsets from today the date cells cycle through; 2021 dates come in every tenth row. */
const OFFSETS = [0, -1, 1, -2, 2, -6, 6, -7, 7, -15, 15, -31, 31, -45, 45, -3, -9, 12];
const JUNE_2021 = [dayNo(2021, 6, 1), dayNo(2021, 6, 15), dayNo(2021, 6, 30), dayNo(2021, 7, 1)];

/** One row as written; undefined = the cell was left empty. */
export interface Row {
  id: string;
  text?: string;
  price?: number;
  status?: string;
  tags?: string[];
  date?: number;
  done?: boolean;
  /** Indexes into USERS. */
  owners?: number[];
  phone?: string;
  url?: { text: string; link: string };
  /** Indexes into PROJECTS. */
  projects?: number[];
  /** Index into USERS of the writer. */
  creator: number;
}

export interface QueryTable {
  b: TestTable;
  rows: Row[];
  users: TestUser[];
  /** Record ids of the Projects table, by PROJECTS index. */
  projectIds: string[];
  /** Field ids by name. */
  fieldIds: Record<string, string>;
  /** Option ids of 状态 by name. */
  statusIds: Record<string, string>;
}

const pad = (i: number) => String(i).padStart(3, '0');

function rowValues(i: number): Omit<Row, 'id' | 'creator'> {
  const row: Omit<Row, 'id' | 'creator'> = {};
  if (i % 7 !== 0) row.text = i === 3 ? '003' : i % 3 === 0 ? `ord-${pad(i)}` : `ORD-${pad(i)}`;
  if (i % 6 !== 0) row.price = ((i * 37) % 100) / 2;
  if (i % 4 !== 0) row.status = STATUS[i % 3];
  const tags = TAGS.filter((_, bit) => i % 5 !== 0 && (i >> bit) & 1);
  if (tags.length) row.tags = [...tags];
  if (i % 8 !== 7) {
    const day = i % 10 === 9 ? JUNE_2021[(i / 10) | 0]! : TODAY + OFFSETS[i % OFFSETS.length]!;
    // Times across the day, late evening included, so dates must be compared by local day.
    row.date = atLocal(day, (i * 5) % 24, i % 2 ? 30 : 0);
  }
  if (i % 3 === 0) row.done = true;
  else if (i % 3 === 1) row.done = false;
  if (i % 5 !== 4) row.owners = i % 7 === 1 ? [0, 1] : [i % 3];
  if (i % 9 !== 0) row.phone = `+86${13800000000 + i}`;
  if (i % 4 !== 2) row.url = { text: `site${i % 5}`, link: `https://example.com/${i}` };
  if (i % 6 !== 5) row.projects = i % 11 === 0 ? [0, 1] : [i % 4];
  return row;
}

export const ROW_COUNT = 40;

export async function queryTable(t: TestEmulator): Promise<QueryTable> {
  t.emu.rt.now = () => NOW;
  const users: TestUser[] = [];
  for (const name of USERS) users.push(await newUser(t, name));

  const b = await newTable(t, 'Queries');
  const projects = await b.table('Projects');
  const created = await t.sdk.bitable.appTableRecord.batchCreate({ path: projects.sdkPath, data: { records: PROJECTS.map((name) => ({ fields: { 多行文本: name } })) } });
  if (created.code !== 0) throw new Error(`projects: ${created.msg}`);
  const projectIds = created.data!.records!.map((r) => r.record_id!);
  const projectPrimary = (await projects.listFields()).find((f) => f.field_name === '多行文本')!.field_id!;

  const options = (names: readonly string[]) => ({ options: names.map((name) => ({ name })) });
  await b.field({ field_name: '价格', type: 2 });
  const status = await b.field({ field_name: '状态', type: 3, property: options(STATUS) });
  await b.field({ field_name: '标签', type: 4, property: options(TAGS) });
  await b.field({ field_name: '日期', type: 5 });
  await b.field({ field_name: '完成', type: 7 });
  await b.field({ field_name: '负责人', type: 11 });
  await b.field({ field_name: '电话', type: 13 });
  await b.field({ field_name: '链接', type: 15 });
  const link = await b.field({ field_name: '项目', type: 18, property: { table_id: projects.tableId } });
  await b.field({ field_name: '项目名', type: 19, property: { link_field_id: link.field_id, target_field_id: projectPrimary } });
  await b.field({ field_name: '双倍', type: 20, property: { formula_expression: '[价格]*2' } });
  await b.field({ field_name: '创建人', type: 1003 });
  await b.field({ field_name: '创建时间', type: 1001 });

  const values = Array.from({ length: ROW_COUNT }, (_, i) => rowValues(i));
  const toFields = (r: Omit<Row, 'id' | 'creator'>) => {
    const f: Record<string, unknown> = {};
    if (r.text !== undefined) f.多行文本 = r.text;
    if (r.price !== undefined) f.价格 = r.price;
    if (r.status !== undefined) f.状态 = r.status;
    if (r.tags !== undefined) f.标签 = r.tags;
    if (r.date !== undefined) f.日期 = r.date;
    if (r.done !== undefined) f.完成 = r.done;
    if (r.owners !== undefined) f.负责人 = r.owners.map((u) => ({ id: users[u].open_id }));
    if (r.phone !== undefined) f.电话 = r.phone;
    if (r.url !== undefined) f.链接 = r.url;
    if (r.projects !== undefined) f.项目 = r.projects.map((p) => projectIds[p]);
    return f;
  };
  // Two writers: the first half by user 0, the second by user 1 (创建人 and created_by differ).
  const rows: Row[] = [];
  for (const [creator, slice] of [[0, values.slice(0, 20)], [1, values.slice(20)]] as const) {
    const res = await t.sdk.bitable.appTableRecord.batchCreate({ path: b.sdkPath, data: { records: slice.map((r) => ({ fields: toFields(r) as never })) } }, withUserAccessToken(users[creator].user_access_token));
    if (res.code !== 0) throw new Error(`rows: ${res.msg}`);
    res.data!.records!.forEach((rec, i) => rows.push({ ...slice[i], id: rec.record_id!, creator }));
  }

  const fieldIds = Object.fromEntries((await b.listFields()).map((f) => [f.field_name!, f.field_id!]));
  const statusIds = Object.fromEntries((status.property.options as { id: string; name: string }[]).map((o) => [o.name, o.id]));
  return { b, rows, users, projectIds, fieldIds, statusIds };
}
