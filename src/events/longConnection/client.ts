import type { AckResponse, WsClientConfig } from '../../wire/wsFrames.js';
import type { Ingest } from '../ingest.js';
import type { EventsLogger } from '../types.js';
import { discoverEndpoint, type DiscoveredEndpoint } from './endpoint.js';
import { LongConnectionError } from './errors.js';
import { handleEventPayload } from './eventPayload.js';
import { Session } from './session.js';
import { DEFAULT_CLIENT_CONFIG, mergeClientConfig, timingOf, type Timing, type TimingOverrides } from './timing.js';

/**
 * The gateway's long-connection client (feishu-wire.md §8): discovers a URL, dials it, keeps it
 * alive (session.ts), feeds every event to the shared `ingest`, and reconnects per §8.7:
 * - the first connection is tried at once; after a drop the client waits random()·ReconnectNonce
 *   (so replicas cut at the same moment do not all come back in the same millisecond);
 * - each attempt is a fresh discovery (a URL's ticket is good for one dial) plus a dial; a failed
 *   attempt waits ReconnectInterval before the next; after ReconnectCount failed attempts in a
 *   row (-1: never) or a fatal refusal (wrong credentials, connection limit) it stops for good;
 * - a generation counter: every drop, and `close()`, starts a new generation, and a loop or a
 *   session of an older one stops at its next step, so two loops never race to connect.
 * Readiness (`/ready`): not ready until the first connection is up; ready from then on, while a
 * reconnect is under way too (see `ready()`); not ready once the client stopped for good.
 */

export interface LongConnectionOptions {
  baseUrl: string;
  appId: string;
  /** Sent to endpoint discovery only; never logged. */
  appSecret: string;
  ingest: Ingest;
  logger?: EventsLogger;
  /** Overrides of Feishu's ClientConfig (tests: short reconnect waits). */
  timing?: TimingOverrides;
  handshakeTimeoutMs?: number;
  discoveryTimeoutMs?: number;
  fragmentTtlMs?: number;
  /** For tests of redelivery: when it answers true for an event, its ACK is not sent. */
  withholdAck?: (eventId: string) => boolean;
  random?: () => number;
}

export type LongConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped' | 'closed';

export interface LongConnectionStats {
  /** Connections opened (1 + reconnects). */
  connects: number;
  /** Complete events received (redeliveries included), by what ingestion made of them. */
  events: number;
  /** Events that arrived in several frames (reassembled). */
  fragmented: number;
  published: number;
  duplicates: number;
  ignored: number;
  failed: number;
  unreadable: number;
  acksWithheld: number;
}

export interface LongConnectionClient {
  /** Dials (once; later calls do nothing). */
  start(): void;
  readonly state: LongConnectionState;
  /** The `device_id` of the open connection, if any (it names the connection in Feishu's logs). */
  readonly deviceId: string | undefined;
  /** Resolves when the gateway may call itself ready; rejects with the reason otherwise. */
  ready(): Promise<void>;
  /** Resolves once a connection is open (now or later); rejects after `timeoutMs` or when the client stops. */
  connected(timeoutMs?: number): Promise<void>;
  stats(): LongConnectionStats;
  /** Stops for good: no reconnect, in-flight events get to send their ACK, the socket closes with 1000. */
  close(): Promise<void>;
}

