import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/schema/cost/estimate.js';
import { schema } from '../../src/schema/index.js';
import { BASE, TASKS, feishuCalls, startDemoStack, type DemoStack } from './bitable.js';
import { API_KEY, wsRequest } from './harness.js';

const WAR_ROOM = 'oc_f3611ffc526c29f5cc9b265980e96cb4';
const estimate = (query: string, variables?: Record<string, unknown>) => estimateCost(schema, parse(query), undefined, variables)?.estimatedCalls;

/** README, "Querying Bitable". */
const README_BITABLE = `{ app(appToken: "${BASE}") { name table(tableId: "${TASKS}") {
  records(first: 100, where: { conjunction: AND, conditions: [{ field: "Status", operator: IS_NOT, value: ["Done"] }] }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { recordId cells { field { name type }
      ... on LinkCell { records { recordId fields } }
      ... on UserCell { users { name unionId } }
      ... on AttachmentCell { attachments { name temporaryUrl } } } } } } } } }`;
/** README: the read measured at 10 calls on the demo's Tasks table (test/server/bitable-batching.test.ts). */
const README_TASKS = `{ app(appToken: "${BASE}") { name table(tableId: "${TASKS}") { records(first: 100) { edges { node { recordId cells { __typename
  ... on LinkCell { records { recordId cells { ... on TextCell { text } } } }
  ... on UserCell { users { openId name unionId } }
  ... on AttachmentCell { attachments { name temporaryUrl } } } } } } } } }`;
/** README: every table of the demo base at once. */
const README_ALL_TABLES = `{ app(appToken: "${BASE}") { tables { edges { node { records(first: 100) { edges { node { cells {
  ... on LinkCell { records { recordId } } ... on UserCell { users { unionId } } ... on AttachmentCell { attachments { temporaryUrl } } } } } } } } } } }`;
/** README, "Chats and messages". */
const README_CHAT = `{ chat(chatId: "${WAR_ROOM}") { name messages(first: 20, since: "2026-01-01T00:00:00Z", order: DESC) {
  pageInfo { hasNextPage endCursor }
  edges { node { messageId msgType createdAt deleted updated threadId sender { senderType user { name } }
    mentions { key name user { openId } } parent { messageId content { ... on TextContent { text } } }
    content { __typename ... on TextContent { text } ... on PostContent { title text paragraphs } ... on ImageContent { imageKey } } } } } } }`;
/** The benchmark's S1 read (bench/scenarios/s1-nested-read.ts), 500 records. */
const S1 = `{ app(appToken: "b") { name table(tableId: "t") { name records(first: 500) { edges { node { recordId cells { __typename
  ... on TextCell { text } ... on NumberCell { number }
  ... on LinkCell { records { recordId cells { ... on TextCell { text } } } }
  ... on UserCell { users { openId name unionId } }
  ... on AttachmentCell { attachments { name temporaryUrl } } } } } } } } }`;
/** 100 tables x 500 records x their links: a few thousand calls. */
const EXPENSIVE = `{ app(appToken: "${BASE}") { tables(first: 100) { edges { node { records(first: 500) { edges { node { cells { ... on LinkCell { records { recordId } } } } } } } } } } }`;

describe('the estimate (src/schema/cost)', () => {
  it('prices pages, nested lists and batched loads', () => {
    expect(estimate('{ viewer { __typename kind appId } }')).toBe(0);
    expect(estimate(`{ app(appToken: "a") { appToken } }`)).toBe(0);
    expect(estimate(`{ app(appToken: "a") { name revision } }`)).toBe(1);
    // 1 table page + 10 record pages.
    expect(estimate(`{ app(appToken: "a") { tables(first: 10) { edges { node { records(first: 100) { edges { node { recordId } } } } } } } }`)).toBe(11);
    // + one field listing per table for the cells.
    expect(estimate(`{ app(appToken: "a") { tables(first: 10) { edges { node { records(first: 100) { edges { node { cells { __typename } } } } } } } } }`)).toBe(21);
    // 500 records x 2 link cells x 2 links = 2,000 ids, 100 a batch_get.
    expect(estimate(`{ app(appToken: "a") { table(tableId: "t") { records(first: 500) { edges { node { cells { ... on LinkCell { records { recordId } } } } } } } } }`)).toBe(1 + 1 + 20);
    // Users: 50 a call, and only for fields the cell lacks.
    expect(estimate(`{ app(appToken: "a") { table(tableId: "t") { records(first: 100) { edges { node { cells { ... on UserCell { users { name } } } } } } } } }`)).toBe(2);
    expect(estimate(`{ app(appToken: "a") { table(tableId: "t") { records(first: 100) { edges { node { cells { ... on UserCell { users { unionId } } } } } } } } }`)).toBe(2 + 4);
  });

  it('reads variables, fragments, aliases and @skip/@include', () => {
    const q = `query($n: Int, $skip: Boolean!) { app(appToken: "a") { a: tables(first: $n) { ...T } b: tables(first: 1) @skip(if: $skip) { ...T } } }
      fragment T on TableConnection { edges { node { records(first: 5) { edges { node { recordId } } } } } }`;
    expect(estimate(q, { n: 30, skip: true })).toBe(1 + 30);
    expect(estimate(q, { n: 30, skip: false })).toBe(1 + 30 + 1 + 1);
    expect(estimate(q, { skip: true })).toBe(1 + 20); // first defaults to 20
    // An unknown table-size argument over the cap is priced at the cap (the resolver refuses it).
    expect(estimate(`{ app(appToken: "a") { tables(first: 100000) { edges { node { tableId } } } } }`)).toBe(1);
  });

  it('prices mutations by their input', () => {
    const records = Array.from({ length: 1200 }, () => ({ fields: { Task: 'x' } }));
    const m = `mutation($input: CreateRecordsInput!) { createRecords(input: $input) { complete } }`;
    expect(estimate(m, { input: { appToken: 'a', tableId: 't', records } })).toBe(3 + 1);
    expect(estimate(`mutation { deleteRecords(input: { appToken: "a", tableId: "t", recordIds: ["r1", "r2"] }) { deletedRecordIds } }`)).toBe(1);
  });

  it('admits every README example and the benchmark reads under the default budget (1000)', () => {
    const s1 = estimate(S1)!;
    for (const q of [README_BITABLE, README_TASKS, README_ALL_TABLES, README_CHAT, S1]) expect(estimate(q)).toBeLessThanOrEqual(1000);
    expect(s1).toBeGreaterThanOrEqual(26); // the measured minimum of S1 (README, Performance)
    expect(estimate(EXPENSIVE)).toBeGreaterThan(1000);
  });
});

