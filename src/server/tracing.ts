import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { FeishuCallInfo } from '../feishu/index.js';

/**
 * Optional OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT): one span per GraphQL operation,
 * and under it one span per HTTP attempt to Feishu, exported as OTLP/HTTP JSON. Not per field:
 * a nested read has hundreds of fields and a handful of upstream calls, and the calls are what
 * cost. Off (the default), the SDK is never imported: the gateway passes no plugin and no hook.
 */
export interface Tracing {
  /** The operation spans (yoga/envelop plugin). */
  plugin: Plugin;
  /** The Feishu client's per-attempt hook: a child span of the operation that made the call. */
  onCall(call: FeishuCallInfo): void;
  /** Sends what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  /** Flushes and stops exporting. */
  shutdown(): Promise<void>;
}

export async function startTracing(settings: Config['tracing']): Promise<Tracing | undefined> {
  if (!settings) return undefined;
  const { createTracing } = await import('./useTracing.js');
  return createTracing(settings);
}
