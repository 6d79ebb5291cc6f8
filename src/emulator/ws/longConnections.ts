import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EventEnvelope } from '../events/envelope.js';
import type { AttemptResult, EventChannel } from '../events/hub.js';
import { LongConnection, type ConnectionSettings } from './connection.js';
import { Tickets, type Ticket } from './tickets.js';

/**
 * The app's long connections as an event channel (feishu-wire.md §8): endpoint discovery hands
 * out one-time tickets, a ticket opens one connection, and each event goes to ONE connection
 * picked at random among the ready ones (Feishu's cluster mode), redeliveries included. The hub
 * (events/hub.ts) owns the queue, the redelivery schedule and the delivery log.
 */

/** Feishu's limit per app (D:使用长连接接收事件). */
export const MAX_CONNECTIONS = 50;
/** Endpoint `code` and `Handshake-Autherrcode` for the limit (node `ErrorCode.exceed_conn_limit`). */
export const EXCEED_CONN_LIMIT = 1000040350;
/** Endpoint `code` and `Handshake-Status` for refused credentials or tickets (`ErrorCode.auth_failed`). */
export const AUTH_FAILED = 514;

export interface HandshakeRefusal {
  httpStatus: number;
  /** `Handshake-Status`: 514 auth failed (retryable unless the auth code is the limit), 403 fatal. */
  status: number;
  msg: string;
  authErrCode: number;
}

export interface ConnectionInfo {
  device_id: string;
  service_id: number;
  connected_at: number;
  ready: boolean;
  in_flight: number;
}

export class LongConnections implements EventChannel {
  readonly name = 'long-connection';
  /**
   * Preferred over a webhook when both could take an event: a Feishu app subscribes in one mode,
   * and a connected client is the mode in use (the webhook admin setting may be a leftover).
   */
  readonly priority = 0;
  private readonly connections = new Set<LongConnection>();
  private readonly tickets = new Tickets();
  private readonly wss = new WebSocketServer({ noServer: true });
  private closed = false;

  constructor(private readonly settings: ConnectionSettings & { wake(): void }) {}

  get count(): number {
    return this.connections.size;
  }

  /** `POST /callback/ws/endpoint`: a ticket for one dial, or `limit` when the app holds 50 connections. */
  discover(): Ticket | 'limit' {
    if (this.connections.size >= MAX_CONNECTIONS) return 'limit';
    return this.tickets.issue(this.settings.now());
  }

  /**
   * The WebSocket handshake of a discovered URL: answers why it is refused, or accepts it (the
   * caller writes the refusal: upgrade.ts).
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): HandshakeRefusal | undefined {
    if (this.closed) return { httpStatus: 503, status: AUTH_FAILED, msg: 'the emulator is shutting down', authErrCode: AUTH_FAILED };
    const ticket = this.tickets.take(query, this.settings.now());
    // No documented auth code for a stale URL: 514 with any code but the limit's makes Go and
    // Python retry, which is right, as rediscovery hands out a fresh ticket.
    if (!ticket) return { httpStatus: 401, status: AUTH_FAILED, msg: 'unknown, used or expired ticket: discover the URL again', authErrCode: AUTH_FAILED };
    if (this.connections.size >= MAX_CONNECTIONS) {
      return { httpStatus: 403, status: AUTH_FAILED, msg: `exceeded connection limit: at most ${MAX_CONNECTIONS} long connections per app`, authErrCode: EXCEED_CONN_LIMIT };
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new LongConnection(ws, ticket, this.settings, {
        ready: () => this.settings.wake(),
        closed: (c) => this.connections.delete(c),
      });
      this.connections.add(connection);
    });
    return undefined;
  }

  ready(): boolean {
    return !this.closed && this.readyConnections().length > 0;
  }

  deliver(envelope: EventEnvelope): Promise<AttemptResult> {
    const ready = this.readyConnections();
    if (ready.length === 0) return Promise.resolve({ ok: false, error: 'no long connection is ready' });
    return ready[Math.floor(Math.random() * ready.length)].push(envelope);
  }

  list(): ConnectionInfo[] {
    return [...this.connections].map((c) => ({ device_id: c.deviceId, service_id: c.serviceId, connected_at: c.connectedAt, ready: c.ready, in_flight: c.inFlight }));
  }

  /**
   * `POST /__emulator/connections/drop`: cuts every connection. Events in flight fail their
   * attempt and are redelivered on the hub's schedule, once a client is back.
   */
  drop(): number {
    const n = this.connections.size;
    for (const c of this.connections) c.terminate();
    return n;
  }

  reset(): void {
    for (const c of this.connections) c.forgetInFlight();
  }

  close(abort: boolean): void {
    this.closed = true;
    if (!abort) return;
    this.tickets.clear();
    for (const c of this.connections) c.terminate();
    this.wss.close();
  }

  private readyConnections(): LongConnection[] {
    return [...this.connections].filter((c) => c.ready);
  }
}