describe('QUERY_COST_BUDGET on the gateway', () => {
  let s: DemoStack;
  beforeAll(async () => {
    s = await startDemoStack();
  });
  afterAll(() => s.close());

  const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('refuses an expensive query with QUERY_TOO_EXPENSIVE before any Feishu call', async () => {
    await s.clearLog();
    const r = await post({ query: EXPENSIVE });
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toHaveLength(1);
    const [e] = r.body.errors;
    expect(e.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', budget: 1000, estimatedCalls: estimate(EXPENSIVE) });
    expect(e.message).toContain('QUERY_COST_BUDGET');
    expect(await feishuCalls(s)).toEqual([]);
  });

  it('answers a dry run with the estimate only, and reports it on request', async () => {
    await s.clearLog();
    const dry = await post({ query: README_BITABLE, extensions: { cost: 'dry-run' } });
    expect(dry.body).toEqual({ data: null, extensions: { cost: { estimatedCalls: estimate(README_BITABLE), budget: 1000, executed: false } } });
    expect(await feishuCalls(s)).toEqual([]);
    const plain = await post({ query: `{ app(appToken: "${BASE}") { name } }` });
    expect(plain.body.extensions).toBeUndefined();
    const reported = await post({ query: `{ app(appToken: "${BASE}") { name } }`, extensions: { cost: 'report' } });
    expect(reported.body).toEqual({ data: { app: { name: 'Product Launch Tracker' } }, extensions: { cost: { estimatedCalls: 1, budget: 1000 } } });
  });

  it('estimates the README examples at or above what they make', async () => {
    const measured: Record<string, { estimate: number; calls: number }> = {};
    for (const [name, query] of Object.entries({ README_BITABLE, README_TASKS, README_ALL_TABLES, README_CHAT })) {
      await s.clearLog();
      const r = await post({ query, extensions: { cost: 'report' } });
      expect(r.body.errors, name).toBeUndefined();
      const calls = (await feishuCalls(s)).length;
      measured[name] = { estimate: r.body.extensions.cost.estimatedCalls, calls };
    }
    console.log('estimate vs calls', JSON.stringify(measured));
    for (const [name, m] of Object.entries(measured)) expect(m.estimate, name).toBeGreaterThanOrEqual(m.calls);
    // Pages are priced full: the demo base has 4 tables where `tables` asks for up to 20.
    for (const name of ['README_BITABLE', 'README_TASKS', 'README_CHAT']) expect(measured[name].estimate, name).toBeLessThanOrEqual(3 * measured[name].calls);
  });

  it('refuses over graphql-ws too, and a subscription priced per event', async () => {
    const tight = await startDemoStack({ QUERY_COST_BUDGET: '3', FEISHU_EVENT_MODE: 'webhook' });
    try {
      const client = tight.ws({ 'x-api-key': API_KEY });
      await tight.clearLog();
      const r = await wsRequest(client, { query: README_BITABLE });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', budget: 3, estimatedCalls: estimate(README_BITABLE) });
      const sub = `subscription { recordChanged(appToken: "${BASE}", tableId: "${TASKS}") { record { cells { ... on LinkCell { records { recordId } } } } operator { unionId } } }`;
      const refused = await wsRequest(client, { query: sub });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', budget: 3 });
      expect(await feishuCalls(tight)).toEqual([]);
    } finally {
      await tight.close();
    }
  });
});
