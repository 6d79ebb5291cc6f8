import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageReceived, RecordChanged } from '../../src/events/types.js';
import { topics } from '../../src/events/types.js';
import { activeScopes } from '../../src/schema/eventLoaders.js';
import { collect, startEventStack, until, type EventStack } from './eventStack.js';
import { API_KEY, startStack, wsRequest } from './harness.js';

/**
 * The three subscriptions over graphql-ws, fed by domain events put on the gateway's bus (what
 * the webhook receiver publishes), against the emulator's demo data: payload fields, the current
 * record, server-side filters, the identity rules (FORBIDDEN, a user's own chats), and the
 * refusal when events are off. End to end from the emulator: subscriptions-e2e.test.ts.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const TEAM = 'tblQlbNAeajHNCRW';
const ALICE = 'ou_f8e268529dbed0b638051597db41bf02';
const HENRY = 'ou_e7dff1f14fa57836ff2d7d1eaea510c5';
const BEACON = 'oc_9718796c95fe5c6f292fe3e68865fac0'; // Henry is in it
const MARKETING = 'oc_b469dbc07fa309c318e57bcd2699d47a'; // Henry is not
const EXEC = 'oc_9a393529e279ea30a8b6da34dc0e38de'; // Henry is in it

let s: EventStack;
let recordId: string;
let nameFieldId: string;
beforeAll(async () => {
  s = await startEventStack();
  const body = await s.post(`{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { records(first: 1) { edges { node { recordId } } } fields(first: 1) { edges { node { fieldId } } } } } }`);
  recordId = body.data.app.table.records.edges[0].node.recordId;
  nameFieldId = body.data.app.table.fields.edges[0].node.fieldId;
});
afterAll(() => s?.close());
// A stopped subscription ends on the server a moment later: let it, so the next test's wait for
// "one listener" sees its own.
afterEach(() => until(() => [topics.record(BASE, LAUNCHES), topics.field(BASE, LAUNCHES), topics.message()].every((t) => s.listening(t) === 0), 5_000, 'the subscriptions to end'));

let seq = 0;
const recordEvent = (over: Partial<RecordChanged> = {}): RecordChanged => {
  const eventId = over.eventId ?? `ev-${++seq}`;
  const id = over.recordId ?? recordId;
  return {
    kind: 'record',
    id: `${eventId}:${id}`,
    eventId,
    appToken: BASE,
    tableId: LAUNCHES,
    action: 'record_edited',
    recordId: id,
    revision: 7,
    occurredAt: Date.UTC(2026, 0, 31, 8),
    operatorOpenId: ALICE,
    before: [{ fieldId: nameFieldId, value: 'old' }],
    after: [{ fieldId: nameFieldId, value: 'new' }],
    ...over,
  };
};

const messageEvent = (chatId: string, text: string): MessageReceived => {
  const eventId = `msg-ev-${++seq}`;
  return {
    kind: 'message',
    id: eventId,
    eventId,
    occurredAt: Date.UTC(2026, 0, 31, 9),
    chatId,
    chatType: 'group',
    message: {
      message_id: `om_test${seq}`,
      root_id: '',
      parent_id: '',
      create_time: String(Date.UTC(2026, 0, 31, 9)),
      update_time: String(Date.UTC(2026, 0, 31, 9)),
      chat_id: chatId,
      chat_type: 'group',
      message_type: 'text',
      content: JSON.stringify({ text: `@_user_1 ${text}` }),
      mentions: [{ key: '@_user_1', id: { open_id: ALICE, union_id: 'on_alice', user_id: 'alice' }, name: 'Alice Chen', tenant_key: 't' }],
    },
    sender: { sender_id: { open_id: HENRY, union_id: 'on_henry', user_id: 'henry' }, sender_type: 'user', tenant_key: 't' },
  };
};

const RECORD_CHANGED = `subscription ($actions: [RecordChangeAction!], $tableId: String!) {
  recordChanged(appToken: "${BASE}", tableId: $tableId, actions: $actions) {
    id eventId action recordId revision occurredAt
    operator { openId name }
    table { tableId name }
    record { recordId fields }
    before { fieldId field { name } value }
    after { fieldId value }
  }
}`;

const MESSAGE_RECEIVED = `subscription ($chatId: String) {
  messageReceived(chatId: $chatId) {
    id eventId occurredAt chatId
    chat { chatId name }
    sender { id senderType user { openId name } }
    message { messageId msgType rawContent content { ... on TextContent { text } } chat { chatId } mentions { key id user { openId name } } deleted }
  }
}`;

const henry = { authorization: 'Bearer u-demo-henry' };

describe('recordChanged', () => {
  it('delivers each action with the event values, the current record and the operator', async () => {
    const sub = collect(s.ws(), RECORD_CHANGED, { tableId: LAUNCHES });
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    await s.publish(recordEvent({ eventId: 'ev-a' }));
    await s.publish(recordEvent({ eventId: 'ev-b', action: 'record_deleted', recordId: 'recGone', before: [], after: [] }));
    const [first, second] = await sub.take(2);
    expect(first.errors).toBeUndefined();
    const e = first.data.recordChanged;
    expect(e).toMatchObject({ id: `ev-a:${recordId}`, eventId: 'ev-a', action: 'RECORD_EDITED', recordId, revision: 7, occurredAt: '2026-01-31T08:00:00.000Z' });
    expect(e.operator).toEqual({ openId: ALICE, name: 'Alice Chen' });
    expect(e.table).toEqual({ tableId: LAUNCHES, name: 'Launches' });
    expect(e.record.recordId).toBe(recordId);
    expect(Object.keys(e.record.fields).length).toBeGreaterThan(5);
    expect(e.before).toEqual([{ fieldId: nameFieldId, field: { name: expect.any(String) }, value: 'old' }]);
    expect(e.after).toEqual([{ fieldId: nameFieldId, value: 'new' }]);
    expect(second.data.recordChanged).toMatchObject({ action: 'RECORD_DELETED', recordId: 'recGone', record: null, before: [], after: [] });
    sub.stop();
  });

  it('filters by actions on the server', async () => {
    const sub = collect(s.ws(), RECORD_CHANGED, { tableId: LAUNCHES, actions: ['RECORD_DELETED'] });
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    await s.publish(recordEvent());
    await s.publish(recordEvent({ action: 'record_deleted', recordId: 'recX' }));
    const [only] = await sub.take(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(sub.results).toHaveLength(1);
    expect(only.data.recordChanged).toMatchObject({ action: 'RECORD_DELETED', recordId: 'recX' });
    sub.stop();
  });

  it('a table that does not exist: NOT_FOUND before subscribing', async () => {
    const result = await wsRequest(s.ws(), { query: `subscription { recordChanged(appToken: "${BASE}", tableId: "tblNope0000000000") { id } }` });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a user who cannot read the table: FORBIDDEN, and fieldChanged likewise', async () => {
    const client = s.ws(henry);
    const records = await wsRequest(client, { query: `subscription { recordChanged(appToken: "${BASE}", tableId: "${TEAM}") { id } }` });
    expect(records.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', feishu: { code: 1254302 } });
    const fields = await wsRequest(client, { query: `subscription { fieldChanged(appToken: "${BASE}", tableId: "${TEAM}") { id } }` });
    expect(fields.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(s.listening(topics.record(BASE, TEAM))).toBe(0);
  });

  it("a user who can read the table gets its events, the record read with the user's token", async () => {
    const sub = collect(s.ws(henry), RECORD_CHANGED, { tableId: LAUNCHES });
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    s.emu.log.clear();
    await s.publish(recordEvent());
    const [e] = await sub.take(1);
    expect(e.data.recordChanged.record.recordId).toBe(recordId);
    // Henry's token read the record (the app's would be a t- token): no call as the app.
    expect(s.emu.log.entries.filter((r) => r.path.endsWith('/records/batch_get'))).toHaveLength(1);
    sub.stop();
  });
});

describe('fieldChanged', () => {
  it('delivers the event objects and the current field', async () => {
    const sub = collect(s.ws(), `subscription { fieldChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") { id eventId action fieldId operator { openId } field { fieldId name } before after } }`);
    await until(() => s.listening(topics.field(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    const after = { id: nameFieldId, name: 'Product', type: 1 };
    await s.publish({ kind: 'field', id: `f-1:${nameFieldId}`, eventId: 'f-1', appToken: BASE, tableId: LAUNCHES, action: 'field_edited', fieldId: nameFieldId, revision: 3, occurredAt: Date.now(), operatorOpenId: ALICE, before: { ...after, name: 'Old' }, after });
    await s.publish({ kind: 'field', id: 'f-2:fldGone', eventId: 'f-2', appToken: BASE, tableId: LAUNCHES, action: 'field_deleted', fieldId: 'fldGone', revision: 4, occurredAt: Date.now(), operatorOpenId: null, before: { id: 'fldGone' }, after: null });
    const [edited, deleted] = await sub.take(2);
    expect(edited.data.fieldChanged).toMatchObject({ id: `f-1:${nameFieldId}`, action: 'FIELD_EDITED', fieldId: nameFieldId, operator: { openId: ALICE }, field: { fieldId: nameFieldId }, after });
    expect(deleted.data.fieldChanged).toMatchObject({ action: 'FIELD_DELETED', field: null, operator: null, after: null, before: { id: 'fldGone' } });
    sub.stop();
  });
});

describe('messageReceived', () => {
  it("builds the Message from the event (no mget), the event's mention id object included", async () => {
    const sub = collect(s.ws(), MESSAGE_RECEIVED, { chatId: BEACON });
    await until(() => s.listening(topics.message()) === 1, 5_000, 'the subscription');
    s.emu.log.clear();
    await s.publish(messageEvent(MARKETING, 'elsewhere'));
    await s.publish(messageEvent(BEACON, 'hello'));
    const [got] = await sub.take(1);
    const e = got.data.messageReceived;
    expect(got.errors).toBeUndefined();
    expect(e).toMatchObject({ chatId: BEACON, chat: { chatId: BEACON, name: 'Beacon Launch' }, sender: { id: HENRY, senderType: 'user', user: { openId: HENRY, name: 'Henry Zhao' } } });
    expect(e.message).toMatchObject({ msgType: 'text', content: { text: '@_user_1 hello' }, chat: { chatId: BEACON }, deleted: false, mentions: [{ key: '@_user_1', id: ALICE, user: { openId: ALICE, name: 'Alice Chen' } }] });
    expect(s.emu.log.entries.map((r) => r.path).filter((p) => p.includes('/messages'))).toEqual([]);
    sub.stop();
  });

  it("as a user without chatId: only the user's chats", async () => {
    const sub = collect(s.ws(henry), MESSAGE_RECEIVED);
    await until(() => s.listening(topics.message()) === 1, 5_000, 'the subscription');
    await s.publish(messageEvent(MARKETING, 'not for Henry'));
    await s.publish(messageEvent(BEACON, 'for Henry'));
    await s.publish(messageEvent(MARKETING, 'still not for Henry'));
    await s.publish(messageEvent(BEACON, 'again for Henry'));
    const got = await sub.take(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.results.map((r) => r.data.messageReceived.message.content.text)).toEqual(['@_user_1 for Henry', '@_user_1 again for Henry']);
    expect(got.every((r) => r.data.messageReceived.chatId === BEACON)).toBe(true);
    sub.stop();
  });

  it('a membership check that fails ends the subscription with the mapped error', async () => {
    const sub = collect(s.ws(henry), MESSAGE_RECEIVED);
    await until(() => s.listening(topics.message()) === 1, 5_000, 'the subscription');
    const fault = await fetch(`${s.emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/chats/batch_query$', status: 400, code: 99991672, msg: 'scope missing', times: 1 }),
    });
    expect(fault.status).toBe(200);
    await s.publish(messageEvent(EXEC, 'a chat not checked yet'));
    const error = await sub.error;
    expect(error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(sub.results).toEqual([]);
  });

  it('as a user with the chatId of a chat they are not in: FORBIDDEN; an unknown chat: NOT_FOUND', async () => {
    const forbidden = await wsRequest(s.ws(henry), { query: `subscription { messageReceived(chatId: "${MARKETING}") { id } }` });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await wsRequest(s.ws(henry), { query: 'subscription { messageReceived(chatId: "oc_00000000000000000000000000000000") { id } }' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a user token Feishu does not accept: UNAUTHENTICATED up front, also without chatId', async () => {
    const result = await wsRequest(s.ws({ authorization: 'Bearer u-not-a-real-token' }), { query: 'subscription { messageReceived { id } }' });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(result)).not.toContain('u-not-a-real-token');
  });
});

describe('lifecycle', () => {
  it('leaves nothing behind once the subscribers are gone', async () => {
    await until(() => activeScopes(s.events.runtime.services) === 0, 5_000, 'the scopes to go');
    const sub = collect(s.ws(), RECORD_CHANGED, { tableId: LAUNCHES });
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    expect(activeScopes(s.events.runtime.services)).toBe(1);
    sub.stop();
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 0 && activeScopes(s.events.runtime.services) === 0, 5_000, 'the scopes to go');
  });

  it('events off: refused with UPSTREAM_UNAVAILABLE', async () => {
    const off = await startStack({ FEISHU_EVENT_MODE: 'off' });
    try {
      const result = await wsRequest(off.ws({ 'x-api-key': API_KEY }), { query: 'subscription { messageReceived { id } }' });
      expect(result.errors?.[0]).toMatchObject({ message: expect.stringContaining('events are off'), extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    } finally {
      await off.close();
    }
  });
});
