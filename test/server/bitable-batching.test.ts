import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSETS, BASE, LAUNCHES, TASKS, TEAM, isToken, startDemoStack, waves, type DemoStack, type LoggedCall } from './bitable.js';

/**
 * ARCHITECTURE.md, Batching and "latency follows the data": a nested read of 100 tasks with
 * their linked records, users and attachment URLs costs the minimum number of Feishu calls, in
 * two waves after the token; with GATEWAY_BATCHING=off it costs one call per item.
 */

const NESTED = `{ app(appToken: "${BASE}") { name table(tableId: "${TASKS}") { records(first: 100) { edges { node { recordId cells { __typename
  ... on LinkCell { records { recordId cells { ... on TextCell { text } } } }
  ... on UserCell { users { openId name unionId } }
  ... on AttachmentCell { attachments { name temporaryUrl } } } } } } } } }`;

const ceil = (n: number, size: number) => Math.ceil(n / size);

/** What the 100 tasks name, from their raw fields (read before the log is cleared). */
async function expectedFor(s: DemoStack) {
  const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 100) { edges { node { fields } } } } } }`);
  const rows = r.data.app.table.records.edges.map((e: any) => e.node.fields);
  const launches = new Set<string>(rows.flatMap((f: any) => f.Launch?.link_record_ids ?? []));
  const team = new Set<string>(rows.flatMap((f: any) => f.Reviewer?.link_record_ids ?? []));
  const users = new Set<string>(rows.flatMap((f: any) => (f.Assignee ?? []).map((u: any) => u.id)));
  const files = new Set<string>(rows.flatMap((f: any) => (f.Attachments ?? []).map((a: any) => a.file_token)));
  expect(launches.size).toBeGreaterThan(1);
  expect(team.size).toBeGreaterThan(1);
  expect(users.size).toBeGreaterThan(1);
  expect(files.size).toBeGreaterThan(5);
  const fixed = 1 /* app */ + 3 /* one field list per table: Tasks, Launches, Team */ + 1; /* the record page */
  return {
    batched: fixed + ceil(launches.size, 100) + ceil(team.size, 100) + ceil(users.size, 50) + ceil(files.size, 5),
    perItem: fixed + launches.size + team.size + users.size + files.size,
  };
}

async function run(s: DemoStack): Promise<LoggedCall[]> {
  await s.clearLog();
  const r = await s.gql(NESTED);
  expect(r.errors).toBeUndefined();
  expect(r.data.app.table.records.edges).toHaveLength(100);
  return (await s.log()).filter((c) => !isToken(c));
}

const byEndpoint = (calls: LoggedCall[]) => {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const k = `${c.method} ${c.path.replace(/tbl\w+/, 'TABLE')}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

