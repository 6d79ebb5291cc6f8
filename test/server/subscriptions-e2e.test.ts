import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../src/events/types.js';
import { collect as collectOn, firstSseNext, startEventStack, until, type EventStack, type Received } from './eventStack.js';
import { API_KEY } from './harness.js';

/**
 * Subscriptions end to end: the emulator emits Feishu events for writes (through the gateway's
 * mutations, or its admin API), delivers them to the gateway's webhook (encrypted and signed),
 * the gateway publishes them on its bus, and the subscriptions deliver them over graphql-ws and
 * SSE.
 */

const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
const LAUNCHES = 'tblqffVb3ku8HZAp';
const HENRY = 'ou_e7dff1f14fa57836ff2d7d1eaea510c5';
const BEACON = 'oc_9718796c95fe5c6f292fe3e68865fac0'; // Henry is in it
const MARKETING = 'oc_b469dbc07fa309c318e57bcd2699d47a'; // Henry is not
const EVE = 'ou_29f2f02834013506e4dc7dfa063805bc'; // in Marketing Squad

let s: EventStack;
beforeAll(async () => {
  s = await startEventStack();
});
afterAll(() => s?.close());
afterEach(() => {
  stopAll();
  return until(() => [topics.record(BASE, LAUNCHES), topics.field(BASE, LAUNCHES), topics.message()].every((t) => s.listening(t) === 0), 5_000, 'the subscriptions to end');
});

/** Subscriptions of the running test: stopped after it, whatever its outcome. */
const open: Received[] = [];
const collect = (...args: Parameters<typeof collectOn>): Received => {
  const sub = collectOn(...args);
  open.push(sub);
  return sub;
};
const stopAll = () => {
  for (const sub of open.splice(0)) sub.stop();
};

