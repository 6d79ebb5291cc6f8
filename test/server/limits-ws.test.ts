import { sharedSubscriptions } from '../../src/server/useSharedSubscriptions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { topics, type RecordChanged } from '../../src/events/types.js';
import { collect, startEventStack, until, type EventStack } from './eventStack.js';
import { API_KEY, wsRequest } from './harness.js';

/**
 * graphql-ws limits: MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions a connection (one more is
 * refused with an error naming the setting, the connection stays usable, another connection is
 * not affected), and a message over MAX_BODY_BYTES closes its socket with 1009.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const MAX_BODY = 16 * 1024;
const TIMEOUT_MS = 200;
const SUBSCRIBE = `subscription { recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") { id } }`;

let s: EventStack;
beforeAll(async () => {
  s = await startEventStack({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '2', MAX_BODY_BYTES: String(MAX_BODY), EXECUTION_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(() => s?.close());

const topic = topics.record(BASE, LAUNCHES);
// Identical subscriptions share one bus listener (useSharedSubscriptions): count subscribers.
const subscribers = () => sharedSubscriptions(s.events.runtime.services).subscribers;

describe('EXECUTION_TIMEOUT_MS and subscriptions', () => {
  it('a subscription outlives the execution timeout and still delivers', async () => {
    const sub = collect(s.ws(), SUBSCRIBE);
    await until(() => s.listening(topic) === 1, 5_000, 'the subscription');
    await new Promise((r) => setTimeout(r, 3 * TIMEOUT_MS));
    const event: RecordChanged = { kind: 'record', id: 'ev-late:rec1', eventId: 'ev-late', appToken: BASE, tableId: LAUNCHES, action: 'record_deleted', recordId: 'rec1', revision: 1, occurredAt: Date.now(), operatorOpenId: 'ou_f8e268529dbed0b638051597db41bf02', before: [], after: [] };
    await s.publish(event);
    expect(await sub.take(1)).toEqual([{ data: { recordChanged: { id: 'ev-late:rec1' } } }]);
    sub.stop();
    await until(() => s.listening(topic) === 0, 5_000, 'the subscription to end');
  });
});

describe('subscriptions per connection', () => {
  it('the third subscription on a connection is refused naming the limit; queries still run; after one ends another is admitted', async () => {
    const client = s.ws();
    const a = collect(client, SUBSCRIBE);
    const b = collect(client, SUBSCRIBE);
    await until(() => subscribers() === 2, 5_000, 'two subscriptions');
    const c = collect(client, SUBSCRIBE);
    const errors = await c.error;
    expect(errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', limit: 'MAX_SUBSCRIPTIONS_PER_CONNECTION' } });
    expect(errors[0].message).toContain('MAX_SUBSCRIPTIONS_PER_CONNECTION allows (2)');
    expect(subscribers()).toBe(2);
    // A query is not a subscription: it runs on the full connection.
    const viewer = await wsRequest(client, { query: '{ viewer { kind } }' });
    expect(viewer).toEqual({ data: { viewer: { kind: 'APP' } } });
    // Another connection has its own allowance.
    const other = collect(s.ws(), SUBSCRIBE);
    await until(() => subscribers() === 3, 5_000, 'the other connection\'s subscription');
    other.stop();
    a.stop();
    await until(() => subscribers() === 1, 5_000, 'two subscriptions to end');
    const d = collect(client, SUBSCRIBE);
    await until(() => subscribers() === 2, 5_000, 'a new subscription once one ended');
    b.stop();
    d.stop();
    await until(() => subscribers() === 0, 5_000, 'the subscriptions to end');
  });
});

describe('WebSocket payload cap', () => {
  it('a message over MAX_BODY_BYTES closes the socket with 1009; a smaller one is answered', async () => {
    const socket = new WebSocket(s.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: any[] = [];
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': API_KEY } }));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 5_000, 'connection_ack');
    const small = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ viewer { kind } }', variables: { pad: 'x'.repeat(MAX_BODY / 2) } } });
    socket.send(small);
    await until(() => messages.some((m) => m.id === '1' && m.type === 'next'), 5_000, 'the small operation\'s result');
    expect(messages.find((m) => m.id === '1' && m.type === 'next').payload).toEqual({ data: { viewer: { kind: 'APP' } } });
    socket.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: '{ viewer { kind } }', variables: { pad: 'x'.repeat(MAX_BODY) } } }));
    expect(await closed).toBe(1009);
    expect(messages.some((m) => m.id === '2')).toBe(false);
    // The server is fine: a new connection works.
    expect(await wsRequest(s.ws(), { query: '{ viewer { kind } }' })).toEqual({ data: { viewer: { kind: 'APP' } } });
  });
});
