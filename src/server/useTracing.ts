import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { FeishuCallInfo } from '../feishu/index.js';
import type { Context } from '../schema/context.js';
import { feishuError, isFeishuFailure } from '../schema/errors.js';
import type { Tracing } from './tracing.js';

/**
 * The SDK side of tracing.ts, imported only when tracing is on. Nothing is registered globally
 * (no global tracer provider or context manager): the gateway's spans are its own, and several
 * gateways in one process (tests) do not see each other's.
 *
 * An upstream span is made when the Feishu client reports an attempt (`onCall`, after it ends),
 * with the attempt's own start and end, as a child of the operation whose async context made the
 * call. Calls made outside an operation (`/ready` probes, event bookkeeping) or after it ended
 * (events fanned out to a subscription) are not traced: they would be root spans of no request.
 */
export function createTracing(settings: NonNullable<Config['tracing']>): Tracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.endpoint}/v1/traces` }))],
  });
  const tracer = provider.getTracer('feishu-graphql-gateway');
  const contexts = new AsyncLocalStorageContextManager().enable();

  function operationSpan(document: DocumentNode, operationName: string | null | undefined, context: Context): Span {
    const op = getOperationAST(document, operationName);
    const type = op?.operation ?? 'query';
    const name = op?.name?.value;
    return tracer.startSpan(
      name ? `${type} ${name}` : type,
      {
        kind: SpanKind.SERVER,
        attributes: { 'graphql.operation.type': type, ...(name && { 'graphql.operation.name': name }), 'gateway.identity': context.identity.kind },
      },
      ROOT_CONTEXT,
    );
  }

  const plugin: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const span = operationSpan(args.document, args.operationName, args.contextValue as unknown as Context);
      const inSpan = trace.setSpan(ROOT_CONTEXT, span);
      setExecuteFn((a) => contexts.with(inSpan, () => executeFn(a)));
      return {
        onExecuteDone({ result }) {
          finish(span, (result as ExecutionResult).errors);
        },
      };
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      // The span covers setting the subscription up (its checks and reads), not its lifetime.
      const span = operationSpan(args.document, args.operationName, args.contextValue as unknown as Context);
      const inSpan = trace.setSpan(ROOT_CONTEXT, span);
      setSubscribeFn((a) => contexts.with(inSpan, () => subscribeFn(a)));
      return {
        onSubscribeResult({ result }) {
          finish(span, (result as ExecutionResult).errors);
        },
        onSubscribeError({ error }) {
          finish(span, [error instanceof GraphQLError ? error : new GraphQLError('subscription failed', { originalError: error as Error })]);
        },
      };
    },
  };

  return {
    plugin,
    onCall(call) {
      const parent = contexts.active();
      if (!trace.getSpan(parent)?.isRecording()) return;
      const end = performance.timeOrigin + performance.now();
      const span = tracer.startSpan(`feishu ${call.endpoint}`, { kind: SpanKind.CLIENT, startTime: end - call.durationMs, attributes: upstreamAttributes(call) }, parent);
      if (call.kind) span.setStatus({ code: SpanStatusCode.ERROR, message: call.kind });
      span.end(end);
    },
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      contexts.disable();
    },
  };
}

/** Names and numbers only: the route template (no ids), never a token, a body or a query string. */
function upstreamAttributes(call: FeishuCallInfo) {
  return {
    'feishu.endpoint': call.endpoint,
    'http.request.method': call.method,
    'url.template': call.path,
    'feishu.attempt': call.attempt,
    'http.request.resend_count': call.attempt - 1,
    'feishu.identity': call.identity,
    'feishu.throttle_wait_ms': Math.round(call.throttleWaitMs),
    ...(call.status > 0 && { 'http.response.status_code': call.status }),
    ...(call.code !== null && { 'feishu.code': call.code }),
    ...(call.logId && { 'feishu.log_id': call.logId }),
    ...(call.kind && { 'error.type': call.kind }),
  };
}

/** Ends an operation span with the error codes its caller gets (masking, which sets them for Feishu failures, runs later). */
function finish(span: Span, errors: readonly GraphQLError[] | undefined): void {
  if (errors?.length) {
    const codes = [...new Set(errors.map(codeOf))];
    span.setAttributes({ 'gateway.error_codes': codes, 'gateway.error_count': errors.length });
    span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
  }
  span.end();
}

function codeOf(error: GraphQLError): string {
  const original = error.originalError;
  if (isFeishuFailure(original)) return String(feishuError(original, error).extensions.code);
  const code = error.extensions?.code;
  if (code !== undefined) return String(code);
  return original && !(original instanceof GraphQLError) ? 'INTERNAL_SERVER_ERROR' : 'UNCODED';
}
