import type { Client } from 'graphql-ws';
import type { GatewayClient } from './gateway.js';
import { sleep } from './proc.js';

/** One received event: which Feishu event, and when this client got it (epoch ms). */
export interface Receipt {
  eventId: string;
  at: number;
}

export interface Subscriber {
  client: Client;
  receipts: Receipt[];
  errors: unknown[];
  dispose(): Promise<void>;
}

/**
 * `n` graphql-ws subscribers, one WebSocket each (what `n` browser tabs or services would open),
 * all as the app (API key), subscribed to `query`. Connections open in batches so the bench
 * does not flood the gateway's accept queue; a subscriber counts once its socket is
 * acknowledged (`connection_ack`). The server acknowledges before the subscription is wired to
 * the bus, so callers still confirm delivery with a probe event (`waitForAll`).
 */
export async function subscribe(gw: GatewayClient, query: string, n: number, batch = 50): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for (let i = 0; i < n; i += batch) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => one(gw, query)))));
  }
  return out;
}

function one(gw: GatewayClient, query: string): Promise<Subscriber> {
  const client = gw.ws();
  const s: Subscriber = { client, receipts: [], errors: [], dispose: () => Promise.resolve(client.dispose()) };
  return new Promise((resolve, reject) => {
    const off = client.on('connected', () => {
      off();
      resolve(s);
    });
    client.on('error', (err) => reject(err instanceof Error ? err : new Error(`subscriber socket error: ${String((err as any)?.message ?? err)}`)));
    client.subscribe(
      { query },
      {
        // Receipt time is taken first thing, before anything else runs for this message.
        next: (value: any) => {
          const at = Date.now();
          const e = value?.data?.recordChanged;
          if (e) s.receipts.push({ eventId: e.eventId, at });
          if (value?.errors) s.errors.push(value.errors);
        },
        error: (err) => s.errors.push(err),
        complete: () => undefined,
      },
    );
  });
}

/**
 * Resolves true once every subscriber holds at least `count` receipts; false on timeout. Polls
 * every 100 ms: cheap next to the messages themselves, so it hardly delays their receipt.
 */
export async function waitForAll(subs: Subscriber[], count: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (subs.every((s) => s.receipts.length >= count)) return true;
    await sleep(100);
  }
  return subs.every((s) => s.receipts.length >= count);
}

export function clearReceipts(subs: Subscriber[]): void {
  for (const s of subs) s.receipts = [];
}
