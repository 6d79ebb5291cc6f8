import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordChanged } from '../../src/events/types.js';
import { topics } from '../../src/events/types.js';
import { activeScopes, heldEvents } from '../../src/schema/eventLoaders.js';
import { sharedSubscriptions } from '../../src/server/useSharedSubscriptions.js';
import { collect, firstSseNext, launchRecordIds, startEventStack, until, type EventStack, type Received } from './eventStack.js';
import { API_KEY, wsRequest } from './harness.js';

/**
 * One execution per (identity, operation) (src/server/useSharedSubscriptions.ts): subscribers
 * of one identity with the same document and variables share one stream (one bus subscription,
 * one execution per event, so the upstream calls of one subscriber), over graphql-ws and SSE
 * alike; other identities, variables or documents get streams of their own; a subscriber that
 * leaves detaches alone, the last one ends the stream, and refusals stay with their subscriber.
 * The `record` field's `batch_get` counts executions: the shared per-event loaders make it one
 * call per identity and event, and each stream reads as its own identity.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const TEAM = 'tblQlbNAeajHNCRW'; // Henry cannot read it
const TOPIC = topics.record(BASE, LAUNCHES);
const henry = { authorization: 'Bearer u-demo-henry' };

const QUERY = `subscription ($actions: [RecordChangeAction!]) {
  recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}", actions: $actions) { id eventId action recordId record { recordId } }
}`;

let s: EventStack;
let recordIds: string[];
beforeAll(async () => {
  s = await startEventStack();
  recordIds = await launchRecordIds(s, BASE, LAUNCHES, 10);
});
afterAll(() => s?.close());
afterEach(() => until(() => s.listening(TOPIC) === 0 && sharedSubscriptions(s.events.runtime.services).streams === 0 && activeScopes(s.events.runtime.services) === 0, 5_000, 'the subscriptions to end'));

const shared = () => sharedSubscriptions(s.events.runtime.services);

let seq = 0;
/** One Feishu event's actions (one event id), as the webhook receiver publishes them. */
async function publishEvent(action: RecordChanged['action'] = 'record_edited', ids = recordIds): Promise<string> {
  const eventId = `share-ev-${++seq}`;
  for (const recordId of ids) {
    await s.publish({ kind: 'record', id: `${eventId}:${recordId}`, eventId, appToken: BASE, tableId: LAUNCHES, action, recordId, revision: 1, occurredAt: Date.now(), operatorOpenId: null, before: [], after: [] });
  }
  return eventId;
}

const batchGets = () => s.emu.log.entries.filter((r) => r.path.endsWith('/records/batch_get')).length;

/** `n` subscribers on `perClient` per connection, all as `who`. */
function subscribers(n: number, variables?: Record<string, unknown>, who: Record<string, unknown> = { 'x-api-key': API_KEY }, perClient = 10): Received[] {
  const subs: Received[] = [];
  for (let i = 0; i < n; i += perClient) {
    const client = s.ws(who);
    for (let j = i; j < Math.min(n, i + perClient); j++) subs.push(collect(client, QUERY, variables));
  }
  return subs;
}

/** Delivers one 10-action event to `subs`: the batch_get calls it cost. */
async function deliver(subs: Received[]): Promise<{ calls: number; eventId: string }> {
  const before = subs.map((sub) => sub.results.length);
  s.emu.log.clear();
  const eventId = await publishEvent();
  await Promise.all(subs.map((sub, i) => sub.take(before[i] + 10, 10_000)));
  for (const [i, sub] of subs.entries()) {
    const got = sub.results.slice(before[i]).map((r) => r.data.recordChanged);
    expect(got.map((e) => e.eventId)).toEqual(Array(10).fill(eventId));
    expect(got.map((e) => e.record.recordId)).toEqual(recordIds);
  }
  return { calls: batchGets(), eventId };
}

