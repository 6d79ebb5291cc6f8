import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../src/events/types.js';
import { activeScopes } from '../../src/schema/eventLoaders.js';
import { sharedSubscriptions } from '../../src/server/useSharedSubscriptions.js';
import { collect, startEventStack, until, type EventStack, type Received } from './eventStack.js';

/**
 * ARCHITECTURE.md, Events: reads made for an event go through loaders shared by every
 * subscription of the identity, so 200 subscribers cost, per event, the upstream calls of one.
 * End to end: a 10-record `createRecords` through the gateway (as Alice, so the operator is a
 * user the contact API knows) makes one Feishu event with 10
 * record actions, which the emulator delivers to the gateway's webhook; the emulator's request
 * log counts every upstream call (the mutation's own included, the same in both runs).
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const TOPIC = topics.record(BASE, LAUNCHES);

const QUERY = `subscription {
  recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") {
    id action operator { name email }
    record { recordId fields createdBy { name } }
    after { field { name } value }
  }
}`;

let s: EventStack;
let recordIds: string[];
beforeAll(async () => {
  s = await startEventStack();
});
afterAll(() => s?.close());

/** Upstream calls per endpoint (path without ids' variation) made while `run` ran. */
async function callsDuring(run: () => Promise<void>): Promise<Record<string, number>> {
  s.emu.log.clear();
  await run();
  const counts: Record<string, number> = {};
  for (const e of s.emu.log.entries) {
    const key = `${e.method} ${e.path.replace(/\/(bascn|tbl|rec)[A-Za-z0-9]{8,}/g, '/:id')}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** `n` subscribers (50 per connection), each receiving the 10 events of one Feishu event. */
async function deliverTo(n: number, label: string): Promise<Record<string, number>> {
  const subs: Received[] = [];
  for (let i = 0; i < n; i += 50) {
    const client = s.ws();
    for (let j = i; j < Math.min(n, i + 50); j++) subs.push(collect(client, QUERY));
  }
  // They share one stream (useSharedSubscriptions.ts): one bus subscription for all n.
  await until(() => sharedSubscriptions(s.events.runtime.services).subscribers === n, 10_000, `${n} subscriptions`);
  expect(s.listening(TOPIC)).toBe(1);
  const calls = await callsDuring(async () => {
    const created = await s.post(`mutation ($records: [RecordFieldsInput!]!) {
      createRecords(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", records: $records }) { records { recordId } }
    }`, { authorization: 'Bearer u-demo-alice' }, { records: Array.from({ length: 10 }, (_, i) => ({ fields: { Launch: `${label} ${i}` } })) });
    expect(created.errors).toBeUndefined();
    recordIds = created.data.createRecords.records.map((r: { recordId: string }) => r.recordId);
    await Promise.all(subs.map((sub) => sub.take(10, 10_000)));
  });
  for (const sub of subs) {
    expect(sub.results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(sub.results.map((r) => r.data.recordChanged.record.recordId).sort()).toEqual([...recordIds].sort());
    expect(sub.results[0].data.recordChanged.operator).toEqual({ name: 'Alice Chen', email: expect.stringContaining('@') });
    sub.stop();
  }
  await until(() => s.listening(TOPIC) === 0 && activeScopes(s.events.runtime.services) === 0, 10_000, 'the subscriptions to end');
  return calls;
}

describe('shared event loaders', () => {
  it('200 subscribers of one identity cost, per event, what one costs', async () => {
    const one = await deliverTo(1, 'One');
    const many = await deliverTo(200, 'Many');
    // The mutation: a field listing (input checks) and one batch_create. The deliveries: one
    // batch_get for the 10 records, one field listing (the `after` values' fields), one
    // users/batch (the operator's email). For 1 subscriber and for 200 alike.
    expect(one).toEqual({
      'POST /open-apis/bitable/v1/apps/:id/tables/:id/records/batch_create': 1,
      'POST /open-apis/bitable/v1/apps/:id/tables/:id/records/batch_get': 1,
      'GET /open-apis/bitable/v1/apps/:id/tables/:id/fields': 2,
      'GET /open-apis/contact/v3/users/batch': 1,
    });
    expect(many).toEqual(one);
  }, 30_000);
});
