import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventSignature, signatureMatches } from '../../src/wire/eventCrypto.js';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { deliveries, eventually, setWebhook, startReceiver, type Receiver, type ReceiverOptions } from '../helpers/events.js';
import { newChat, textContent, userSays } from '../helpers/im.js';

/** Webhook delivery: url_verification, encryption and signature, acknowledgement, redelivery, queueing. */
describe('event delivery by webhook', () => {
  let t: TestEmulator;
  let ann: TestUser;
  let chatId: string;
  const receivers: Receiver[] = [];

  const config = { redeliveryDelaysMs: [30, 30], webhookTimeoutMs: 300 };
  beforeAll(async () => {
    t = await startTestEmulator({ config });
  });
  // Each test starts with no webhook, an empty queue and log (reset), and a chat to speak in.
  beforeEach(async () => {
    await t.admin('POST', '/reset', { seed: 'empty' });
    ann = await newUser(t, 'Ann');
    chatId = await newChat(t, 'Team', [ann.open_id]);
  });
  afterEach(async () => {
    await t.admin('DELETE', '/webhook');
    await t.admin('PUT', '/config', config);
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => t.close());

  const receiver = async (opts: ReceiverOptions = {}) => {
    const r = await startReceiver(opts);
    receivers.push(r);
    return r;
  };
  /** Emits one im.message.receive_v1 event; answers its message id. */
  const speak = (text = 'hi') => userSays(t, chatId, ann.open_id, textContent(text));

  it('sends a url_verification challenge when the webhook is set and answers without secrets', async () => {
    const hook = await receiver();
    const answer = await setWebhook(t, { url: hook.url, verificationToken: 'vt-secret' });
    expect(answer).toEqual({ urls: [hook.url], encrypted: false, hasVerificationToken: true, verified: true });
    expect(hook.challenges).toHaveLength(1);
    expect(hook.challenges[0].payload).toEqual({ challenge: expect.any(String), token: 'vt-secret', type: 'url_verification' });

    const sealed = await receiver({ encryptKey: 'ek-secret' });
    expect(await setWebhook(t, { url: sealed.url, verificationToken: 'vt-secret', encryptKey: 'ek-secret' })).toMatchObject({ encrypted: true, verified: true });
    const shown = JSON.stringify((await t.admin('GET', '/webhook')).body);
    expect(shown).toContain(sealed.url);
    expect(shown).not.toMatch(/vt-secret|ek-secret/);
  });

  it('refuses a webhook that does not echo the challenge (400 with the reason), unless verify is false', async () => {
    const silent = await receiver({ challenge: 500 });
    const refused = await t.admin('PUT', '/webhook', { url: silent.url });
    expect(refused.status).toBe(400);
    expect(refused.body.msg).toBe(`url_verification of ${silent.url} failed: answered HTTP 500`);
    const mute = await receiver({ challenge: 200 });
    expect((await t.admin('PUT', '/webhook', { url: mute.url })).body.msg).toContain('did not echo the challenge');
    expect((await t.admin('GET', '/webhook')).body).toEqual({ urls: [] });

    expect(await setWebhook(t, { url: silent.url, verify: false })).toMatchObject({ verified: false });
    await speak();
    await silent.waitForEvents(1);
    expect(silent.challenges).toHaveLength(1); // only the refused attempt's
    expect((await t.admin('PUT', '/webhook', { url: silent.url, urls: [silent.url] })).status).toBe(400);
    expect((await t.admin('PUT', '/webhook', { url: 'ftp://example.com' })).status).toBe(400);
  });

  it('encrypts and signs like Feishu: compact {"encrypt"} body, timestamp, nonce, sha256 signature', async () => {
    const key = 'test encrypt key';
    const hook = await receiver({ encryptKey: key });
    await setWebhook(t, { url: hook.url, encryptKey: key, verificationToken: 'vt' });
    expect(hook.challenges[0].payload).toMatchObject({ type: 'url_verification', token: 'vt' });
    expect(JSON.parse(hook.challenges[0].raw)).toEqual({ encrypt: expect.any(String) });
    const messageId = await speak('secret');
    const [r] = await hook.waitForEvents(1);
    expect(Object.keys(JSON.parse(r.raw))).toEqual(['encrypt']);
    expect(JSON.stringify(JSON.parse(r.raw))).toBe(r.raw); // what the node SDK re-stringifies
    const ts = r.headers['x-lark-request-timestamp'] as string;
    const nonce = r.headers['x-lark-request-nonce'] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(nonce).toMatch(/^\w+$/);
    expect(signatureMatches(r.headers['x-lark-signature'] as string, eventSignature(ts, nonce, key, r.raw))).toBe(true);
    expect(r.payload.header).toMatchObject({ event_type: 'im.message.receive_v1', token: 'vt' });
    expect(r.payload.event.message.message_id).toBe(messageId);
  });

  it('queues events while no webhook is set and flushes them when one is', async () => {
    await speak('one');
    await speak('two');
    const queued = await deliveries(t);
    expect(queued.map((d) => [d.event_type, d.channel, d.attempts, d.acked, d.status])).toEqual([
      ['im.message.receive_v1', null, 0, false, 'queued'],
      ['im.message.receive_v1', null, 0, false, 'queued'],
    ]);
    const hook = await receiver();
    await setWebhook(t, { url: hook.url });
    const got = await hook.waitForEvents(2);
    expect(got.map((r) => r.payload.header.event_id).sort()).toEqual(queued.map((d) => d.event_id).sort());
    await eventually(async () => expect((await deliveries(t)).map((d) => [d.channel, d.attempts, d.acked, d.status, d.target])).toEqual([
      ['webhook', 1, true, 'acked', hook.url],
      ['webhook', 1, true, 'acked', hook.url],
    ]));

    // Removing the webhook (url: null, or DELETE) queues again.
    await setWebhook(t, { url: null });
    await speak('three');
    expect((await deliveries(t)).at(-1)).toMatchObject({ status: 'queued', attempts: 0 });
    await setWebhook(t, { url: hook.url });
    await hook.waitForEvents(3);
  });

  it('redelivers the same event after a 500, then acknowledges it', async () => {
    const hook = await receiver({ answer: (_r, n) => (n === 0 ? 500 : 200) });
    await setWebhook(t, { url: hook.url });
    await speak();
    const [first, second] = await hook.waitForEvents(2);
    expect(second.payload.header.event_id).toBe(first.payload.header.event_id);
    expect(second.at - first.at).toBeGreaterThanOrEqual(25);
    await eventually(async () => expect((await deliveries(t))[0]).toMatchObject({ attempts: 2, acked: true, status: 'acked', last_status: 200, channel: 'webhook' }));
  });

  it('counts no answer within webhookTimeoutMs as a failure and redelivers', async () => {
    const hook = await receiver({ answer: (_r, n) => (n === 0 ? 'hang' : 200) });
    await t.admin('PUT', '/config', { redeliveryDelaysMs: [200] });
    await setWebhook(t, { url: hook.url });
    await speak();
    await hook.waitForEvents(1);
    const waiting = await eventually(async () => {
      const [d] = await deliveries(t);
      expect(d.status).toBe('waiting_retry');
      return d;
    });
    expect(waiting).toMatchObject({ attempts: 1, acked: false, last_status: null, last_error: 'no answer within 300 ms', next_attempt_at: expect.any(Number) });
    const [first, second] = await hook.waitForEvents(2);
    expect(second.at - first.at).toBeGreaterThanOrEqual(450); // the 300 ms deadline, then the 200 ms delay
    await eventually(async () => expect((await deliveries(t))[0]).toMatchObject({ attempts: 2, acked: true }));
  });

  it('gives an event up once the redelivery delays run out', async () => {
    const hook = await receiver({ answer: () => 503 });
    await setWebhook(t, { url: hook.url });
    await speak();
    await hook.waitForEvents(3);
    await eventually(async () => expect((await deliveries(t))[0]).toMatchObject({ attempts: 3, acked: false, status: 'failed', last_status: 503, last_error: 'answered HTTP 503' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.events).toHaveLength(3);
  });

  it('sends each event to one of several urls, picked at random', async () => {
    const [a, b] = [await receiver(), await receiver()];
    await setWebhook(t, { urls: [a.url, b.url] });
    expect(a.challenges).toHaveLength(1);
    expect(b.challenges).toHaveLength(1);
    for (let i = 0; i < 24; i++) await speak(`m${i}`);
    await eventually(() => expect(a.events.length + b.events.length).toBe(24));
    expect(a.events.length).toBeGreaterThan(0);
    expect(b.events.length).toBeGreaterThan(0);
  });

  it('reset empties the queue and the log; DELETE /deliveries forgets finished deliveries only', async () => {
    await speak();
    expect(await deliveries(t)).toHaveLength(1);
    await t.admin('POST', '/reset', { seed: 'demo' }); // the demo's history is seed data: no events
    expect(await deliveries(t)).toEqual([]);
    await t.admin('POST', '/reset', { seed: 'empty' });
    ann = await newUser(t, 'Ann');
    chatId = await newChat(t, 'Team', [ann.open_id]);

    const hook = await receiver();
    await setWebhook(t, { url: hook.url });
    await speak('delivered');
    await eventually(async () => expect((await deliveries(t))[0]?.acked).toBe(true));
    await setWebhook(t, { url: null });
    await speak('waiting');
    expect((await t.admin('DELETE', '/deliveries')).status).toBe(200);
    expect((await deliveries(t)).map((d) => d.status)).toEqual(['queued']);
  });
});

describe('event delivery at shutdown', () => {
  it('close() does not wait for a hung webhook or a pending redelivery', async () => {
    const t = await startTestEmulator();
    const hook = await startReceiver({ answer: () => 'hang' });
    try {
      const ann = await newUser(t, 'Ann');
      const chatId = await newChat(t, 'Team', [ann.open_id]);
      await setWebhook(t, { url: hook.url }); // default 3 s deadline and 15 s first redelivery
      await userSays(t, chatId, ann.open_id, textContent('one'));
      await hook.waitForEvents(1);
      const started = Date.now();
      await t.close();
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await hook.close();
    }
  });
});