export function createLongConnectionClient(opts: LongConnectionOptions): LongConnectionClient {
  const { logger, random = Math.random } = opts;
  let config: WsClientConfig = DEFAULT_CLIENT_CONFIG;
  const timing = (): Timing => timingOf(config, opts.timing);
  let state: LongConnectionState = 'idle';
  let generation = 0;
  /** Aborts the waits and the discovery of the current generation. */
  let abort = new AbortController();
  let session: Session | undefined;
  let everConnected = false;
  let stoppedReason: string | undefined;
  let lastFailure: string | undefined;
  const waiters = new Set<{ resolve(): void; reject(err: Error): void }>();
  const stats: LongConnectionStats = { connects: 0, events: 0, fragmented: 0, published: 0, duplicates: 0, ignored: 0, failed: 0, unreadable: 0, acksWithheld: 0 };

  const live = (gen: number) => gen === generation && state !== 'closed' && state !== 'stopped';

  /** Starts a new generation: older loops and sessions see they are stale and stop. */
  function nextGeneration(): number {
    abort.abort();
    abort = new AbortController();
    return ++generation;
  }

  async function onEvent(payload: Uint8Array, fragments: number): Promise<AckResponse | 'withhold'> {
    stats.events++;
    if (fragments > 1) stats.fragmented++;
    const handled = await handleEventPayload(payload, opts.ingest, logger);
    stats[handled.outcome === 'duplicate' ? 'duplicates' : handled.outcome]++;
    if (handled.eventId && opts.withholdAck?.(handled.eventId)) {
      stats.acksWithheld++;
      return 'withhold';
    }
    return handled.response;
  }

  function dial(endpoint: DiscoveredEndpoint): Session {
    config = endpoint.config;
    return new Session(endpoint, {
      pingIntervalMs: () => timing().pingIntervalMs,
      onConfig: (next) => {
        config = mergeClientConfig(config, next);
      },
      onEvent,
      handshakeTimeoutMs: opts.handshakeTimeoutMs ?? 15_000,
      fragmentTtlMs: opts.fragmentTtlMs ?? 10_000,
      logger,
    });
  }

  /** One generation's loop: (nonce wait,) then attempts until one connects, it is told to stop, or it gives up. */
  async function run(gen: number, afterDrop: boolean): Promise<void> {
    if (afterDrop) {
      const waitMs = Math.floor(random() * timing().reconnectNonceMs);
      logger?.info?.(`long connection: reconnecting in ${waitMs} ms`);
      await sleep(waitMs, abort.signal);
    }
    let failures = 0;
    while (live(gen)) {
      try {
        const endpoint = await discoverEndpoint({ baseUrl: opts.baseUrl, appId: opts.appId, appSecret: opts.appSecret, timeoutMs: opts.discoveryTimeoutMs, signal: abort.signal });
        if (!live(gen)) return;
        const s = dial(endpoint);
        session = s;
        try {
          await s.opened;
        } finally {
          if (!live(gen)) s.end('superseded');
        }
        if (!live(gen)) return;
        connectedNow(gen, s);
        return;
      } catch (err) {
        if (!live(gen)) return;
        session = undefined;
        failures++;
        const e = err instanceof LongConnectionError ? err : new LongConnectionError((err as Error)?.message ?? String(err), false);
        lastFailure = e.message;
        if (e.fatal) return stop(gen, `${e.message} (fatal: not retried)`);
        const { reconnectCount, reconnectIntervalMs } = timing();
        if (reconnectCount >= 0 && failures >= Math.max(1, reconnectCount)) return stop(gen, `${e.message} (gave up after ${failures} attempts, ReconnectCount ${reconnectCount})`);
        logger?.warn?.(`long connection: ${e.message}; next attempt in ${reconnectIntervalMs} ms`);
        await sleep(reconnectIntervalMs, abort.signal);
      }
    }
  }

  function connectedNow(gen: number, s: Session): void {
    const first = !everConnected;
    everConnected = true;
    lastFailure = undefined;
    state = 'connected';
    stats.connects++;
    logger?.info?.(`long connection ${first ? 'established' : 're-established'} (device_id ${s.endpoint.deviceId})`);
    for (const w of waiters) w.resolve();
    waiters.clear();
    void s.closed.then((why) => {
      if (!live(gen) || session !== s) return;
      session = undefined;
      lastFailure = `connection lost: ${why}`;
      logger?.warn?.(`long connection (device_id ${s.endpoint.deviceId}) lost: ${why}`);
      state = 'reconnecting';
      void run(nextGeneration(), true);
    });
  }

  function stop(gen: number, reason: string): void {
    if (gen !== generation) return;
    nextGeneration();
    state = 'stopped';
    stoppedReason = reason;
    logger?.error?.(`long connection stopped, events will not arrive on this replica: ${reason}`);
    for (const w of waiters) w.reject(new Error(`long connection stopped: ${reason}`));
    waiters.clear();
  }

  return {
    start() {
      if (state !== 'idle') return;
      state = 'connecting';
      void run(generation, false);
    },
    get state() {
      return state;
    },
    get deviceId() {
      return state === 'connected' ? session?.endpoint.deviceId : undefined;
    },
    async ready() {
      if (state === 'stopped') throw new Error(`long connection stopped: ${stoppedReason}`);
      if (state === 'closed') throw new Error('long connection closed');
      // A drop after the first connection does not make the gateway unready: queries and
      // mutations do not need it, Feishu keeps the events and redelivers them once the client
      // is back, and Feishu cutting every replica's connection at once would otherwise take the
      // whole deployment out of its load balancer for a reconnect's few seconds.
      if (!everConnected) throw new Error(`long connection not established${lastFailure ? ` (${lastFailure})` : ''}`);
    },
    connected(timeoutMs = 15_000) {
      if (state === 'connected') return Promise.resolve();
      if (state === 'stopped' || state === 'closed') return Promise.reject(new Error(`long connection ${state}${stoppedReason ? `: ${stoppedReason}` : ''}`));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`long connection not established within ${timeoutMs} ms${lastFailure ? ` (${lastFailure})` : ''}`));
        }, timeoutMs);
        const w = {
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (err: Error) => (clearTimeout(timer), reject(err)),
        };
        waiters.add(w);
      });
    },
    stats: () => ({ ...stats }),
    async close() {
      if (state === 'closed') return;
      nextGeneration();
      state = 'closed';
      for (const w of waiters) w.reject(new Error('long connection closed'));
      waiters.clear();
      const s = session;
      session = undefined;
      await s?.close();
    },
  };
}

/** Resolves after `ms`, or at once when `signal` aborts (the loop then sees it is stale). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
