import { randomBytes, randomInt } from 'node:crypto';

/**
 * The tickets in discovered long-connection URLs: only a URL that `POST /callback/ws/endpoint`
 * handed out opens a connection, once, and not after `TICKET_TTL_MS`. Clients rediscover before
 * every dial (feishu-wire.md §8.7), so a ticket never needs to outlive one dial. Kept in memory:
 * a restarted emulator has no connections either.
 */

/** Long enough for a slow dial, short enough that a leaked URL goes stale. */
export const TICKET_TTL_MS = 60_000;

export interface Ticket {
  ticket: string;
  /** The connection's id (`device_id` in the URL). */
  deviceId: string;
  /** Copied by clients into every frame's `service` (int32). */
  serviceId: number;
  expiresAt: number;
}

export class Tickets {
  private readonly open = new Map<string, Ticket>();

  issue(now: number): Ticket {
    this.sweep(now);
    const t: Ticket = {
      ticket: randomBytes(16).toString('hex'),
      // Real device ids are long decimal numbers; 19 digits, no leading zero.
      deviceId: String(randomInt(1, 10)) + Array.from({ length: 18 }, () => randomInt(0, 10)).join(''),
      serviceId: randomInt(1, 2 ** 31 - 1),
      expiresAt: now + TICKET_TTL_MS,
    };
    this.open.set(t.ticket, t);
    return t;
  }

  /**
   * Spends a ticket: the ticket it names when it is open, unexpired and issued for this
   * device_id and service_id (a URL edited by hand fails), else undefined. Spent either way.
   */
  take(query: URLSearchParams, now: number): Ticket | undefined {
    const t = this.open.get(query.get('ticket') ?? '');
    if (!t) return undefined;
    this.open.delete(t.ticket);
    if (t.expiresAt <= now || query.get('device_id') !== t.deviceId || query.get('service_id') !== String(t.serviceId)) return undefined;
    return t;
  }

  clear(): void {
    this.open.clear();
  }

  private sweep(now: number): void {
    for (const [k, t] of this.open) if (t.expiresAt <= now) this.open.delete(k);
  }
}
