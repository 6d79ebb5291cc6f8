import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newUser, startTestEmulator, type TestEmulator, type TestUser } from '../helpers/emulator.js';
import { deliveries, eventually, setWebhook, startReceiver, type Receiver } from '../helpers/events.js';
import { newChat, textContent, userSays } from '../helpers/im.js';
import { connectPeer, connections, type AckPolicy, type Peer } from '../helpers/longConnection.js';

/** Several connections, disconnection and queueing: cluster mode, connections/drop, reset, shutdown. */
describe('long connection: cluster, queueing, drop', () => {
  let t: TestEmulator;
  let ann: TestUser;
  let chatId: string;
  const peers: Peer[] = [];
  const receivers: Receiver[] = [];
  const config = { redeliveryDelaysMs: [30, 30, 30], wsAckTimeoutMs: 300 };

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
    await t.admin('DELETE', '/webhook');
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await eventually(async () => expect(await connections(t)).toEqual([]));
  });
  afterAll(() => t.close());

  const peer = async (ack?: AckPolicy) => {
    const p = await connectPeer(t, { ack });
    peers.push(p);
    return p;
  };
  const speak = (text = 'hi') => userSays(t, chatId, ann.open_id, textContent(text));
  const eventIds = (ps: Peer[]) => ps.flatMap((p) => p.events.map((e) => e.envelope.header.event_id));

  it('sends each event to one connection picked at random, exactly once overall', async () => {
    const ps = [await peer(), await peer(), await peer()];
    for (let i = 0; i < 30; i++) await speak(`m${i}`);
    await eventually(() => expect(eventIds(ps)).toHaveLength(30));
    expect(new Set(eventIds(ps)).size).toBe(30);
    // Random over three: each gets some (all 30 on two or fewer has odds of about 1 in 60,000).
    expect(ps.map((p) => p.events.length).every((n) => n > 0)).toBe(true);
    const log = await eventually(async () => {
      const d = await deliveries(t);
      expect(d.every((x) => x.acked && x.attempts === 1)).toBe(true);
      return d;
    });
    const byTarget = new Map(ps.map((p) => [p.deviceId, p.events.map((e) => e.envelope.header.event_id).sort()]));
    for (const [device, ids] of byTarget) expect(log.filter((d) => d.target === device).map((d) => d.event_id).sort()).toEqual(ids);
  });

  it('queues events while no client is connected and flushes them to the first one that connects', async () => {
    await speak('one');
    await speak('two');
    expect((await deliveries(t)).map((d) => [d.channel, d.attempts, d.status])).toEqual([
      [null, 0, 'queued'],
      [null, 0, 'queued'],
    ]);
    const p = await peer();
    await p.waitForEvents(2);
    expect(eventIds([p]).sort()).toEqual((await deliveries(t)).map((d) => d.event_id).sort());
    await eventually(async () => expect((await deliveries(t)).map((d) => [d.channel, d.acked])).toEqual([
      ['long-connection', true],
      ['long-connection', true],
    ]));
  });

  it('connections/drop closes every connection; events in flight and events emitted meanwhile arrive after reconnecting', async () => {
    const silent = await peer(() => 'none');
    const other = await peer(() => 'none');
    await speak('in flight');
    await eventually(() => expect(eventIds([silent, other])).toHaveLength(1));
    const [inFlight] = eventIds([silent, other]);

    expect((await t.admin('POST', '/connections/drop')).body).toEqual({ dropped: 2 });
    await Promise.all([silent.closed, other.closed]);
    await eventually(async () => expect(await connections(t)).toEqual([]));
    const [d] = await deliveries(t);
    expect(d).toMatchObject({ event_id: inFlight, attempts: 1, acked: false, last_error: 'the connection closed before the ACK' });
    await speak('while away');
    await new Promise((r) => setTimeout(r, 100)); // past the 30 ms redelivery delay: still queued, nobody to take it
    expect((await deliveries(t)).map((x) => x.status)).toEqual(['queued', 'queued']);

    const back = await peer();
    await back.waitForEvents(2);
    expect(eventIds([back])).toContain(inFlight);
    await eventually(async () => expect((await deliveries(t)).map((x) => [x.acked, x.attempts])).toEqual([
      [true, 2],
      [true, 1],
    ]));
  });

  it('prefers a connected client to a webhook, and falls back to the webhook when none is left', async () => {
    const hook = await startReceiver();
    receivers.push(hook);
    await setWebhook(t, { url: hook.url });
    const p = await peer();
    await speak('to the connection');
    await p.waitForEvents(1);
    await p.close();
    await eventually(async () => expect(await connections(t)).toEqual([]));
    await speak('to the webhook');
    await hook.waitForEvents(1);
    expect(hook.events).toHaveLength(1);
    await eventually(async () => expect((await deliveries(t)).map((d) => d.channel)).toEqual(['long-connection', 'webhook']));
  });

  it('a reset forgets events in flight but keeps the connections', async () => {
    const p = await peer((_e, n) => (n === 0 ? 'none' : { code: 200 }));
    await speak();
    await p.waitForEvents(1);
    await t.admin('POST', '/reset', { seed: 'empty' });
    expect(await deliveries(t)).toEqual([]);
    expect((await connections(t)).map((c) => [c.device_id, c.in_flight])).toEqual([[p.deviceId, 0]]);
    await new Promise((r) => setTimeout(r, 400)); // past the ACK timeout: nothing is redelivered
    expect(p.events).toHaveLength(1);

    ann = await newUser(t, 'Ann');
    chatId = await newChat(t, 'Team', [ann.open_id]);
    await speak('after the reset');
    await p.waitForEvents(2);
  });

  it('emu.close() closes the connections at once', async () => {
    const other = await startTestEmulator();
    const p = await connectPeer(other);
    const started = Date.now();
    await other.close();
    await p.closed;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
