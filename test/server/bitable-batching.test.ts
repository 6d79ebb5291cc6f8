import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, TASKS, TEAM, isToken, startDemoStack, waves, type DemoStack, type LoggedCall } from './bitable.js';

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
