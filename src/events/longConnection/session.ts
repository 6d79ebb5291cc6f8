import WebSocket from 'ws';
import { decodeFrame, encodeFrame, FrameMethod, headerOf, type Frame } from '../../wire/frames.js';
import { FragmentAssembler } from '../../wire/fragments.js';
import { ackFrame, FrameHeader, frameType, pingFrame, readPong, type AckResponse, type WsClientConfig } from '../../wire/wsFrames.js';
import type { EventsLogger } from '../types.js';
import type { DiscoveredEndpoint } from './endpoint.js';
import { LongConnectionError } from './errors.js';
import { handshakeRefusal } from './handshake.js';

/**
 * One dialed long connection (feishu-wire.md §8.2-8.6), from the handshake to its end:
 * - every listener is attached in the constructor, before the handshake completes: frames that
 *   arrive with the 101 answer are not lost (the node SDK's bug; see the emulator's READY_GRACE_MS);
 * - a ping at once on open, then every PingInterval (read afresh each time, and rescheduled when a
 *   pong brings a new one); a pong's payload is the new ClientConfig, handed to `onConfig`;
 * - a watchdog: when a whole PingInterval passes after a ping without any frame coming back, the
 *   socket is taken for dead (a half-open TCP connection never closes by itself) and terminated;
 * - data frames of `type=event` are reassembled by `message_id` (fragments.ts; incomplete ones
 *   dropped after `fragmentTtlMs`), and the frame that completes one is ACKed by echoing it with
 *   `biz_rt` and the response `onEvent` decides. `type=card` frames are dropped without an ACK,
 *   as all three SDKs do. Text frames and undecodable bytes are ignored.
 * The session never reconnects: its owner (client.ts) reads `closed` and decides.
 */

export interface SessionHooks {
  /** The ping interval now (the latest ClientConfig, or a test override). */
  pingIntervalMs(): number;
  /** A pong's ClientConfig: Feishu may change the intervals while connected. */
  onConfig(config: WsClientConfig): void;
  /** A complete event payload (`fragments`: how many frames carried it): the ACK's response, or `withhold` (send none: tests of redelivery). */
  onEvent(payload: Uint8Array, fragments: number): Promise<AckResponse | 'withhold'>;
  /** How long the handshake may take (ms). */
  handshakeTimeoutMs: number;
  /** How long an incomplete fragmented event is kept (node SDK: 10 s). */
  fragmentTtlMs: number;
  logger?: EventsLogger;
}

