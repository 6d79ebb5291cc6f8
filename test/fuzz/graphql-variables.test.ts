import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, TASKS, startDemoStack, writesIn, type DemoStack } from '../server/bitable.js';
import { API_KEY } from '../server/harness.js';
import { fuzzSettings } from './settings.js';

/**
 * The gateway's input validation over real HTTP, fuzzed with arbitrary variables: every answer
 * is JSON with a status under 500, every error carries one of API.md's codes (never
 * INTERNAL_SERVER_ERROR), a BAD_USER_INPUT names its argument, and a dry run writes nothing
 * whatever it was given. Few runs (each is a round trip through gateway and emulator).
 */

const CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED', 'CONFLICT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR'];

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s?.close());

async function post(query: string, variables: unknown) {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  expect(res.status, text).toBeLessThan(500);
  const body = JSON.parse(text) as { data?: any; errors?: any[] };
  for (const e of body.errors ?? []) {
    expect(CODES, JSON.stringify(e)).toContain(e.extensions?.code);
    if (e.extensions.code === 'BAD_USER_INPUT' && e.path === undefined) expect(typeof e.extensions.argumentPath, JSON.stringify(e)).toBe('string');
  }
  return body;
}

const id = fc.oneof(fc.constantFrom(BASE, TASKS, '', '..', 'rec1', 'a/b'), fc.string({ unit: 'binary', maxLength: 12 }));
const cell = fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 8 }), fc.double(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }));
const fields = fc.oneof(fc.dictionary(fc.constantFrom('Task', 'Status', 'Estimate (h)', 'Due', 'Done', 'Nope'), cell, { maxKeys: 3 }), fc.jsonValue());
const someOf = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.jsonValue());

describe('fuzz: GraphQL variables through a live gateway', () => {
  it('createRecords / updateRecords / deleteRecords inputs, always dry: documented errors only, nothing written', async () => {
    const input = fc.record(
      {
        appToken: someOf(fc.constant(BASE)),
        tableId: someOf(fc.constant(TASKS)),
        records: someOf(fc.array(fc.record({ fields, recordId: id }, { requiredKeys: [] }), { maxLength: 3 })),
        recordIds: someOf(fc.array(id, { maxLength: 3 })),
        idempotencyKey: someOf(fc.string({ maxLength: 8 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('createRecords', 'updateRecords', 'deleteRecords'), input, async (name, raw) => {
        await s.clearLog();
        const { records, recordIds, ...common } = raw as Record<string, unknown>;
        const vars = { ...common, ...(name === 'deleteRecords' ? { recordIds } : { records }), dryRun: true };
        await post(`mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { complete plannedCalls { method path } } }`, { input: vars });
        expect(writesIn(await s.log())).toEqual([]);
      }),
      fuzzSettings(60),
    );
  });

  it('records(first, filter, where, sort): data or documented errors', async () => {
    const where = someOf(fc.record({ conjunction: someOf(fc.constantFrom('AND', 'OR')), conditions: someOf(fc.array(fc.record({ field: someOf(fc.constantFrom('Task', 'Status', 'Nope')), operator: someOf(fc.constantFrom('IS', 'CONTAINS', 'IS_GREATER', 'IS_EMPTY')), value: someOf(fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 })) }, { requiredKeys: [] }), { maxLength: 3 })) }, { requiredKeys: [] }));
    const vars = fc.record({ first: someOf(fc.integer({ min: -5, max: 600 })), filter: someOf(fc.string({ unit: 'binary', maxLength: 30 })), where, sort: someOf(fc.array(fc.record({ field: fc.constantFrom('Task', 'Nope'), desc: fc.boolean() }), { maxLength: 2 })) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(vars, async (v) => {
        await post('query($first: Int, $filter: String, $where: RecordFilterInput, $sort: [RecordSortInput!]) { app(appToken: "' + BASE + '") { table(tableId: "' + TASKS + '") { records(first: $first, filter: $filter, where: $where, sort: $sort) { edges { node { recordId } } } } } }', v);
      }),
      fuzzSettings(60),
    );
  });

  it('still serving afterwards', async () => {
    const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 1) { edges { node { recordId } } } } } }`);
    expect(r.errors).toBeUndefined();
  });
});
