import { randomBytes, randomInt } from 'node:crypto';
import type { WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FrameMethod, headerOf, type Frame } from '../../wire/frames.js';
import { eventFrames, FrameHeader, frameType, pongFrame, readAck, type WsClientConfig } from '../../wire/wsFrames.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { AttemptResult } from '../events/hub.js';
import type { Ticket } from './tickets.js';

/**
 * One client's long connection (feishu-wire.md §8.4-8.6): answers pings with a pong carrying the
 * ClientConfig, pushes events as data frames (fragmented above `fragmentBytes`) and resolves each
 * push when its ACK comes back (matched by `message_id`, which every fragment and the ACK carry),
 * when `ackTimeoutMs` passes, or when the socket closes. Only binary frames count; text frames
 * and bytes that are not a Frame are ignored.
 */

/**
 * A connection takes events once the client has sent its first frame (every SDK pings at once on
 * open), or after this grace. Why wait at all: the node SDK attaches its message listener a few
 * promise ticks after `open`, so frames that arrive with the 101 answer are dropped (tried: every
 * event queued before it connected was lost; long-connection-sdk.test.ts keeps that covered).
 */
export const READY_GRACE_MS = 100;

export interface ConnectionSettings {
  config(): WsClientConfig;
  ackTimeoutMs(): number;
  fragmentBytes(): number;
  now(): number;
}

interface Pending {
  resolve(result: AttemptResult): void;
  timer: NodeJS.Timeout;
}

const utf8 = new TextEncoder();

export class LongConnection {
  readonly deviceId: string;
  readonly serviceId: number;
  readonly connectedAt: number;
  private isReady = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Data frames' SeqID: per connection, increasing (the real values are not documented). */
  private seq = 0;

  constructor(
    private readonly socket: WebSocket,
    ticket: Ticket,
    private readonly settings: ConnectionSettings,
    private readonly events: { ready(c: LongConnection): void; closed(c: LongConnection): void },
  ) {
    this.deviceId = ticket.deviceId;
    this.serviceId = ticket.serviceId;
    this.connectedAt = settings.now();
    socket.on('message', (data, isBinary) => this.receive(data as Buffer | Buffer[] | ArrayBuffer, isBinary));
    // A peer that vanishes surfaces as 'error' then 'close'; without a listener 'error' would throw.
    socket.on('error', () => {});
    socket.on('close', () => this.onClose());
    this.graceTimer = setTimeout(() => this.markReady(), READY_GRACE_MS);
    this.graceTimer.unref();
  }

  /** Open and past its first frame (or the grace): may take events. */
  get ready(): boolean {
    return this.isReady && this.socket.readyState === this.socket.OPEN;
  }

  /** Events pushed and not yet acknowledged. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Pushes one event; resolves (never rejects) with the ACK, a timeout, or the socket closing. */
  push(envelope: EventEnvelope): Promise<AttemptResult> {
    const messageId = randomBytes(16).toString('hex');
    const frames = eventFrames({
      service: this.serviceId,
      messageId,
      traceId: randomBytes(16).toString('hex'),
      payload: utf8.encode(JSON.stringify(envelope)),
      fragmentBytes: this.settings.fragmentBytes(),
      timestamp: this.settings.now(),
      SeqID: ++this.seq,
      LogID: randomInt(1, 2 ** 48),
    });
    const target = this.deviceId;
    return new Promise<AttemptResult>((resolve) => {
      const ms = this.settings.ackTimeoutMs();
      const timer = setTimeout(() => this.settle(messageId, { ok: false, target, error: `no ACK within ${ms} ms` }), ms);
      timer.unref();
      this.pending.set(messageId, { resolve, timer });
      for (const f of frames) this.socket.send(encodeFrame(f), { binary: true }, () => {}); // a send error ends in 'close'
    });
  }

  /** `POST /__emulator/connections/drop` and shutdown: cut at once, like a network failure. */
  terminate(): void {
    this.socket.terminate();
  }

  /** After a reset the hub ignores answers to earlier attempts: stop waiting for them. */
  forgetInFlight(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, target: this.deviceId, error: 'forgotten by a reset' });
  }

  private receive(data: Buffer | Buffer[] | ArrayBuffer, isBinary: boolean): void {
    if (!isBinary) return;
    let frame: Frame;
    try {
      frame = decodeFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : new Uint8Array(data));
    } catch {
      return;
    }
    this.markReady();
    if (frame.method === FrameMethod.control) {
      if (frameType(frame) === 'ping') this.socket.send(encodeFrame(pongFrame(this.serviceId, this.settings.config())), { binary: true }, () => {});
      return;
    }
    if (frame.method === FrameMethod.data) this.onAck(frame);
  }

  /** Any echo of an event frame whose payload is `{"code": …}`: 200 acknowledged, else failed. */
  private onAck(frame: Frame): void {
    const messageId = headerOf(frame, FrameHeader.messageId);
    const ack = readAck(frame);
    if (!messageId || !ack) return;
    const ok = ack.code === 200;
    this.settle(messageId, { ok, status: ack.code, target: this.deviceId, ...(ok ? {} : { error: `ACK code ${ack.code}` }) });
  }

  /** The first answer wins; a late or duplicate ACK finds nothing pending and is ignored. */
  private settle(messageId: string, result: AttemptResult): void {
    const p = this.pending.get(messageId);
    if (!p) return;
    this.pending.delete(messageId);
    clearTimeout(p.timer);
    p.resolve(result);
  }

  private markReady(): void {
    if (this.isReady) return;
    this.isReady = true;
    clearTimeout(this.graceTimer);
    if (this.socket.readyState === this.socket.OPEN) this.events.ready(this);
  }

  private onClose(): void {
    clearTimeout(this.graceTimer);
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, target: this.deviceId, error: 'the connection closed before the ACK' });
    this.events.closed(this);
  }
}