export class Session {
  /** Resolves on open; rejects with a LongConnectionError (refused, timed out, unreachable). */
  readonly opened: Promise<void>;
  /** Resolves with why the socket ended, once it has (after open or not). */
  readonly closed: Promise<string>;
  private readonly socket: WebSocket;
  private readonly assembler: FragmentAssembler;
  private pingTimer: NodeJS.Timeout | undefined;
  private pingEveryMs = 0;
  private lastPingAt = 0;
  private lastInboundAt = 0;
  private endReason: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    readonly endpoint: DiscoveredEndpoint,
    private readonly hooks: SessionHooks,
  ) {
    this.assembler = new FragmentAssembler(hooks.fragmentTtlMs);
    this.socket = new WebSocket(endpoint.url, { handshakeTimeout: hooks.handshakeTimeoutMs, perMessageDeflate: false });
    let settleOpen!: (err?: LongConnectionError) => void;
    this.opened = new Promise<void>((resolve, reject) => {
      let done = false;
      settleOpen = (err) => {
        if (done) return;
        done = true;
        if (err) reject(err);
        else resolve();
      };
    });
    this.opened.catch(() => undefined); // the owner awaits it; a late rejection must not go unhandled
    this.closed = new Promise<string>((resolve) => {
      this.socket.once('close', (code, reason) => {
        this.stopPinging();
        this.assembler.clear();
        const why = this.endReason ?? `closed by the server (${code}${reason.length ? ` ${reason.toString('utf8')}` : ''})`;
        settleOpen(new LongConnectionError(`the connection ended before it opened: ${why}`, false));
        resolve(why);
      });
    });
    this.socket.once('unexpected-response', (_req, res) => {
      settleOpen(handshakeRefusal(res));
      res.resume();
      this.end('handshake refused');
    });
    this.socket.on('error', (err: Error & { code?: string }) => {
      // Dial errors (ECONNREFUSED, handshake timeout) arrive here, then 'close'.
      const why = err.code ?? err.message;
      settleOpen(new LongConnectionError(`dial failed: ${why}`, false));
      this.endReason ??= `socket error: ${why}`;
    });
    this.socket.once('open', () => {
      settleOpen();
      this.lastInboundAt = Date.now();
      this.ping();
    });
    this.socket.on('message', (data, isBinary) => {
      if (!isBinary) return;
      this.lastInboundAt = Date.now();
      this.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    });
  }

  /** Ends the socket at once (a dead peer, or the owner moving on). Idempotent. */
  end(reason: string): void {
    this.endReason ??= reason;
    this.stopPinging();
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
  }

  /**
   * Graceful end: lets events being ingested send their ACK (bounded by `graceMs`), then closes
   * with 1000. Feishu redelivers whatever is left unacknowledged, to another replica if any.
   */
  async close(graceMs = 3_000): Promise<void> {
    this.endReason ??= 'closed by the gateway';
    this.stopPinging();
    if (this.inFlight.size > 0) await Promise.race([Promise.allSettled([...this.inFlight]), delay(graceMs)]);
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(1000, 'gateway stopping');
      await Promise.race([this.closed, delay(1_000)]);
    }
    this.end('closed by the gateway');
    await this.closed;
  }

  private ping(): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.lastPingAt = Date.now();
    this.send(pingFrame(this.endpoint.serviceId));
    this.schedulePing();
  }

  private schedulePing(): void {
    clearTimeout(this.pingTimer);
    this.pingEveryMs = this.hooks.pingIntervalMs();
    this.pingTimer = setTimeout(() => {
      if (this.lastInboundAt < this.lastPingAt) {
        this.hooks.logger?.warn?.(`long connection (device_id ${this.endpoint.deviceId}): nothing received for ${this.pingEveryMs} ms after a ping: taking it for dead`);
        return this.end(`no answer to a ping within ${this.pingEveryMs} ms`);
      }
      this.ping();
    }, this.pingEveryMs);
    this.pingTimer.unref(); // the gateway's server keeps the process alive, not this timer
  }

  private stopPinging(): void {
    clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }

  private receive(bytes: Uint8Array): void {
    let frame: Frame;
    try {
      frame = decodeFrame(bytes);
    } catch {
      this.hooks.logger?.warn?.(`long connection: ignored ${bytes.length} bytes that are not a pbbp2 Frame`);
      return;
    }
    if (frame.method === FrameMethod.control) return this.control(frame);
    if (frame.method === FrameMethod.data) return this.data(frame);
  }

  /** Pongs carry the ClientConfig; server pings are ignored, as the SDKs do. */
  private control(frame: Frame): void {
    if (frameType(frame) !== 'pong') return;
    const config = readPong(frame);
    if (!config) return;
    this.hooks.onConfig(config);
    // A new PingInterval applies now, not after the (possibly two-minute) timer already running.
    if (this.pingTimer && this.hooks.pingIntervalMs() !== this.pingEveryMs) this.schedulePing();
  }

  private data(frame: Frame): void {
    const type = frameType(frame);
    if (type !== 'event') {
      this.hooks.logger?.debug?.(`long connection: dropped a data frame of type ${type ?? '(none)'} without an ACK`);
      return;
    }
    let whole: Uint8Array | undefined;
    try {
      whole = this.assembler.add(frame);
    } catch (err) {
      this.hooks.logger?.warn?.(`long connection: ${(err as Error).message}: dropped without an ACK`);
      return;
    }
    if (!whole) return; // more fragments to come: only the completing one is ACKed
    const started = performance.now();
    const fragments = Number(headerOf(frame, FrameHeader.sum) ?? 1);
    const work = this.hooks
      .onEvent(whole, fragments)
      .then((response) => {
        if (response === 'withhold') return;
        this.send(ackFrame(frame, response, Math.max(0, Math.round(performance.now() - started))));
      })
      .catch((err) => this.hooks.logger?.warn?.(`long connection: event ${headerOf(frame, FrameHeader.messageId)} not handled: ${(err as Error)?.message ?? String(err)}`))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private send(frame: Frame): void {
    if (this.socket.readyState !== WebSocket.OPEN) return; // gone: Feishu redelivers what was not ACKed
    this.socket.send(encodeFrame(frame), { binary: true }, () => undefined); // a send error surfaces as 'close'
  }
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
  });
