import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Ingest, IngestOutcome } from '../../src/events/ingest.js';
import { createLongConnectionClient, type LongConnectionClient, type LongConnectionOptions } from '../../src/events/longConnection/index.js';
import { decodeFrame, encodeFrame, FrameMethod, headerOf, type Frame } from '../../src/wire/frames.js';
import { eventFrames, frameType, pongFrame, readAck } from '../../src/wire/wsFrames.js';

/**
 * The long-connection client against a scripted Feishu (a node:http server for endpoint discovery
 * plus a `ws` server), where the emulator cannot be made to misbehave on cue: the discovery
 * request, ping cadence and pong-driven config, ACK shape, fragments out of order, card frames,
 * fatal vs retryable refusals (feishu-wire.md §8.1, §8.2, §8.7), the watchdog, and close().
 */

const SECRET = 'very-secret-app-secret';
const utf8 = new TextEncoder();

interface Peer {
  ws: WebSocket;
  frames: Frame[];
  send(frame: Frame): void;
  closed: Promise<void>;
}

type Refusal = { status: number; headers: Record<string, string> };

interface FakeFeishu {
  url: string;
  discoveries: Array<{ body: any; headers: IncomingHttpHeaders }>;
  peers: Peer[];
  close(): Promise<void>;
}

interface FakeOptions {
  /** The n-th (0-based) discovery's answer; default code 0 with a URL to this server. */
  discovery?: (n: number, url: string) => { status?: number; body: unknown } | undefined;
  /** The n-th handshake: accept (undefined) or refuse. */
  handshake?: (n: number) => Refusal | undefined;
  /** Answer pings with pongs carrying this config (default: PingInterval 120). `false`: never pong. */
  pong?: false | { PingInterval: number; ReconnectCount: number; ReconnectInterval: number; ReconnectNonce: number };
}

const SERVICE_ID = 4242;
const defaultConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

