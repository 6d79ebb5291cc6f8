import { getOperationAST, Kind, type DocumentNode, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';
import { sinkOf } from './useSharedSubscriptions.js';

export interface MetricsPlugin extends Plugin {
  /** Counts errors sent by a transport yoga's HTTP hooks do not see (graphql-ws, graphqlWs.ts). */
  errorsSent(errors: readonly { extensions?: GraphQLFormattedError['extensions'] }[]): void;
}

/**
 * GraphQL metrics: operations by type and name, errors by `extensions.code`, open subscriptions
 * and the results they deliver.
 *
 * Errors are counted where the client gets them, once each and after masking (which gives
 * Feishu failures their code, and runs after every user plugin's execution hooks): over HTTP in
 * yoga's `onResultProcess`, which also sees what fails before parsing (UNAUTHENTICATED, CSRF),
 * with streamed results (SSE) counted as they are sent; over graphql-ws, where yoga's HTTP hooks
 * never run, by the WebSocket server through `errorsSent`.
 */
export function useMetrics(metrics: Metrics): MetricsPlugin {
  const errorsSent: MetricsPlugin['errorsSent'] = (errors) => {
    for (const e of errors) metrics.graphqlError(e.extensions?.code);
  };
  const counted = (result: ExecutionResult) => {
    errorsSent(result.errors ?? []);
    return result;
  };
  return {
    errorsSent,
    onExecute({ args }) {
      const op = getOperationAST(args.document, args.operationName);
      metrics.operation(op?.operation ?? 'unknown', op?.name?.value);
    },
    onSubscribe({ args }) {
      const op = getOperationAST(args.document, args.operationName);
      metrics.operation('subscription', op?.name?.value);
      const field = rootField(args.document, args.operationName);
      return {
        onSubscribeResult({ result }) {
          // Refused before it began (FORBIDDEN, events off): one result, no stream to count.
          if (!isAsyncIterable(result)) return undefined;
          metrics.subscriptionStarted(field);
          // Results written past the wrappers (graphql-ws, wsFrames.ts) are counted as written.
          const sink = sinkOf(args.contextValue);
          if (sink) sink.delivered = () => metrics.eventDelivered(field);
          return {
            onNext: () => metrics.eventDelivered(field),
            onEnd: () => metrics.subscriptionEnded(field),
          };
        },
      };
    },
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) setResult(mapAsyncIterator(result[Symbol.asyncIterator](), counted));
      else for (const r of Array.isArray(result) ? result : [result]) counted(r);
    },
  };
}

/** The subscription's root field (bounded by the schema): the label of its gauge and counter. */
function rootField(document: DocumentNode, operationName?: string | null): string {
  const first = getOperationAST(document, operationName)?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : 'unknown';
}
