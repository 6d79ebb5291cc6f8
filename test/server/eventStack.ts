import type { Client } from 'graphql-ws';
import type { EventBus, DomainEvent } from '../../src/events/types.js';
import { topicOf } from '../../src/events/normalize.js';
import { API_KEY, startStack, type Stack } from './harness.js';

/**
 * The emulator (demo data) and a gateway with events (the harness's webhook mode: the emulator
 * delivers its events to the gateway), for the subscription tests. `publish` puts a domain event
 * straight on the gateway's bus (what the webhook receiver does), `listening` counts the bus
 * subscriptions per topic: graphql-ws does not acknowledge a subscription, so tests wait for its
 * bus subscription before they make events.
 */
export interface EventStack extends Omit<Stack, 'post' | 'ws'> {
  events: NonNullable<Stack['events']>;
  publish(event: DomainEvent): Promise<void>;
  listening(topic: string): number;
  /** POSTs an operation (as the app unless `headers` say otherwise) and answers the body. */
  post(query: string, headers?: Record<string, string>, variables?: Record<string, unknown>): Promise<any>;
  /** A graphql-ws client, as the app unless `connectionParams` say otherwise. */
  ws(connectionParams?: Record<string, unknown>): Client;
}

export async function startEventStack(env: Record<string, string> = {}): Promise<EventStack> {
  const stack = await startStack(env, {}, { seed: 'demo', events: true });
  const events = stack.events!;
  if (!events.registered) throw new Error('the emulator did not take the webhook');
  const services = events.runtime.services;
  const counts = new Map<string, number>();
  // The context reads `services.bus` per operation: wrapping it here counts every subscription.
  services.bus = countingBus(services.bus, counts);
  return {
    ...stack,
    events,
    publish: (event) => services.bus.publish(topicOf(event), event),
    listening: (topic) => counts.get(topic) ?? 0,
    post: async (query, headers = { 'x-api-key': API_KEY }, variables) => {
      const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      return res.json();
    },
    ws: (connectionParams = { 'x-api-key': API_KEY }) => stack.ws(connectionParams),
  };
}

export function countingBus(bus: EventBus, counts: Map<string, number>): EventBus {
  return {
    publish: (topic, event) => bus.publish(topic, event),
    subscribe: (topic) => {
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      const it = bus.subscribe(topic);
      const ret = it.return?.bind(it);
      let ended = false;
      it.return = (value?: unknown) => {
        if (!ended) {
          ended = true;
          counts.set(topic, (counts.get(topic) ?? 1) - 1);
        }
        return ret ? ret(value) : Promise.resolve({ done: true as const, value: undefined });
      };
      return it;
    },
  };
}

/** A subscription's results as they come, with a way to wait for the first n. */
export interface Received {
  results: any[];
  /** Resolves with the first `n` results (rejects on an error or after `timeoutMs`). */
  take(n: number, timeoutMs?: number): Promise<any[]>;
  /** The subscription's errors, when it was refused or ended with an error. */
  error: Promise<any>;
  /** Unsubscribes (the server ends the subscription a moment later: wait for `listening` to drop). */
  stop(): void;
}

/** Subscribes over graphql-ws and collects what comes. */
export function collect(client: Client, query: string, variables?: Record<string, unknown>): Received {
  const results: any[] = [];
  const waiters: Array<() => void> = [];
  let failed: unknown;
  let fail: (e: unknown) => void = () => undefined;
  const error = new Promise<any>((resolve) => (fail = resolve));
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        results.push(value);
        for (const w of waiters.splice(0)) w();
      },
      error: (err) => {
        failed = err ?? 'error';
        fail(err);
        for (const w of waiters.splice(0)) w();
      },
      complete: () => undefined,
    },
  );
  return {
    results,
    error,
    stop,
    take: (n, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out with ${results.length} of ${n} results`)), timeoutMs);
        const check = () => {
          if (failed !== undefined) {
            clearTimeout(timer);
            reject(new Error(`subscription failed: ${JSON.stringify(failed)}`));
          } else if (results.length >= n) {
            clearTimeout(timer);
            resolve(results.slice(0, n));
          } else waiters.push(check);
        };
        check();
      }),
  };
}

/** Waits until `predicate` holds (polling), or fails after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The first `next` payload of an SSE answer (`text/event-stream`), parsed; the stream stays open. */
export async function firstSseNext(res: Response): Promise<any> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!/event: next\ndata: .*\n\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  return JSON.parse(/event: next\ndata: (.*)\n/.exec(text)![1]);
}

/** The ids of the first `n` records of the demo's Launches table (asserting there are that many). */
export async function launchRecordIds(s: EventStack, appToken: string, tableId: string, n: number): Promise<string[]> {
  const body = await s.post(`{ app(appToken: "${appToken}") { table(tableId: "${tableId}") { records(first: ${n}) { edges { node { recordId } } } } } }`);
  const ids = body.data.app.table.records.edges.map((e: { node: { recordId: string } }) => e.node.recordId);
  if (ids.length !== n) throw new Error(`expected ${n} records, got ${ids.length}`);
  return ids;
}
