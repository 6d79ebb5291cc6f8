import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, TASKS, TEAM, feishuCalls, startDemoStack, type DemoStack, type LoggedCall } from './bitable.js';

/**
 * prefetch.ts: a page's linked records, users and download URLs are queued from the raw page,
 * ahead of the executor. Only what the executor would load may be queued: these tests read
 * selections that ask for less (or that the read-ahead cannot judge) and count the calls.
 */

const page = (cells: string) => `query Q${cells.includes('$on') ? '($on: Boolean!)' : ''} { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 100) { edges { node { recordId ${cells} } } } } } }`;

const NESTED_CELLS = `cells { __typename
  ... on LinkCell { records { recordId cells { ... on TextCell { text } } } }
  ... on UserCell { users { openId name unionId } }
  ... on AttachmentCell { attachments { name temporaryUrl } } }`;

const count = (calls: LoggedCall[], suffix: string) => calls.filter((c) => c.path.endsWith(suffix)).length;
const contactCalls = (calls: LoggedCall[]) => calls.filter((c) => c.path.includes('/contact/')).length;

describe('reading a page ahead of the executor', () => {
  let s: DemoStack;
  beforeAll(async () => {
    s = await startDemoStack();
    await s.gql(`{ app(appToken: "${BASE}") { name } }`); // the tenant token, before any log is read
  });
  afterAll(() => s.close());

  async function read(query: string, variables?: Record<string, unknown>) {
    await s.clearLog();
    const r = await s.gql(query, variables);
    expect(r.errors).toBeUndefined();
    return { data: r.data, calls: await feishuCalls(s) };
  }

  it('answers and calls as the executor alone does (a directive on the way turns the read-ahead off)', async () => {
    const ahead = await read(page(NESTED_CELLS));
    // `@include` on the fragments: the read-ahead cannot judge them, so the executor loads alone.
    const alone = await read(page(NESTED_CELLS.replace(/\.\.\. on (\w+) \{/g, '... on $1 @include(if: $on) {')), { on: true });
    // A temporary URL carries the time it was issued: compare which file it is for.
    const same = (data: unknown) => JSON.parse(JSON.stringify(data, (k, v) => (k === 'temporaryUrl' && typeof v === 'string' ? v.replace(/\.\d+\.[^.]*$/, '') : v)));
    expect(same(ahead.data)).toEqual(same(alone.data));
    expect(ahead.calls.length).toBe(alone.calls.length);
    expect(count(ahead.calls, '/batch_get')).toBeGreaterThan(0);
    expect(contactCalls(ahead.calls)).toBeGreaterThan(0);
    expect(count(ahead.calls, '/batch_get_tmp_download_url')).toBeGreaterThan(0);
  });

  it('queues no linked record when `records` is skipped, none of a fragment that is left out', async () => {
    const skipped = await read(page(`cells { ... on LinkCell { recordIds records @skip(if: true) { recordId } } }`));
    expect(count(skipped.calls, '/batch_get')).toBe(0);
    const excluded = await read(page(`cells { ... on LinkCell @include(if: $on) { records { recordId } } }`), { on: false });
    expect(count(excluded.calls, '/batch_get')).toBe(0);
  });

  it('queues users only for unionId or userId, URLs only for temporaryUrl, linked fields only for linked cells', async () => {
    const { calls } = await read(page(`cells { ... on UserCell { users { openId name email } } ... on AttachmentCell { attachments { name fileToken } } ... on LinkCell { records { recordId } } }`));
    expect(contactCalls(calls)).toBe(0);
    expect(count(calls, '/batch_get_tmp_download_url')).toBe(0);
    expect(count(calls, '/batch_get')).toBeGreaterThan(0);
    // The page's own table only: the linked records' cells are not read.
    expect(count(calls, '/fields')).toBe(1);
  });

  it('reads through named fragments and the Cell interface', async () => {
    const viaFragments = await read(
      `query { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 100) { edges { ...E } } } } }
       fragment E on RecordEdge { node { cells { ... on Cell { ...L } } } }
       fragment L on LinkCell { records { recordId } }`,
    );
    const plain = await read(page(`cells { ... on LinkCell { records { recordId } } }`));
    expect(viaFragments.calls.length).toBe(plain.calls.length);
    expect(count(viaFragments.calls, '/batch_get')).toBe(count(plain.calls, '/batch_get'));
  });

  it('leaves `cell(field:)` to the executor: only the named field\'s table is read', async () => {
    const { calls } = await read(page(`cell(field: "Launch") { ... on LinkCell { records { recordId } } }`));
    const tables = new Set(calls.filter((c) => c.path.endsWith('/batch_get')).map((c) => c.path.split('/')[7]));
    expect(tables).toEqual(new Set([LAUNCHES]));
    expect(tables.has(TEAM)).toBe(false);
  });
});
