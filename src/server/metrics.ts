import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState, FeishuCallInfo } from '../feishu/index.js';

/**
 * The gateway's Prometheus metrics (issue 9, Metrics), served on `/metrics` (metricsRoute.ts).
 * One registry per gateway, so that two gateways in one process (the tests, the demo) keep apart;
 * the process metrics (`process_*`, `nodejs_*`) are per process and registered once.
 *
 * Labels are bounded by the code, never by the traffic: endpoint names, failure kinds, loader
 * and root-field names, error codes from API.md. Operation names come from clients, so only short
 * identifier-like names count, and only the first MAX_OPERATION_NAMES of them (then `other`).
 * No token, app token, record id or user id is ever a label.
 */

/** What the events room reports per event (an optional hook it accepts; see README "Metrics"). */
export type EventStage = 'received' | 'duplicate' | 'published';

export interface Metrics {
  /** The Feishu client's `onCall`: one HTTP attempt. */
  upstreamCall(call: FeishuCallInfo): void;
  /** The throttle refused a call (it would have waited past THROTTLE_MAX_WAIT_MS). */
  throttleRefused(): void;
  /** The Feishu host's circuit breaker changed state. */
  circuitState(host: string, state: CircuitState): void;
  /** A call failed fast on an open circuit (no HTTP attempt, so `upstreamCall` never sees it). */
  circuitRefused(host: string): void;
  /** A DataLoader dispatched a batch of `size` keys. */
  loaderBatch(loader: string, size: number): void;
  operation(type: string, name: string | null | undefined): void;
  graphqlError(code: unknown): void;
  subscriptionStarted(field: string): void;
  subscriptionEnded(field: string): void;
  /** One result of a subscription sent to its client. */
  eventDelivered(field: string): void;
  event(stage: EventStage): void;
  /** The exposition text (Prometheus text format 0.0.4). */
  render(): Promise<string>;
  readonly contentType: string;
}

export const MAX_OPERATION_NAMES = 100;
const CIRCUIT_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

const P = 'feishu_gateway_';

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Counter({ name: P + name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) => new Histogram({ name: P + name, help, labelNames, buckets, registers });

  const calls = counter('upstream_calls_total', 'HTTP attempts to Feishu, by endpoint, outcome (ok or the failure kind) and HTTP status class', ['endpoint', 'outcome', 'status_class']);
  const latency = histogram('upstream_duration_seconds', 'Duration of one HTTP attempt to Feishu (after any throttle wait)', ['endpoint'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  const retries = counter('upstream_retries_total', 'HTTP attempts to Feishu that repeat an earlier attempt of the same call', ['endpoint']);
  const throttleWait = histogram('throttle_wait_seconds', 'Time an attempt waited for the throttle before it was sent', ['endpoint'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  const throttleWaited = counter('throttle_waited_total', 'Attempts that waited for the throttle at all', ['endpoint']);
  const throttleRefused = counter('throttle_refused_total', 'Calls refused RATE_LIMITED by the throttle: the wait would have passed THROTTLE_MAX_WAIT_MS');
  const circuit = new Gauge({ name: `${P}upstream_circuit_state`, help: "The Feishu host's circuit breaker: 0 closed, 1 half-open (probing), 2 open (failing fast)", labelNames: ['host'], registers });
  const circuitRefused = counter('upstream_circuit_refused_total', 'Calls failed fast by an open circuit breaker, without an HTTP attempt', ['host']);
  const batches = histogram('loader_batch_size', 'Keys per DataLoader batch, by loader', ['loader'], [1, 2, 5, 10, 20, 50, 100, 200, 500]);
  const operations = counter('graphql_operations_total', 'GraphQL operations executed, by type and operation name (short names only, else anonymous)', ['type', 'name']);
  const errors = counter('graphql_errors_total', 'GraphQL errors sent to clients, by extensions.code', ['code']);
  const subscriptions = new Gauge({ name: `${P}subscriptions_active`, help: 'Subscriptions open now, by root field', labelNames: ['field'], registers });
  const delivered = counter('events_delivered_total', 'Subscription results sent to clients, by root field', ['field']);
  const stages = {
    received: counter('events_received_total', 'Feishu events received (webhook or long connection), before de-duplication'),
    duplicate: counter('events_deduplicated_total', 'Feishu events dropped as already seen (same event id within 24 h)'),
    published: counter('events_published_total', 'Feishu events published on the bus'),
  };

  const seenNames = new Set<string>();
  const operationName = (name: string | null | undefined): string => {
    if (!name || !SAFE_NAME.test(name)) return 'anonymous';
    if (seenNames.has(name)) return name;
    if (seenNames.size >= MAX_OPERATION_NAMES) return 'other';
    seenNames.add(name);
    return name;
  };

  return {
    upstreamCall(c) {
      const endpoint = c.endpoint;
      calls.inc({ endpoint, outcome: c.kind ?? 'ok', status_class: c.status > 0 ? `${Math.floor(c.status / 100)}xx` : 'none' });
      latency.observe({ endpoint }, c.durationMs / 1000);
      if (c.attempt > 1) retries.inc({ endpoint });
      throttleWait.observe({ endpoint }, c.throttleWaitMs / 1000);
      if (c.throttleWaitMs > 0) throttleWaited.inc({ endpoint });
    },
    throttleRefused: () => throttleRefused.inc(),
    // The host label is the configured base URL's origin: one value per gateway.
    circuitState: (host, state) => circuit.set({ host }, CIRCUIT_VALUES[state]),
    circuitRefused: (host) => circuitRefused.inc({ host }),
    loaderBatch: (loader, size) => batches.observe({ loader }, size),
    operation: (type, name) => operations.inc({ type, name: operationName(name) }),
    graphqlError: (code) => errors.inc({ code: typeof code === 'string' && SAFE_CODE.test(code) ? code : 'UNKNOWN' }),
    subscriptionStarted: (field) => subscriptions.inc({ field }),
    subscriptionEnded: (field) => subscriptions.dec({ field }),
    eventDelivered: (field) => delivered.inc({ field }),
    event: (stage) => stages[stage].inc(),
    render: async () => (await registry.metrics()) + (await processRegistry().metrics()),
    contentType: registry.contentType,
  };
}

let processMetrics: Registry | undefined;

/** `process_*` and `nodejs_*` (memory, CPU, event-loop lag): one set per process, made on first use. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
