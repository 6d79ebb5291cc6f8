import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { headerOf } from '../../src/wire/frames.js';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { deliveries, eventually } from '../helpers/events.js';
import { newChat, textContent, userSays } from '../helpers/im.js';
import { connectPeer, connections, controlFrames, type AckPolicy, type Peer } from '../helpers/longConnection.js';

/** Frames on the long connection (feishu-wire.md §8.3-8.6): pong, event data frames, fragments, ACKs, redelivery. */
describe('long connection: frames', () => {
  let t: TestEmulator;
  let ann: TestUser;
  let chatId: string;
  const peers: Peer[] = [];
  const config = { redeliveryDelaysMs: [30, 30], wsAckTimeoutMs: 300, wsFragmentBytes: 16 * 1024 };

  beforeAll(async () => {
    t = await startTestEmulator({ config });
  });
  beforeEach(async () => {
    await t.admin('POST', '/reset', { seed: 'empty' });
    ann = await newUser(t, 'Ann');
    chatId = await newChat(t, 'Team', [ann.open_id]);
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    await t.admin('PUT', '/config', config);
    await eventually(async () => expect(await connections(t)).toEqual([]));
  });
  afterAll(() => t.close());

  const peer = async (ack?: AckPolicy) => {
    const p = await connectPeer(t, { ack });
    peers.push(p);
    return p;
  };
  const speak = (text = 'hi') => userSays(t, chatId, ann.open_id, textContent(text));

  it('answers each ping with a pong whose payload is the JSON ClientConfig', async () => {
    const p = await peer();
    await eventually(() => expect(controlFrames(p, 'pong')).toHaveLength(1));
    const [pong] = controlFrames(p, 'pong');
    expect(pong).toMatchObject({ SeqID: 0, LogID: 0, service: p.serviceId, method: 0, headers: [{ key: 'type', value: 'pong' }] });
    expect(JSON.parse(new TextDecoder().decode(pong.payload))).toEqual({ PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 });

    await t.admin('PUT', '/config', { wsClientConfig: { PingInterval: 3, ReconnectNonce: 0 } });
    p.ping();
    await eventually(() => expect(controlFrames(p, 'pong')).toHaveLength(2));
    expect(JSON.parse(new TextDecoder().decode(controlFrames(p, 'pong')[1].payload))).toEqual({ PingInterval: 3, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 0 });
    await t.admin('PUT', '/config', { wsClientConfig: { PingInterval: 120, ReconnectNonce: 30 } });
  });

  it('pushes an event as one data frame: type, message_id, sum, seq, trace_id, timestamp; the plain v2 envelope as payload', async () => {
    const p = await peer();
    const messageId = await speak('hello');
    const [e] = await p.waitForEvents(1);
    expect(e.frames).toHaveLength(1);
    const [frame] = e.frames;
    expect(frame).toMatchObject({ method: 1, service: p.serviceId });
    expect(frame.headers.map((h) => h.key)).toEqual(['type', 'message_id', 'sum', 'seq', 'trace_id', 'timestamp']);
    expect([headerOf(frame, 'type'), headerOf(frame, 'sum'), headerOf(frame, 'seq')]).toEqual(['event', '1', '0']);
    expect(headerOf(frame, 'trace_id')).toMatch(/^\w+$/);
    expect(Math.abs(Number(headerOf(frame, 'timestamp')) - Date.now())).toBeLessThan(5000);
    // Plain JSON (no {"encrypt"}), exactly JSON.stringify of the envelope.
    expect(new TextDecoder().decode(frame.payload)).toBe(JSON.stringify(e.envelope));
    expect(e.envelope).toMatchObject({ schema: '2.0', header: { event_type: 'im.message.receive_v1', app_id: t.emu.rt.appId, token: '' }, event: { message: { message_id: messageId } } });
    expect(e.envelope.header.event_id).toMatch(/^[0-9a-f]{32}$/);
    await eventually(async () =>
      expect(await deliveries(t)).toMatchObject([{ event_id: e.envelope.header.event_id, channel: 'long-connection', attempts: 1, acked: true, status: 'acked', last_status: 200, target: p.deviceId }]),
    );
  });

  it('splits a large event into fragments (sum > 1, seq from 0) that reassemble byte for byte', async () => {
    await t.admin('PUT', '/config', { wsFragmentBytes: 1000 });
    const p = await peer();
    // Multi-byte text, so fragment edges fall inside characters too.
    const text = '飞书长连接 fragment test '.repeat(200);
    await speak(text);
    const [e] = await p.waitForEvents(1);
    const whole = new TextEncoder().encode(JSON.stringify(e.envelope));
    const sum = Math.ceil(whole.length / 1000);
    expect(sum).toBeGreaterThan(3);
    expect(e.frames).toHaveLength(sum);
    expect(e.frames.map((f) => [headerOf(f, 'sum'), headerOf(f, 'seq'), headerOf(f, 'message_id')])).toEqual(e.frames.map((_f, i) => [String(sum), String(i), e.messageId]));
    expect(e.frames.every((f) => f.payload!.length <= 1000)).toBe(true);
    expect(JSON.parse(e.envelope.event.message.content).text).toBe(text);
    // One ACK for the whole event (sent on the last fragment), as the SDKs do.
    await eventually(async () => expect((await deliveries(t))[0]).toMatchObject({ attempts: 1, acked: true }));
  });

  it('accepts every SDK ACK shape: node, node with data, Go, python', async () => {
    const shapes = [{ code: 200 }, { code: 200, data: Buffer.from('{"ok":true}').toString('base64') }, { code: 200, headers: null, data: null }, { code: 200, headers: { 'biz-rt': '3' }, data: null }];
    const p = await peer((_e, n) => shapes[n]);
    for (let i = 0; i < shapes.length; i++) await speak(`m${i}`);
    await p.waitForEvents(4);
    await eventually(async () => expect((await deliveries(t)).map((d) => [d.attempts, d.acked, d.status])).toEqual(shapes.map(() => [1, true, 'acked'])));
  });

  it('redelivers the same event after an ACK with code 500', async () => {
    const p = await peer((_e, n) => ({ code: n === 0 ? 500 : 200 }));
    await speak();
    const [first, second] = await p.waitForEvents(2);
    expect(second.envelope.header.event_id).toBe(first.envelope.header.event_id);
    expect(second.messageId).not.toBe(first.messageId); // each push is its own message
    await eventually(async () => expect((await deliveries(t))[0]).toMatchObject({ channel: 'long-connection', attempts: 2, acked: true, last_status: 200 }));
  });

  it('redelivers an event not ACKed within wsAckTimeoutMs; a late or duplicate ACK does not count twice', async () => {
    const p = await peer((_e, n) => (n === 0 ? 'none' : { code: 200 }));
    await speak();
    await p.waitForEvents(1);
    const waiting = await eventually(async () => {
      const [d] = await deliveries(t);
      expect(d.status).toBe('waiting_retry');
      return d;
    });
    expect(waiting).toMatchObject({ attempts: 1, acked: false, last_status: null, last_error: 'no ACK within 300 ms' });
    const [first, second] = await p.waitForEvents(2);
    expect(second.envelope.header.event_id).toBe(first.envelope.header.event_id);
    expect(second.at - first.at).toBeGreaterThanOrEqual(300);
    p.ack(first); // late: its attempt already timed out
    p.ack(second); // duplicate of the policy's ACK
    await new Promise((r) => setTimeout(r, 400));
    expect(await deliveries(t)).toMatchObject([{ attempts: 2, acked: true, status: 'acked' }]);
    expect(p.events).toHaveLength(2);
  });

  it('ignores text frames and bytes that are not a frame, and keeps the connection', async () => {
    const p = await peer();
    p.ws.send('{"type":"ping"}');
    p.ws.send(Buffer.from([0xff, 0x01, 0x02]));
    p.ping();
    await eventually(() => expect(controlFrames(p, 'pong')).toHaveLength(2));
    await speak();
    await p.waitForEvents(1);
  });
});
