import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RecordChanged } from '../../src/events/types.js';
import { topics } from '../../src/events/types.js';
import { sharedSubscriptions } from '../../src/server/useSharedSubscriptions.js';
import { launchRecordIds, startEventStack, until, type EventStack } from './eventStack.js';
import { API_KEY } from './harness.js';

/**
 * graphql-ws subscribers of a shared stream get its results as frames written straight to their
 * socket (src/server/wsFrames.ts): read here on raw sockets, frame by frame. Each subscriber
 * gets every result under its own id, one JSON message per frame; a subscriber's `complete`
 * stops its frames alone; deliveries and errors are counted per subscriber; a result's errors
 * are masked and go to the subscribers of that stream only; the end of a stream is `complete`.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const TOPIC = topics.record(BASE, LAUNCHES);
const QUERY = `subscription { recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") { eventId action recordId record { recordId } } }`;

let s: EventStack;
let recordIds: string[];
beforeAll(async () => {
  s = await startEventStack();
  recordIds = await launchRecordIds(s, BASE, LAUNCHES, 3);
});
afterAll(() => s?.close());
const open: WebSocket[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) ws.close();
  await fetch(`${s.emu.url}/__emulator/faults`, { method: 'DELETE' });
  await until(() => s.listening(TOPIC) === 0 && sharedSubscriptions(s.events.runtime.services).streams === 0, 5_000, 'the subscriptions to end');
});

let seq = 0;
async function publishEvent(): Promise<string> {
  const eventId = `frames-ev-${++seq}`;
  for (const recordId of recordIds) {
    const event: RecordChanged = { kind: 'record', id: `${eventId}:${recordId}`, eventId, appToken: BASE, tableId: LAUNCHES, action: 'record_edited', recordId, revision: 1, occurredAt: Date.now(), operatorOpenId: null, before: [], after: [] };
    await s.publish(event);
  }
  return eventId;
}

/** A raw graphql-transport-ws connection, acknowledged, keeping every message it receives. */
async function rawSocket(params: Record<string, unknown> = { 'x-api-key': API_KEY }) {
  const ws = new WebSocket(s.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  open.push(ws);
  const messages: any[] = [];
  const raw: string[] = [];
  ws.on('message', (data) => {
    raw.push(String(data));
    messages.push(JSON.parse(String(data)));
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'connection_init', payload: params }));
  await until(() => messages.some((m) => m.type === 'connection_ack'), 5_000, 'the ack');
  return {
    ws,
    messages,
    raw,
    subscribe: (id: string, query = QUERY) => ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } })),
    complete: (id: string) => ws.send(JSON.stringify({ id, type: 'complete' })),
    of: (id: string, type = 'next') => messages.filter((m) => m.id === id && m.type === type),
    close: () => ws.close(),
  };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${s.origin}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('field="recordChanged"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('frames written straight to graphql-ws subscribers', () => {
  it('every subscriber gets every result under its own id, one message per frame; its complete stops only its frames; deliveries are counted per subscriber', async () => {
    const a = await rawSocket();
    const b = await rawSocket();
    a.subscribe('one');
    a.subscribe('two');
    b.subscribe('one');
    await until(() => sharedSubscriptions(s.events.runtime.services).subscribers === 3, 5_000, 'three subscribers');
    expect(sharedSubscriptions(s.events.runtime.services).streams).toBe(1);
    expect(await metric('feishu_gateway_subscriptions_active')).toBe(3);
    const deliveredBefore = await metric('feishu_gateway_events_delivered_total');

    const first = await publishEvent();
    await until(() => a.of('one').length === 3 && a.of('two').length === 3 && b.of('one').length === 3, 5_000, 'the first event');
    for (const results of [a.of('one'), a.of('two'), b.of('one')]) {
      expect(results.map((m) => m.payload)).toEqual(recordIds.map((recordId) => ({ data: { recordChanged: { eventId: first, action: 'RECORD_EDITED', recordId, record: { recordId } } } })));
    }
    // Exactly the graphql-ws message, nothing extra, as the protocol spells it.
    expect(Object.keys(a.of('two')[0]!)).toEqual(['id', 'type', 'payload']);
    expect(await metric('feishu_gateway_events_delivered_total')).toBe(deliveredBefore + 9);

    a.complete('one');
    await until(() => sharedSubscriptions(s.events.runtime.services).subscribers === 2, 5_000, "a's first to leave");
    expect(await metric('feishu_gateway_subscriptions_active')).toBe(2);
    const second = await publishEvent();
    await until(() => a.of('two').length === 6 && b.of('one').length === 6, 5_000, 'the second event');
    expect(a.of('one')).toHaveLength(3);
    expect(a.of('two').slice(3).map((m) => m.payload.data.recordChanged.eventId)).toEqual([second, second, second]);
    expect(await metric('feishu_gateway_events_delivered_total')).toBe(deliveredBefore + 15);
    // The client's complete is not answered (graphql-ws never does), and nothing else came.
    expect(a.messages.filter((m) => m.type !== 'next' && m.type !== 'connection_ack')).toEqual([]);

    b.close();
    await until(() => sharedSubscriptions(s.events.runtime.services).subscribers === 1, 5_000, "b's socket to close");
    await publishEvent();
    await until(() => a.of('two').length === 9, 5_000, 'the third event');
    a.close();
  });

  it("a result's errors are masked once and reach each subscriber of that stream, counted per subscriber; another identity's stream sees none of it", async () => {
    const a = await rawSocket();
    const henry = await rawSocket({ authorization: 'Bearer u-demo-henry' });
    a.subscribe('x');
    a.subscribe('y');
    henry.subscribe('h');
    await until(() => sharedSubscriptions(s.events.runtime.services).streams === 2 && s.listening(TOPIC) === 2, 5_000, 'two streams');
    const errorsBefore = await errorCount();
    // The app's record read fails once; Henry's is a read of its own.
    const fault = await fetch(`${s.emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/records/batch_get$', status: 400, code: 1254302, msg: 'no permission', times: 1 }),
    });
    expect(fault.status).toBe(200);
    const id = `frames-err-${++seq}`;
    await s.publish({ kind: 'record', id, eventId: id, appToken: BASE, tableId: LAUNCHES, action: 'record_edited', recordId: recordIds[0]!, revision: 1, occurredAt: Date.now(), operatorOpenId: null, before: [], after: [] });
    await until(() => a.of('x').length === 1 && a.of('y').length === 1 && henry.of('h').length === 1, 5_000, 'the event');
    const [x, y, h] = [a.of('x')[0]!.payload, a.of('y')[0]!.payload, henry.of('h')[0]!.payload];
    expect(x).toEqual(y);
    const failed = x.errors?.length ? x : h;
    const clean = failed === x ? h : x;
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(failed.errors[0].extensions).not.toHaveProperty('http');
    expect(clean.errors).toBeUndefined();
    expect(clean.data.recordChanged.record).toEqual({ recordId: recordIds[0] });
    // Counted once per subscriber that got it: 2 for the app's stream, 1 for Henry's.
    expect((await errorCount()) - errorsBefore).toBe(failed === x ? 2 : 1);
    a.close();
    henry.close();
  });
});

async function errorCount(): Promise<number> {
  const text = await (await fetch(`${s.origin}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('feishu_gateway_graphql_errors_total{') && l.includes('code="FORBIDDEN"'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
