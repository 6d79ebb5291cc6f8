import WebSocket from 'ws';
import { decodeFrame, encodeFrame, FrameMethod, headerOf, type Frame } from '../../src/wire/frames.js';
import { FragmentAssembler } from '../../src/wire/fragments.js';
import { ackFrame, FrameHeader, frameType, pingFrame, type AckResponse } from '../../src/wire/wsFrames.js';
import type { TestEmulator } from './emulator.js';

/**
 * A raw long-connection client for the emulator's tests, built on src/wire like the gateway's:
 * discovers a URL, dials it with `ws`, pings, reassembles fragmented events and ACKs them the way
 * a test tells it (any SDK's ACK shape, a failure code, or no ACK at all).
 */

export interface ReceivedEvent {
  /** The data frames that carried it, in arrival order. */
  frames: Frame[];
  messageId: string;
  envelope: any;
  at: number;
}

/** How the peer answers its n-th event (0-based): an ACK payload, or `none` (withhold it). */
export type AckPolicy = (e: ReceivedEvent, n: number) => AckResponse | 'none';

export interface Peer {
  ws: WebSocket;
  url: string;
  deviceId: string;
  serviceId: number;
  /** Every frame received, decoded. */
  frames: Frame[];
  /** Events, reassembled, in completion order (redeliveries included). */
  events: ReceivedEvent[];
  ping(): void;
  /** Sends an ACK for an event's last frame (what the policy does; for late or duplicate ACKs). */
  ack(e: ReceivedEvent, response?: AckResponse): void;
  waitForEvents(n: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  /** Resolves once the server closed (or we did). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** `POST /callback/ws/endpoint` with the emulator's credentials unless told. */
export async function discover(t: TestEmulator, body: unknown = { AppID: t.emu.rt.appId, AppSecret: t.emu.rt.appSecret }): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}/callback/ws/endpoint`, { method: 'POST', headers: { 'content-type': 'application/json', locale: 'zh' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** A discovered URL, failing on a non-zero code. */
export async function discoveredUrl(t: TestEmulator): Promise<string> {
  const res = await discover(t);
  if (res.body.code !== 0) throw new Error(`discovery failed: ${JSON.stringify(res.body)}`);
  return res.body.data.URL;
}

export type DialResult = { ws: WebSocket } | { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** Dials a URL: the open socket, or the refused handshake's status, headers and body. */
export function dial(url: string): Promise<DialResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        ws.terminate();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    ws.once('error', reject);
  });
}

const acked: AckPolicy = () => ({ code: 200 });

/** Discovers, dials and pings (so the emulator takes it as ready at once). */
export async function connectPeer(t: TestEmulator, opts: { ack?: AckPolicy; ping?: boolean } = {}): Promise<Peer> {
  const url = await discoveredUrl(t);
  const dialed = await dial(url);
  if (!('ws' in dialed)) throw new Error(`handshake refused: ${dialed.status} ${dialed.body}`);
  const { ws } = dialed;
  const query = new URL(url).searchParams;
  const serviceId = Number(query.get('service_id'));
  const frames: Frame[] = [];
  const events: ReceivedEvent[] = [];
  const assembler = new FragmentAssembler();
  const byMessage = new Map<string, Frame[]>();
  const policy = opts.ack ?? acked;
  const send = (f: Frame) => ws.readyState === WebSocket.OPEN && ws.send(encodeFrame(f));
  const ack = (e: ReceivedEvent, response: AckResponse = { code: 200 }) => send(ackFrame(e.frames.at(-1)!, response, 1));
  ws.on('message', (data: Buffer) => {
    const frame = decodeFrame(data);
    frames.push(frame);
    if (frame.method !== FrameMethod.data || frameType(frame) !== 'event') return;
    const messageId = headerOf(frame, FrameHeader.messageId)!;
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), frame]);
    const whole = assembler.add(frame);
    if (!whole) return;
    const e: ReceivedEvent = { frames: byMessage.get(messageId)!, messageId, envelope: JSON.parse(new TextDecoder().decode(whole)), at: Date.now() };
    byMessage.delete(messageId);
    events.push(e);
    const answer = policy(e, events.length - 1);
    if (answer !== 'none') ack(e, answer);
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const peer: Peer = {
    ws,
    url,
    deviceId: query.get('device_id')!,
    serviceId,
    frames,
    events,
    ping: () => send(pingFrame(serviceId)),
    ack,
    async waitForEvents(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} events on ${peer.deviceId}, got ${events.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
    closed,
    close: async () => {
      ws.terminate();
      await closed;
    },
  };
  if (opts.ping ?? true) peer.ping();
  return peer;
}

/** `GET /__emulator/connections`. */
export async function connections(t: TestEmulator): Promise<any[]> {
  return (await t.admin('GET', '/connections')).body;
}

/** Control frames of a type (`pong`), as received. */
export const controlFrames = (p: Peer, type: string) => p.frames.filter((f) => f.method === FrameMethod.control && frameType(f) === type);
