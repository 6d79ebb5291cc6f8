import { getOperationAST, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Identity } from '../schema/context.js';
import type { GatewayLogger } from './logger.js';
import { REQUEST_ID_HEADER } from './requestId.js';

/** Codes that mean the gateway or Feishu failed, not the caller: their access line is an `error`. */
const SERVER_SIDE = new Set(['INTERNAL_SERVER_ERROR', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR', 'TIMEOUT']);

interface Seen {
  started: number;
  operation?: string;
  operationType?: string;
}

/**
 * One access line per GraphQL operation over HTTP (SSE included: one line as its stream opens):
 * request id, operation name and type, identity kind, duration, the error codes sent and the
 * Feishu log ids (`X-Tt-Logid`) they carry. `info`, or `error` when a server-side code was sent.
 * Built from named fields only: never the query text, variables, headers or a token.
 * Below `info` nothing is recorded at all.
 */
export function useRequestLog(logger: GatewayLogger, identityOf: (request: Request) => Identity | undefined): Plugin {
  const seen = new WeakMap<Request, Seen>();
  const on = logger.enabled('info');
  const named = (request: Request | undefined, document: Parameters<typeof getOperationAST>[0], name?: string | null) => {
    const s = request && seen.get(request);
    if (!s) return;
    const op = getOperationAST(document, name);
    s.operationType = op?.operation;
    s.operation = op?.name?.value ?? name ?? undefined;
  };
  if (!on) return {};
  return {
    onRequest({ request }) {
      seen.set(request, { started: performance.now() });
    },
    onParams({ request, params }) {
      const s = seen.get(request);
      if (s && typeof params.operationName === 'string') s.operation = params.operationName;
    },
    onExecute({ args }) {
      named((args.contextValue as { request?: Request }).request, args.document, args.operationName);
    },
    onSubscribe({ args }) {
      named((args.contextValue as { request?: Request }).request, args.document, args.operationName);
    },
    onResultProcess({ request, result }) {
      const s = seen.get(request);
      if (!s) return;
      seen.delete(request);
      const stream = isAsyncIterable(result);
      const errors = stream ? [] : (Array.isArray(result) ? result : [result]).flatMap((r: ExecutionResult) => r.errors ?? []);
      const codes = errors.map((e: GraphQLFormattedError) => String(e.extensions?.code ?? 'UNKNOWN'));
      const logIds = errors.map((e: GraphQLFormattedError) => (e.extensions?.feishu as { logId?: unknown } | undefined)?.logId).filter((l): l is string => typeof l === 'string');
      const identity = identityOf(request)?.kind.toLowerCase() ?? 'none';
      logger.entry(codes.some((c) => SERVER_SIDE.has(c)) ? 'error' : 'info', stream ? 'graphql stream opened' : 'graphql operation', {
        requestId: request.headers.get(REQUEST_ID_HEADER) ?? undefined,
        operation: s.operation,
        operationType: s.operationType,
        identity,
        durationMs: Math.round(performance.now() - s.started),
        errors: codes.length ? codes : undefined,
        feishuLogIds: logIds.length ? [...new Set(logIds)] : undefined,
      });
    },
  };
}