async function fakeFeishu(opts: FakeOptions = {}): Promise<FakeFeishu> {
  const discoveries: FakeFeishu['discoveries'] = [];
  const peers: Peer[] = [];
  let handshakes = 0;
  const wss = new WebSocketServer({ noServer: true });
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const n = discoveries.length;
      discoveries.push({ body: JSON.parse(raw || 'null'), headers: req.headers });
      const origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const wsUrl = `${origin}/ws/v2?device_id=dev${n}&service_id=${SERVICE_ID}`;
      const answer = opts.discovery?.(n, wsUrl) ?? { body: { code: 0, msg: 'ok', data: { URL: wsUrl, ClientConfig: defaultConfig } } };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const refusal = opts.handshake?.(handshakes++);
    if (refusal) {
      const lines = Object.entries({ ...refusal.headers, 'content-length': '0', connection: 'close' }).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.end(`HTTP/1.1 ${refusal.status} Refused\r\n${lines.join('')}\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const frames: Frame[] = [];
      const peer: Peer = {
        ws,
        frames,
        send: (f) => ws.send(encodeFrame(f)),
        closed: new Promise((resolve) => ws.once('close', () => resolve())),
      };
      ws.on('message', (data: Buffer) => {
        const f = decodeFrame(data);
        frames.push(f);
        if (f.method === FrameMethod.control && frameType(f) === 'ping' && opts.pong !== false) peer.send(pongFrame(SERVICE_ID, opts.pong ?? defaultConfig));
      });
      peers.push(peer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    discoveries,
    peers,
    close: async () => {
      for (const p of peers) p.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Harness {
  feishu: FakeFeishu;
  client: LongConnectionClient;
  ingested: any[];
  logs: string[];
}

async function setup(fake: FakeOptions = {}, client: Partial<LongConnectionOptions> & { outcome?: IngestOutcome } = {}): Promise<Harness> {
  const feishu = await fakeFeishu(fake);
  cleanups.push(() => feishu.close());
  const ingested: any[] = [];
  const logs: string[] = [];
  const ingest: Ingest = async (envelope) => {
    ingested.push(envelope);
    return client.outcome ?? 'published';
  };
  const log = (msg: string) => void logs.push(msg);
  const c = createLongConnectionClient({
    baseUrl: feishu.url,
    appId: 'cli_0123456789abcdef',
    appSecret: SECRET,
    ingest,
    logger: { debug: log, info: log, warn: log, error: log },
    ...client,
  });
  cleanups.push(() => c.close());
  c.start();
  return { feishu, client: c, ingested, logs };
}

async function until(predicate: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const envelope = (eventId: string, text = 'hello') => ({
  schema: '2.0',
  header: { event_id: eventId, event_type: 'im.message.receive_v1', create_time: '1700000000000', token: '', app_id: 'cli_0123456789abcdef', tenant_key: 't' },
  event: { text },
});

const push = (peer: Peer, payload: unknown, fragmentBytes = 1 << 20, messageId = `m-${Math.random()}`): Frame[] => {
  const frames = eventFrames({
    service: SERVICE_ID,
    messageId,
    traceId: 'trace',
    payload: typeof payload === 'string' ? utf8.encode(payload) : utf8.encode(JSON.stringify(payload)),
    fragmentBytes,
    timestamp: Date.now(),
    SeqID: 7,
    LogID: 99,
  });
  return frames;
};

const dataFrames = (p: Peer) => p.frames.filter((f) => f.method === FrameMethod.data);
const pings = (p: Peer) => p.frames.filter((f) => f.method === FrameMethod.control && frameType(f) === 'ping');

describe('long-connection client: discovery, ping, pong', () => {
  it('discovers with {AppID, AppSecret} and locale, pings at once with the service id, and follows the PingInterval a pong brings', async () => {
    const { feishu, client } = await setup({ pong: { ...defaultConfig, PingInterval: 1 } });
    await client.connected(3_000);
    expect(feishu.discoveries).toHaveLength(1);
    expect(feishu.discoveries[0].body).toEqual({ AppID: 'cli_0123456789abcdef', AppSecret: SECRET });
    expect(feishu.discoveries[0].headers).toMatchObject({ locale: 'zh', 'content-type': 'application/json' });
    const [peer] = feishu.peers;
    await until(() => pings(peer).length >= 1, 1_000, 'the first ping');
    expect(pings(peer)[0]).toMatchObject({ SeqID: 0, LogID: 0, service: SERVICE_ID, method: FrameMethod.control });
    // Discovery said 120 s; the pong said 1 s: the second ping comes about a second later.
    const started = Date.now();
    await until(() => pings(peer).length >= 2, 2_500, 'the second ping');
    expect(Date.now() - started).toBeGreaterThan(700);
    expect(client.state).toBe('connected');
  });

  it('takes a connection whose pings go unanswered for a whole PingInterval for dead, and reconnects', async () => {
    const { feishu, client, logs } = await setup({ pong: false }, { timing: { pingIntervalMs: 150, reconnectNonceMs: 0 } });
    await client.connected(3_000);
    await until(() => feishu.discoveries.length >= 2 && client.state === 'connected', 3_000, 'a reconnection');
    expect(client.stats().connects).toBeGreaterThanOrEqual(2);
    expect(logs.join('\n')).toMatch(/nothing received for 150 ms after a ping/);
  });
});

describe('long-connection client: events and ACKs', () => {
  it('reassembles fragments arriving out of order and ACKs the completing frame once: echoed with biz_rt and {"code":200}', async () => {
    const { feishu, client, ingested } = await setup();
    await client.connected(3_000);
    const [peer] = feishu.peers;
    const frames = push(peer, envelope('e1', 'x'.repeat(500)), 100, 'msg-1');
    expect(frames.length).toBeGreaterThan(3);
    const order = [...frames.keys()].reverse(); // last fragment first
    for (const i of order) peer.send(frames[i]);
    await until(() => dataFrames(peer).length >= 1, 2_000, 'the ACK');
    await new Promise((r) => setTimeout(r, 100));
    const acks = dataFrames(peer);
    expect(acks).toHaveLength(1);
    const ack = acks[0];
    const completing = frames[order.at(-1)!];
    expect(ack).toMatchObject({ SeqID: 7, LogID: 99, service: SERVICE_ID, method: FrameMethod.data });
    expect(ack.headers.slice(0, -1)).toEqual(completing.headers);
    expect(ack.headers.at(-1)!.key).toBe('biz_rt');
    expect(Number(ack.headers.at(-1)!.value)).toBeGreaterThanOrEqual(0);
    expect(readAck(ack)).toEqual({ code: 200 });
    expect(new TextDecoder().decode(ack.payload)).toBe('{"code":200}');
    expect(ingested.map((e) => e.header.event_id)).toEqual(['e1']);
    expect(ingested[0].event.text).toBe('x'.repeat(500));
    expect(client.stats()).toMatchObject({ events: 1, fragmented: 1, published: 1 });
  });

  it('ACKs {"code":500} when ingestion failed (Feishu redelivers), 200 for a payload that is not an envelope, and nothing for card frames', async () => {
    const { feishu, client, ingested } = await setup({}, { outcome: 'failed' });
    await client.connected(3_000);
    const [peer] = feishu.peers;
    const [card] = push(peer, envelope('card-1'), 1 << 20, 'card');
    peer.send({ ...card, headers: card.headers.map((h) => (h.key === 'type' ? { key: 'type', value: 'card' } : h)) });
    for (const f of push(peer, envelope('e2'), 1 << 20, 'ev-2')) peer.send(f);
    for (const f of push(peer, 'not json {', 1 << 20, 'garbage')) peer.send(f);
    await until(() => dataFrames(peer).length >= 2, 2_000, 'two ACKs');
    await new Promise((r) => setTimeout(r, 100));
    const byMessage = new Map(dataFrames(peer).map((f) => [headerOf(f, 'message_id'), readAck(f)]));
    expect(Object.fromEntries(byMessage)).toEqual({ 'ev-2': { code: 500 }, garbage: { code: 200 } });
    expect(ingested.map((e) => e.header.event_id)).toEqual(['e2']);
    expect(client.stats()).toMatchObject({ events: 2, failed: 1, unreadable: 1 });
  });
});

describe('long-connection client: refusals, reconnects, readiness', () => {
  it('retries a retryable discovery refusal (code 1) after ReconnectInterval; /ready says why until connected', async () => {
    const { feishu, client } = await setup(
      { discovery: (n) => (n < 2 ? { body: { code: 1, msg: 'system busy', data: {} } } : undefined) },
      { timing: { reconnectIntervalMs: 150 } },
    );
    await until(() => feishu.discoveries.length >= 1, 1_000, 'the first discovery');
    await expect(client.ready()).rejects.toThrow(/^long connection not established/);
    await client.connected(3_000);
    expect(feishu.discoveries).toHaveLength(3);
    await expect(client.ready()).resolves.toBeUndefined();
  });

  it('stops at a fatal discovery code (514): one request, not ready with the reason, the secret in no message', async () => {
    const { feishu, client, logs } = await setup({ discovery: () => ({ body: { code: 514, msg: 'auth failed', data: {} } }) }, { timing: { reconnectIntervalMs: 50 } });
    await until(() => client.state === 'stopped', 2_000, 'the stop');
    await new Promise((r) => setTimeout(r, 200));
    expect(feishu.discoveries).toHaveLength(1);
    const err = await client.ready().catch((e: Error) => e);
    expect((err as Error).message).toBe('long connection stopped: endpoint discovery refused: code 514 (auth failed) (fatal: not retried)');
    await expect(client.connected(100)).rejects.toThrow(/stopped/);
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('retries a refused handshake (stale ticket: 514/514) with a fresh discovery, and stops at the connection limit (auth code 1000040350)', async () => {
    const stale = await setup({ handshake: (n) => (n === 0 ? { status: 401, headers: { 'Handshake-Status': '514', 'Handshake-Msg': 'bad ticket', 'Handshake-Autherrcode': '514' } } : undefined) }, { timing: { reconnectIntervalMs: 50 } });
    await stale.client.connected(3_000);
    expect(stale.feishu.discoveries).toHaveLength(2);

    const full = await setup({ handshake: () => ({ status: 403, headers: { 'Handshake-Status': '514', 'Handshake-Msg': 'exceeded connection limit', 'Handshake-Autherrcode': '1000040350' } }) }, { timing: { reconnectIntervalMs: 50 } });
    await until(() => full.client.state === 'stopped', 2_000, 'the stop');
    expect(full.feishu.discoveries).toHaveLength(1);
    await expect(full.client.ready()).rejects.toThrow(/auth code 1000040350.*fatal/);
  });

  it('after a drop waits random()·ReconnectNonce, rediscovers, and gives up after ReconnectCount failed attempts', async () => {
    let failing = false;
    const { feishu, client } = await setup(
      { discovery: (n) => (failing ? { status: 503, body: {} } : undefined) },
      { random: () => 0.5, timing: { reconnectNonceMs: 400, reconnectIntervalMs: 50, reconnectCount: 3 } },
    );
    await client.connected(3_000);
    failing = true;
    const cut = Date.now();
    feishu.peers[0].ws.terminate();
    await until(() => feishu.discoveries.length >= 2, 2_000, 'the rediscovery');
    expect(Date.now() - cut).toBeGreaterThanOrEqual(190); // 0.5 × 400 ms
    await until(() => client.state === 'stopped', 2_000, 'giving up');
    expect(feishu.discoveries).toHaveLength(1 + 3);
    await expect(client.ready()).rejects.toThrow(/gave up after 3 attempts/);
  });

  it('a drop does not make it unready; close() during the reconnect wait ends the loop (no later discovery)', async () => {
    const { feishu, client } = await setup({}, { timing: { reconnectNonceMs: 300 }, random: () => 1 });
    await client.connected(3_000);
    feishu.peers[0].ws.terminate();
    await until(() => client.state === 'reconnecting', 1_000, 'reconnecting');
    await expect(client.ready()).resolves.toBeUndefined();
    await client.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(feishu.discoveries).toHaveLength(1);
    await expect(client.ready()).rejects.toThrow('long connection closed');
  });

  it('close() while connected closes the socket with 1000 and does not reconnect', async () => {
    const { feishu, client } = await setup({}, { timing: { reconnectNonceMs: 0, reconnectIntervalMs: 10 } });
    await client.connected(3_000);
    const code = new Promise<number>((resolve) => feishu.peers[0].ws.once('close', (c) => resolve(c)));
    await client.close();
    expect(await code).toBe(1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(feishu.discoveries).toHaveLength(1);
    expect(client.state).toBe('closed');
  });
});
