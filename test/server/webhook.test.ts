import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type DomainEvent, type RecordChanged } from '../../src/events/types.js';
import { encryptEvent, eventSignature } from '../../src/wire/eventCrypto.js';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/server/webhookRoute.js';
import { collect, newEventId, postWebhook, recordEnvelope, sealed, until } from '../helpers/webhookEvents.js';
import { API_KEY, startStack, type Stack } from './harness.js';

/**
 * The webhook receiver end to end over real HTTP (ARCHITECTURE.md, Events): 401 for a missing or
 * invalid signature or token or a stale timestamp, 400 for garbage, 200 without publishing for a
 * duplicate, the challenge answered, and a valid event published once per action. A subscriber
 * on the bus watches; a sentinel event sent after the refused ones proves nothing came before it.
 */

const APP = 'bascnWebhookTest00000000001';
const TBL = 'tblWebhook000001';

describe('POST /webhook/event, webhook mode (memory bus)', () => {
  let stack: Stack;
  let seen: ReturnType<typeof collect<DomainEvent>>;
  let url: string;
  let key: string;
  let token: string;

  beforeAll(async () => {
    stack = await startStack({}, {}, { events: true });
    ({ webhookUrl: url, encryptKey: key, verificationToken: token } = stack.events!);
    seen = collect(stack.events!.runtime.services.bus.subscribe(topics.record(APP, TBL)));
  });
  afterAll(async () => {
    await seen.stop();
    await stack.close();
  });

  /** Posts a valid one-action event and waits for it: everything published before it has arrived too. */
  const sentinel = async () => {
    const recordId = `recSentinel${randomUUID().slice(0, 8)}`;
    expect((await postWebhook(url, sealed(recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: [recordId] }), key))).status).toBe(200);
    await until(() => seen.items.some((e) => (e as RecordChanged).recordId === recordId), 5_000, 'the sentinel');
    return recordId;
  };
  const drain = () => seen.items.splice(0);

  it('answers the URL verification challenge (encrypted, token checked)', async () => {
    const challenge = { challenge: 'ch-123', token, type: 'url_verification' };
    expect(await postWebhook(url, sealed(challenge, key))).toEqual({ status: 200, body: { challenge: 'ch-123' } });
    // Feishu's SDKs accept an unsigned challenge (the token is what proves it), not a forged signature.
    expect(await postWebhook(url, { body: sealed(challenge, key).body })).toEqual({ status: 200, body: { challenge: 'ch-123' } });
    expect((await postWebhook(url, sealed(challenge, key, { signature: 'f'.repeat(64) }))).status).toBe(401);
    expect((await postWebhook(url, sealed({ ...challenge, token: 'wrong' }, key))).status).toBe(401);
    expect((await postWebhook(url, sealed({ challenge: 'x', type: 'url_verification' }, key))).status).toBe(401);
  });

  it('refuses forged signatures, bad tokens and stale or future timestamps with 401, publishing nothing', async () => {
    drain();
    const event = () => recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recRefused'] });
    const nowS = Math.floor(Date.now() / 1000);
    const cases: Array<[string, { body: string; headers?: Record<string, string> }]> = [
      ['forged signature', sealed(event(), key, { signature: eventSignature('1', '2', 'another key', 'body') })],
      ['signature of another body', { ...sealed(event(), key), headers: sealed(event(), key).headers }],
      ['no signature headers', { body: sealed(event(), key).body }],
      ['bad verification token', sealed({ ...event(), header: { ...event().header, token: 'not-the-token' } }, key)],
      ['no verification token', sealed({ ...event(), header: { ...event().header, token: undefined } }, key)],
      ['stale timestamp', sealed(event(), key, { at: nowS - 301 })],
      ['future timestamp', sealed(event(), key, { at: nowS + 301 })],
      ['timestamp not a number', sealed(event(), key, { at: Number.NaN })],
    ];
    for (const [name, req] of cases) {
      const res = await postWebhook(url, req);
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(JSON.stringify(res.body)).not.toContain(key);
      expect(JSON.stringify(res.body)).not.toContain(token);
    }
    const id = await sentinel();
    expect(drain().map((e) => (e as RecordChanged).recordId)).toEqual([id]);
  });

  it('refuses garbage with 400, publishing nothing', async () => {
    drain();
    const signedRaw = (text: string) => {
      const body = JSON.stringify({ encrypt: encryptEvent(text, key) });
      return { body, headers: { 'x-lark-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-lark-request-nonce': 'n', 'x-lark-signature': eventSignature(String(Math.floor(Date.now() / 1000)), 'n', key, body) } };
    };
    const cases: Array<[string, { body: string; headers?: Record<string, string> }]> = [
      ['not JSON', { body: 'hello' }],
      ['empty', { body: '' }],
      ['a JSON array', { body: '[]' }],
      ['no envelope', { body: '{}' }],
      ['plaintext envelope while encryption is on', { body: JSON.stringify(recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recPlain'] })) }],
      ['encrypt not base64 AES', { body: JSON.stringify({ encrypt: 'not-encrypted' }) }],
      ['encrypted with another key', sealed(recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recOther'] }), 'another key')],
      ['decrypts to non-JSON', signedRaw('hello')],
      ['decrypts to a non-envelope', signedRaw('{"hello":"world"}')],
      ['v2 without event_id', signedRaw(JSON.stringify({ schema: '2.0', header: { event_type: 'x', token }, event: {} }))],
    ];
    for (const [name, req] of cases) {
      const res = await postWebhook(url, req);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
    }
    const id = await sentinel();
    expect(drain().map((e) => (e as RecordChanged).recordId)).toEqual([id]);
  });

  it('publishes a record event once per action, normalized, and drops a replay of its event_id', async () => {
    drain();
    const envelope = recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recA', 'recB', 'recC'] });
    const started = performance.now();
    expect(await postWebhook(url, sealed(envelope, key))).toEqual({ status: 200, body: { msg: 'success' } });
    const tookMs = performance.now() - started;
    expect(tookMs).toBeLessThan(3_000); // Feishu's deadline; locally it is a few ms
    await until(() => seen.items.length >= 3, 5_000, 'three record events');
    const eventId = envelope.header.event_id;
    expect(seen.items).toEqual([
      {
        kind: 'record',
        id: `${eventId}:recA`,
        eventId,
        appToken: APP,
        tableId: TBL,
        action: 'record_added',
        recordId: 'recA',
        revision: 7,
        occurredAt: Number(envelope.header.create_time),
        operatorOpenId: 'ou_operator',
        before: [],
        after: [
          { fieldId: 'fldName', value: 'name 0' },
          { fieldId: 'fldCount', value: 0 },
        ],
      },
      expect.objectContaining({ id: `${eventId}:recB`, action: 'record_edited', before: [{ fieldId: 'fldName', value: 'before' }] }),
      expect.objectContaining({ id: `${eventId}:recC`, action: 'record_edited' }),
    ]);
    drain();
    // Feishu redelivers what it thinks was lost: same event_id, fresh timestamp, nonce and signature.
    expect(await postWebhook(url, sealed(envelope, key))).toEqual({ status: 200, body: { msg: 'success' } });
    const id = await sentinel();
    expect(drain().map((e) => (e as RecordChanged).recordId)).toEqual([id]);
  });

  it('acknowledges event types it does not serve, and legacy v1 envelopes, without publishing', async () => {
    drain();
    const other = { schema: '2.0', header: { event_id: newEventId(), event_type: 'contact.user.created_v3', token, create_time: String(Date.now()) }, event: { user: {} } };
    expect(await postWebhook(url, sealed(other, key))).toEqual({ status: 200, body: { msg: 'success' } });
    const v1 = { uuid: newEventId(), token, ts: '1', type: 'event_callback', event: { type: 'message' } };
    expect(await postWebhook(url, sealed(v1, key))).toEqual({ status: 200, body: { msg: 'success' } });
    expect((await postWebhook(url, sealed({ ...v1, token: 'nope' }, key))).status).toBe(401);
    const id = await sentinel();
    expect(drain().map((e) => (e as RecordChanged).recordId)).toEqual([id]);
  });

  it('takes POST only, and caps the body', async () => {
    expect((await fetch(url)).status).toBe(405);
    const huge = await postWebhook(url, { body: JSON.stringify({ encrypt: 'a'.repeat(WEBHOOK_MAX_BODY_BYTES) }) });
    expect(huge.status).toBe(413);
  });
});

describe('POST /webhook/event outside webhook mode', () => {
  for (const mode of ['off', 'long-connection']) {
    it(`is 404 with FEISHU_EVENT_MODE=${mode}`, async () => {
      const stack = await startStack({ FEISHU_EVENT_MODE: mode });
      try {
        const res = await postWebhook(`${stack.origin}/webhook/event`, { body: '{}' });
        expect(res.status).toBe(404);
      } finally {
        await stack.close();
      }
    });
  }
});

describe('POST /webhook/event without FEISHU_ENCRYPT_KEY (plaintext bodies, token only)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ FEISHU_ENCRYPT_KEY: '' }, {}, { events: true });
  });
  afterAll(() => stack.close());

  it('takes plaintext envelopes with the right token, refuses others and encrypted ones', async () => {
    const { webhookUrl: url, verificationToken: token } = stack.events!;
    const seen = collect(stack.events!.runtime.services.bus.subscribe(topics.record(APP, TBL)));
    const envelope = recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recPlain1'] });
    expect(await postWebhook(url, { body: JSON.stringify({ type: 'url_verification', challenge: 'c', token }) })).toEqual({ status: 200, body: { challenge: 'c' } });
    expect((await postWebhook(url, { body: JSON.stringify({ ...envelope, header: { ...envelope.header, event_id: newEventId(), token: 'x' } }) })).status).toBe(401);
    expect((await postWebhook(url, sealed(envelope, 'some key'))).status).toBe(400);
    expect(await postWebhook(url, { body: JSON.stringify(envelope) })).toEqual({ status: 200, body: { msg: 'success' } });
    await until(() => seen.items.length === 1, 5_000, 'the plaintext event');
    await seen.stop();
    expect(seen.items.map((e) => (e as RecordChanged).recordId)).toEqual(['recPlain1']);
  });
});