/** A user's message in a chat, through the emulator's admin API (it emits im.message.receive_v1). */
async function say(chatId: string, senderOpenId: string, text: string): Promise<string> {
  const res = await fetch(`${s.emu.url}/__emulator/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender_open_id: senderOpenId, msg_type: 'text', content: JSON.stringify({ text }) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()).message_id;
}

describe('recordChanged', () => {
  it('createRecords of 10 records: 10 RECORD_ADDED events with their values and current records', async () => {
    const sub = collect(
      s.ws(),
      `subscription { recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") {
        id eventId action recordId occurredAt operator { openId }
        record { recordId fields }
        after { field { name } value }
      } }`,
    );
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    const names = Array.from({ length: 10 }, (_, i) => `E2E launch ${i}`);
    const created = await s.post(`mutation ($records: [RecordFieldsInput!]!) {
      createRecords(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", records: $records }) { records { recordId } }
    }`, undefined, { records: names.map((Launch) => ({ fields: { Launch } })) });
    expect(created.errors).toBeUndefined();
    const ids: string[] = created.data.createRecords.records.map((r: { recordId: string }) => r.recordId);

    const events = (await sub.take(10)).map((r) => {
      expect(r.errors).toBeUndefined();
      return r.data.recordChanged;
    });
    expect(events.map((e) => e.action)).toEqual(Array(10).fill('RECORD_ADDED'));
    expect(events.map((e) => e.recordId).sort()).toEqual([...ids].sort());
    expect(new Set(events.map((e) => e.id)).size).toBe(10);
    for (const e of events) {
      const name = names[ids.indexOf(e.recordId)];
      expect(e.id).toBe(`${e.eventId}:${e.recordId}`);
      expect(e.record.recordId).toBe(e.recordId);
      expect(JSON.stringify(e.record.fields.Launch)).toContain(name);
      expect(e.after).toContainEqual({ field: { name: 'Launch' }, value: expect.anything() });
      expect(JSON.stringify(e.after.find((v: any) => v.field?.name === 'Launch').value)).toContain(name);
    }
    sub.stop();
  });

  it('updateRecord and deleteRecord: RECORD_EDITED with before and after, RECORD_DELETED without a record; actions filter', async () => {
    const created = await s.post(`mutation { createRecord(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", fields: { Launch: "To edit" } }) { record { recordId } } }`);
    const recordId = created.data.createRecord.record.recordId;
    const sub = collect(
      s.ws(),
      `subscription { recordChanged(appToken: "${BASE}", tableId: "${LAUNCHES}", actions: [RECORD_EDITED, RECORD_DELETED]) {
        action recordId record { fields } before { field { name } value } after { field { name } value }
      } }`,
    );
    await until(() => s.listening(topics.record(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    const write = async (field: string) => expect((await s.post(`mutation { ${field} }`)).errors).toBeUndefined();
    await write(`createRecord(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", fields: { Launch: "Not delivered (added)" } }) { record { recordId } }`);
    await write(`updateRecord(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", recordId: "${recordId}", fields: { Launch: "Edited" } }) { record { recordId } }`);
    // `record` is the record as it is when the event is delivered: let the edit arrive before the delete.
    const edited = (await sub.take(1))[0].data.recordChanged;
    await write(`deleteRecord(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", recordId: "${recordId}" }) { deletedRecordIds }`);
    const deleted = (await sub.take(2))[1].data.recordChanged;
    expect(edited).toMatchObject({ action: 'RECORD_EDITED', recordId });
    expect(JSON.stringify(edited.record.fields.Launch)).toContain('Edited');
    expect(JSON.stringify(edited.before)).toContain('To edit');
    expect(JSON.stringify(edited.after)).toContain('Edited');
    expect(deleted).toMatchObject({ action: 'RECORD_DELETED', recordId, record: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.results).toHaveLength(2);
    sub.stop();
  });
});

describe('fieldChanged', () => {
  it('createField then updateField: FIELD_ADDED and FIELD_EDITED with the current field', async () => {
    const sub = collect(s.ws(), `subscription { fieldChanged(appToken: "${BASE}", tableId: "${LAUNCHES}") { action fieldId field { fieldId name type } before after } }`);
    await until(() => s.listening(topics.field(BASE, LAUNCHES)) === 1, 5_000, 'the subscription');
    const created = await s.post(`mutation { createField(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", name: "E2E notes", type: TEXT }) { field { fieldId } } }`);
    expect(created.errors).toBeUndefined();
    const fieldId = created.data.createField.field.fieldId;
    const [added] = (await sub.take(1)).map((r) => r.data.fieldChanged);
    const updated = await s.post(`mutation { updateField(input: { appToken: "${BASE}", tableId: "${LAUNCHES}", fieldId: "${fieldId}", name: "E2E remarks" }) { field { fieldId } } }`);
    expect(updated.errors).toBeUndefined();
    const edited = (await sub.take(2))[1].data.fieldChanged;
    expect(added).toMatchObject({ action: 'FIELD_ADDED', fieldId, field: { fieldId, name: 'E2E notes', type: 'TEXT' }, before: null, after: { name: 'E2E notes' } });
    expect(edited).toMatchObject({ action: 'FIELD_EDITED', fieldId, field: { name: 'E2E remarks' }, before: { name: 'E2E notes' }, after: { name: 'E2E remarks' } });
    sub.stop();
  });
});

describe('messageReceived', () => {
  const QUERY = `subscription ($chatId: String) { messageReceived(chatId: $chatId) {
    chatId message { messageId msgType content { ... on TextContent { text } } } sender { user { openId name } } chat { name }
  } }`;

  it('a message posted to a chat arrives with its sender and chat', async () => {
    const sub = collect(s.ws(), QUERY, { chatId: BEACON });
    await until(() => s.listening(topics.message()) === 1, 5_000, 'the subscription');
    const messageId = await say(BEACON, HENRY, 'Beacon is on track');
    const [got] = await sub.take(1);
    expect(got.errors).toBeUndefined();
    expect(got.data.messageReceived).toEqual({
      chatId: BEACON,
      message: { messageId, msgType: 'text', content: { text: 'Beacon is on track' } },
      sender: { user: { openId: HENRY, name: 'Henry Zhao' } },
      chat: { name: 'Beacon Launch' },
    });
    sub.stop();
  });

  it("as a user without chatId: only the user's chats", async () => {
    const sub = collect(s.ws({ authorization: 'Bearer u-demo-henry' }), QUERY);
    await until(() => s.listening(topics.message()) === 1, 5_000, 'the subscription');
    await say(MARKETING, EVE, 'Marketing only');
    const mine = await say(BEACON, HENRY, 'Beacon update');
    const [got] = await sub.take(1);
    expect(got.data.messageReceived.message.messageId).toBe(mine);
    await say(MARKETING, EVE, 'Marketing again');
    await new Promise((r) => setTimeout(r, 150));
    expect(sub.results).toHaveLength(1);
    sub.stop();
  });

  it('over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: QUERY, variables: { chatId: BEACON } }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await until(() => s.listening(topics.message()) === 1, 5_000, 'the subscription');
    const messageId = await say(BEACON, HENRY, 'Over SSE');
    const data = await firstSseNext(res);
    expect(data.data.messageReceived.message).toEqual({ messageId, msgType: 'text', content: { text: 'Over SSE' } });
    controller.abort();
    await until(() => s.listening(topics.message()) === 0, 5_000, 'the SSE subscription to end');
  });
});
