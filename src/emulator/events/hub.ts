import type { ChangeBatch } from './changes.js';
import { envelopeOf, type EventEnvelope } from './envelope.js';

/**
 * The runtime's event queue. Emitted events wait here until a channel can take them (a webhook
 * is set, or, with the long-connection issue, a client is connected), then go out one attempt at
 * a time; an attempt that is not acknowledged is retried after `redeliveryDelaysMs[n]`, the same
 * event id each time, until the delays run out. Channels are pluggable: the hub knows nothing of
 * HTTP or WebSockets.
 */

export interface AttemptResult {
  ok: boolean;
  /** HTTP status (webhook) or ACK code (long connection), when there was an answer. */
  status?: number;
  error?: string;
  /** Where the attempt went (the webhook URL picked). */
  target?: string;
}

export interface EventChannel {
  readonly name: 'webhook' | 'long-connection';
  /** When several channels can take an event, the lowest priority gets it. */
  readonly priority: number;
  /** Whether the channel can take an event now. */
  ready(): boolean;
  /** One delivery attempt; resolves (never rejects) once the event is acknowledged or not. */
  deliver(envelope: EventEnvelope): Promise<AttemptResult>;
  /** Takes no more events; `abort` also cuts attempts in flight (shutdown). */
  close(abort: boolean): void;
  /** `POST /__emulator/reset`: forget attempts in flight (their answers no longer matter). */
  reset?(): void;
}

export type DeliveryStatus = 'queued' | 'sending' | 'waiting_retry' | 'acked' | 'failed';

/** One event's delivery history, as `GET /__emulator/deliveries` lists it. */
export interface Delivery {
  event_id: string;
  event_type: string;
  /** The channel of the latest attempt; null until the first. */
  channel: EventChannel['name'] | null;
  attempts: number;
  acked: boolean;
  status: DeliveryStatus;
  created_at: number;
  last_attempt_at?: number;
  next_attempt_at?: number;
  acked_at?: number;
  last_status?: number | null;
  last_error?: string;
  target?: string;
  /** The event as emitted (`header.token` is filled in per delivery). */
  envelope: EventEnvelope;
}

interface Item {
  envelope: EventEnvelope;
  delivery: Delivery;
}

export interface HubOptions {
  appId: string;
  redeliveryDelaysMs: () => number[];
  now: () => number;
}

/** Finished deliveries kept in the log; pending ones are always kept. */
const MAX_FINISHED = 1000;

export class EventHub {
  private queue: Item[] = [];
  private readonly channels = new Map<string, EventChannel>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log = new Map<string, Delivery>();
  /** Bumped by reset/close: answers to attempts of an earlier generation are ignored. */
  private generation = 0;
  private closed = false;

  constructor(private readonly opts: HubOptions) {}

  publish(type: string, event: Record<string, unknown>): Delivery {
    const now = this.opts.now();
    const envelope = envelopeOf(this.opts.appId, type, event, now);
    const delivery: Delivery = { event_id: envelope.header.event_id, event_type: type, channel: null, attempts: 0, acked: false, status: 'queued', created_at: now, envelope };
    this.log.set(delivery.event_id, delivery);
    this.queue.push({ envelope, delivery });
    this.pump();
    return delivery;
  }

  /** Publishes what one successful API call emitted. */
  publishBatch(batch: ChangeBatch): void {
    for (const { type, event } of batch.take()) this.publish(type, event);
  }

  /** Adds a channel, replacing (and retiring) one of the same name; queued events start flowing. */
  setChannel(channel: EventChannel): void {
    this.channels.get(channel.name)?.close(false);
    this.channels.set(channel.name, channel);
    this.pump();
  }

  /** Removes a channel; attempts in flight finish, later events queue. */
  removeChannel(name: EventChannel['name']): void {
    this.channels.get(name)?.close(false);
    this.channels.delete(name);
  }

  channel(name: EventChannel['name']): EventChannel | undefined {
    return this.channels.get(name);
  }

  /** Re-checks the queue, for channels whose readiness changed (a client connected). */
  wake(): void {
    this.pump();
  }

  deliveries(): Delivery[] {
    return [...this.log.values()];
  }

  /** Events waiting for a channel (not those in flight or waiting for a retry). */
  get queued(): number {
    return this.queue.length;
  }

  /** Forgets finished deliveries (the log); pending ones stay. */
  clearLog(): void {
    for (const [id, d] of this.log) if (d.status === 'acked' || d.status === 'failed') this.log.delete(id);
  }

  /** `POST /__emulator/reset`: the queue, pending redeliveries and the log go; channels stay (they are the app's settings). */
  reset(): void {
    this.generation++;
    this.clearTimers();
    this.queue = [];
    this.log.clear();
    for (const c of this.channels.values()) c.reset?.();
  }

  /** Shutdown: no timer or request outlives the emulator. */
  close(): void {
    this.closed = true;
    this.reset();
    for (const c of this.channels.values()) c.close(true);
    this.channels.clear();
  }

  private pick(): EventChannel | undefined {
    let best: EventChannel | undefined;
    for (const c of this.channels.values()) if (c.ready() && (!best || c.priority < best.priority)) best = c;
    return best;
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const channel = this.pick();
      if (!channel) return;
      void this.attempt(this.queue.shift()!, channel);
    }
  }

  private async attempt(item: Item, channel: EventChannel): Promise<void> {
    const d = item.delivery;
    const generation = this.generation;
    d.attempts++;
    d.status = 'sending';
    d.channel = channel.name;
    d.last_attempt_at = this.opts.now();
    delete d.next_attempt_at;
    let result: AttemptResult;
    try {
      result = await channel.deliver(item.envelope);
    } catch (err) {
      result = { ok: false, error: (err as Error)?.message ?? String(err) };
    }
    if (generation !== this.generation || this.closed) return;
    d.last_status = result.status ?? null;
    if (result.target !== undefined) d.target = result.target;
    if (result.error !== undefined) d.last_error = result.error;
    else delete d.last_error;
    if (result.ok) {
      d.acked = true;
      d.status = 'acked';
      d.acked_at = this.opts.now();
      return this.trim();
    }
    this.retryLater(item);
  }

  /** Redelivery n (1-based) waits `redeliveryDelaysMs[n-1]`; after the last one the event is given up. */
  private retryLater(item: Item): void {
    const d = item.delivery;
    const delay = this.opts.redeliveryDelaysMs()[d.attempts - 1];
    if (delay === undefined) {
      d.status = 'failed';
      return this.trim();
    }
    d.status = 'waiting_retry';
    d.next_attempt_at = this.opts.now() + delay;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      d.status = 'queued';
      delete d.next_attempt_at;
      this.queue.push(item);
      this.pump();
    }, delay);
    // The emulator's server keeps the process alive; a pending redelivery alone should not.
    timer.unref();
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private trim(): void {
    let finished = 0;
    for (const d of this.log.values()) if (d.status === 'acked' || d.status === 'failed') finished++;
    for (const [id, d] of this.log) {
      if (finished <= MAX_FINISHED) break;
      if (d.status === 'acked' || d.status === 'failed') {
        this.log.delete(id);
        finished--;
      }
    }
  }
}