describe('events really delivered by the emulator (encrypted, signed, at its own pace)', () => {
  const BASE = 'bascnPLIgpJjLoKFh1q26hd49nx';
  const LAUNCHES = 'tblqffVb3ku8HZAp';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({}, {}, { seed: 'demo', events: true });
  });
  afterAll(() => stack.close());

  it('the emulator verified the webhook (challenge), and a batch_create of 3 records arrives once as 3 RecordChanged', async () => {
    const events = stack.events!;
    expect(events.registered).toBe(true);
    const seen = collect(events.runtime.services.bus.subscribe(topics.record(BASE, LAUNCHES)));
    await events.runtime.services.ensureSubscribed(BASE);
    const fields = await stack.post(`{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { fields(first: 1) { edges { node { name } } } } } }`, { 'x-api-key': API_KEY });
    const primary = fields.body.data.app.table.fields.edges[0].node.name as string;
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({
        query: 'mutation($input: CreateRecordsInput!) { createRecords(input: $input) { records { recordId } } }',
        variables: { input: { appToken: BASE, tableId: LAUNCHES, records: ['one', 'two', 'three'].map((v) => ({ fields: { [primary]: v } })) } },
      }),
    });
    const created = await res.json();
    expect(created.errors).toBeUndefined();
    const ids = created.data.createRecords.records.map((r: { recordId: string }) => r.recordId);
    await until(() => seen.items.length >= 3, 10_000, () => `3 record events (got ${seen.items.length})`);
    await new Promise((r) => setTimeout(r, 200)); // room for a wrongful duplicate
    await seen.stop();
    const records = seen.items as RecordChanged[];
    expect(records.map((e) => e.recordId).sort()).toEqual([...ids].sort());
    expect(new Set(records.map((e) => e.eventId)).size).toBe(1); // one Feishu event, three actions
    expect(records.every((e) => e.action === 'record_added' && e.tableId === LAUNCHES && e.appToken === BASE)).toBe(true);
    expect(records.map((e) => e.after.find((v) => v.value !== null)?.value)).toEqual(expect.arrayContaining([[{ type: 'text', text: 'one' }]]));
    const log = (await (await fetch(`${stack.emu.url}/__emulator/deliveries`)).json()) as Array<{ event_id: string; attempts: number; acked: boolean; target?: string }>;
    expect(log.find((d) => d.event_id === records[0].eventId)).toMatchObject({ attempts: 1, acked: true, target: events.webhookUrl });
  });
});