describe('fewest calls', () => {
  let s: DemoStack;
  beforeAll(async () => {
    s = await startDemoStack();
  });
  afterAll(() => s.close());

  it('a nested read of 100 records makes exactly the minimum number of calls', async () => {
    const { batched } = await expectedFor(s);
    const calls = await run(s);
    console.log(`batching on: ${calls.length} calls (expected ${batched})`, byEndpoint(calls));
    expect(calls).toHaveLength(batched);
    const batchGets = calls.filter((c) => c.path.endsWith('/batch_get'));
    expect(batchGets.map((c) => c.path.split('/')[7]).sort()).toEqual([LAUNCHES, TEAM].sort());
    expect(calls.filter((c) => c.path.endsWith('/fields'))).toHaveLength(3);
  });

  it('unionId is the only user field that costs a contact call', async () => {
    await s.clearLog();
    const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 50) { edges { node { createdBy { openId name email } cell(field: "Assignee") { ... on UserCell { users { name avatarUrl } } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    expect((await s.log()).filter((c) => c.path.includes('/contact/'))).toHaveLength(0);
  });
});

describe('fewest calls with GATEWAY_BATCHING=off', () => {
  let s: DemoStack;
  beforeAll(async () => {
    s = await startDemoStack({ GATEWAY_BATCHING: 'off' });
  });
  afterAll(() => s.close());

  it('makes one call per item (N+1)', async () => {
    const { batched, perItem } = await expectedFor(s);
    const calls = await run(s);
    console.log(`batching off: ${calls.length} calls (expected ${perItem}, batched ${batched})`, byEndpoint(calls));
    expect(calls.length).toBeGreaterThan(batched);
    expect(calls).toHaveLength(perItem);
  }, 30_000);
});

describe('fewest round trips', () => {
  let s: DemoStack;
  beforeAll(async () => {
    s = await startDemoStack();
    await s.emulatorConfig({ latencyMs: 50 });
  });
  afterAll(() => s.close());

  it('records, then what they name: at most two waves after the token', async () => {
    await s.clearLog();
    const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 100) { edges { node { recordId cells { __typename
      ... on LinkCell { records { recordId cells { ... on TextCell { text } } } }
      ... on UserCell { users { unionId } }
      ... on AttachmentCell { attachments { temporaryUrl } } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    const all = await s.log();
    const calls = all.filter((c) => !isToken(c));
    const w = waves(calls);
    console.log('waves after the token:', w.map((x) => x.map((c) => c.path.split('/').slice(-2).join('/'))));
    expect(w.length).toBeLessThanOrEqual(2);
    expect(w[0].some((c) => c.path.endsWith('/records/search'))).toBe(true);
    expect(w[w.length - 1].some((c) => c.path.endsWith('/batch_get'))).toBe(true);
  });
});

describe('fewest calls over every table of the base (issue 4)', () => {
  let s: DemoStack;
  beforeAll(async () => {
    s = await startDemoStack();
  });
  afterAll(() => s.close());

  // One query over the demo base's tables; linked records' cells need their table's field list,
  // which the outer level already loads (links stay inside the base). recordIds, linkedTable,
  // openId and fileToken come from data already in hand (no call) and let the test count.
  const ALL_TABLES = `{ app(appToken: "${BASE}") { tables(first: 10) { edges { node { tableId records(first: 100) { edges { node { recordId cells { __typename
    ... on LinkCell { recordIds linkedTable { tableId } records { recordId cells { ... on TextCell { text } } } }
    ... on UserCell { users { openId unionId } }
    ... on AttachmentCell { attachments { fileToken temporaryUrl } } } } } } } } } } }`;

  it('makes exactly the minimum number of calls, computed from the returned data', async () => {
    await s.gql(`{ app(appToken: "${BASE}") { name } }`); // caches the tenant token before the log is cleared
    await s.clearLog();
    const r = await s.gql(ALL_TABLES);
    expect(r.errors).toBeUndefined();
    const all = await s.log();
    const tokenCalls = all.filter(isToken).length;
    const calls = all.filter((c) => !isToken(c));

    const tables = r.data.app.tables.edges.map((e: any) => e.node);
    expect(tables.map((t: any) => t.tableId).sort()).toEqual([ASSETS, LAUNCHES, TASKS, TEAM].sort());
    const cells = tables.flatMap((t: any) => t.records.edges.flatMap((e: any) => e.node.cells));
    const linked = new Map<string, Set<string>>();
    for (const c of cells.filter((c: any) => c.__typename === 'LinkCell')) {
      const ids = linked.get(c.linkedTable.tableId) ?? new Set<string>();
      for (const id of c.recordIds) ids.add(id);
      linked.set(c.linkedTable.tableId, ids);
      expect(c.records.map((x: any) => x.recordId)).toEqual(c.recordIds);
    }
    const tableIds = new Set<string>(tables.map((t: any) => t.tableId));
    const involved = new Set<string>([...tableIds, ...linked.keys()]);
    expect(involved.size).toBe(4); // links point inside the base
    const users = new Set<string>(cells.filter((c: any) => c.__typename === 'UserCell').flatMap((c: any) => c.users.map((u: any) => u.openId)));
    const files = new Set<string>(cells.filter((c: any) => c.__typename === 'AttachmentCell').flatMap((c: any) => c.attachments.map((a: any) => a.fileToken)));
    expect(users.size).toBeGreaterThan(1);
    expect(files.size).toBeGreaterThan(5);

    const expected = {
      token: 0,
      app: 0, // the query asks no App field
      tables: 1,
      fields: involved.size,
      pages: tables.length,
      batchGet: [...linked.values()].reduce((n, ids) => n + ceil(ids.size, 100), 0),
      users: ceil(users.size, 50),
      tmpUrls: ceil(files.size, 5),
    };
    const actual = {
      token: tokenCalls,
      app: calls.filter((c) => /\/apps\/\w+$/.test(c.path)).length,
      tables: calls.filter((c) => c.path.endsWith('/tables')).length,
      fields: calls.filter((c) => c.path.endsWith('/fields')).length,
      pages: calls.filter((c) => /\/records(\/search)?$/.test(c.path)).length,
      batchGet: calls.filter((c) => c.path.endsWith('/records/batch_get')).length,
      users: calls.filter((c) => c.path.includes('/contact/')).length,
      tmpUrls: calls.filter((c) => c.path.endsWith('/batch_get_tmp_download_url')).length,
    };
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    console.log(`all tables: ${all.length} calls (expected ${total})`, { linked: Object.fromEntries([...linked].map(([t, ids]) => [t, ids.size])), users: users.size, files: files.size }, actual, byEndpoint(calls));
    const t0 = Math.min(...calls.map((c) => c.at));
    console.log(calls.map((c) => `${c.at - t0}+${c.durationMs}ms ${c.method} ${c.path.split('/').slice(-3).join('/')} ${JSON.stringify(c.query).length > 300 ? Object.fromEntries(Object.entries(c.query).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])) : JSON.stringify(c.query)}`).join('\n'));
    expect(actual).toEqual(expected);
    expect(all).toHaveLength(total);
  });
});