describe('one execution per identity and operation', () => {
  it('30 subscribers on 3 connections share one stream: per event the calls of one, and each gets every result', async () => {
    const one = subscribers(1);
    await until(() => shared().subscribers === 1, 5_000, 'the first subscriber');
    const alone = await deliver(one);
    one[0].stop();
    await until(() => shared().streams === 0, 5_000, 'the first stream to end');

    const subs = subscribers(30);
    await until(() => shared().subscribers === 30, 10_000, '30 subscribers');
    expect(shared().streams).toBe(1);
    expect(s.listening(TOPIC)).toBe(1);
    const many = await deliver(subs);
    expect(alone.calls).toBe(1);
    expect(many.calls).toBe(alone.calls);
    for (const sub of subs) sub.stop();
    await until(() => shared().subscribers === 0 && s.listening(TOPIC) === 0, 5_000, 'the stream to end');
    expect(heldEvents(s.events.runtime.services)).toBe(0);
  });

  it('a subscriber that leaves, the first one included, does not stop the others; the last one ends the stream', async () => {
    const subs = subscribers(5, undefined, undefined, 1);
    await until(() => shared().subscribers === 5, 5_000, '5 subscribers');
    await deliver(subs);
    // The stream runs on the first subscriber's context: it leaves first.
    subs[0].stop();
    subs[3].stop();
    await until(() => shared().subscribers === 3, 5_000, 'two to leave');
    expect(shared().streams).toBe(1);
    const rest = [subs[1], subs[2], subs[4]];
    await deliver(rest);
    expect(subs[0].results).toHaveLength(10);
    expect(subs[3].results).toHaveLength(10);
    for (const sub of rest) sub.stop();
    await until(() => shared().streams === 0 && s.listening(TOPIC) === 0 && activeScopes(s.events.runtime.services) === 0, 5_000, 'the last to end the stream');
    expect(heldEvents(s.events.runtime.services)).toBe(0);
    // A new subscriber after that starts a stream of its own, and receives.
    const again = subscribers(1);
    await until(() => shared().subscribers === 1, 5_000, 'a new subscriber');
    await deliver(again);
    again[0].stop();
  });

  it('different variables do not share: each stream filters by its own arguments', async () => {
    const all = subscribers(2);
    const deletes = subscribers(2, { actions: ['RECORD_DELETED'] });
    await until(() => shared().subscribers === 4, 5_000, '4 subscribers');
    expect(shared().streams).toBe(2);
    expect(s.listening(TOPIC)).toBe(2);
    await publishEvent('record_edited', recordIds.slice(0, 2));
    await publishEvent('record_deleted', ['recGone1']);
    for (const sub of all) expect((await sub.take(3)).map((r) => r.data.recordChanged.action)).toEqual(['RECORD_EDITED', 'RECORD_EDITED', 'RECORD_DELETED']);
    for (const sub of deletes) expect((await sub.take(1)).map((r) => r.data.recordChanged)).toEqual([expect.objectContaining({ action: 'RECORD_DELETED', recordId: 'recGone1', record: null })]);
    await new Promise((r) => setTimeout(r, 100));
    for (const sub of deletes) expect(sub.results).toHaveLength(1);
    for (const sub of [...all, ...deletes]) sub.stop();
  });

  it('a different document does not share (another selection, the same field and arguments)', async () => {
    const a = subscribers(1);
    const client = s.ws();
    const b = collect(client, `subscription { recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") { eventId } }`);
    await until(() => shared().subscribers === 2, 5_000, '2 subscribers');
    expect(shared().streams).toBe(2);
    await publishEvent('record_edited', recordIds.slice(0, 1));
    expect((await a[0].take(1))[0].data.recordChanged.record.recordId).toBe(recordIds[0]);
    expect((await b.take(1))[0].data.recordChanged).toEqual({ eventId: expect.stringMatching(/^share-ev-/) });
    a[0].stop();
    b.stop();
  });

  it('two identities never share: each has its stream and reads the record with its own token', async () => {
    const app = subscribers(3);
    const user = subscribers(3, undefined, henry);
    await until(() => shared().subscribers === 6, 5_000, '6 subscribers');
    expect(shared().streams).toBe(2);
    s.emu.log.clear();
    const eventId = await publishEvent('record_edited', recordIds.slice(0, 3));
    for (const sub of [...app, ...user]) expect((await sub.take(3)).map((r) => r.data.recordChanged.eventId)).toEqual([eventId, eventId, eventId]);
    // One batch_get per identity (the app's and Henry's), not one per subscriber.
    expect(batchGets()).toBe(2);
    for (const sub of [...app, ...user]) sub.stop();
  });

  it("a refusal reaches only its subscriber: Henry's FORBIDDEN on a table he cannot read, twice at once, leaves the app's stream on it alone", async () => {
    const teamQuery = `subscription { recordChanged(appToken: "${BASE}", tableId: "${TEAM}") { eventId } }`;
    const app = collect(s.ws(), teamQuery);
    await until(() => shared().subscribers === 1, 5_000, "the app's subscriber");
    const [first, second] = await Promise.all([wsRequest(s.ws(henry), { query: teamQuery }), wsRequest(s.ws(henry), { query: teamQuery })]);
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', feishu: { code: 1254302 } });
    expect(second.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(shared()).toEqual({ streams: 1, subscribers: 1 });
    await s.publish({ kind: 'record', id: 'team-ev:recT', eventId: 'team-ev', appToken: BASE, tableId: TEAM, action: 'record_deleted', recordId: 'recT', revision: 1, occurredAt: Date.now(), operatorOpenId: null, before: [], after: [] });
    expect((await app.take(1))[0].data.recordChanged.eventId).toBe('team-ev');
    app.stop();
    await until(() => s.listening(topics.record(BASE, TEAM)) === 0, 5_000, "the app's stream to end");
  });

  it('SSE and graphql-ws subscribers of one identity and operation share one stream; the SSE client leaving detaches it alone', async () => {
    const ws = subscribers(1);
    const controller = new AbortController();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: QUERY }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    await until(() => shared().subscribers === 2, 5_000, '2 subscribers');
    expect(shared().streams).toBe(1);
    const eventId = await publishEvent('record_edited', recordIds.slice(0, 1));
    expect((await firstSseNext(res)).data.recordChanged).toMatchObject({ eventId, recordId: recordIds[0], record: { recordId: recordIds[0] } });
    expect((await ws[0].take(1))[0].data.recordChanged.eventId).toBe(eventId);
    controller.abort();
    await until(() => shared().subscribers === 1, 5_000, 'the SSE subscriber to leave');
    const next = await publishEvent('record_edited', recordIds.slice(1, 2));
    expect((await ws[0].take(2))[1].data.recordChanged.eventId).toBe(next);
    ws[0].stop();
  });
});
