import type { DocumentNode, ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Identity } from '../schema/context.js';
import { describeOperation, writeAccessLine } from './accessLine.js';
import type { GatewayLogger } from './logger.js';
import { REQUEST_ID_HEADER } from './requestId.js';

interface Seen {
  started: number;
  operation?: string;
  operationType?: string;
}

/**
 * One access line per GraphQL operation over HTTP (SSE included: one line as its stream opens):
 * request id, operation name and type, identity kind, duration, the error codes sent and the
 * Feishu log ids (`X-Tt-Logid`) they carry (accessLine.ts). Below `info` nothing is recorded at all.
 */
export function useRequestLog(logger: GatewayLogger, identityOf: (request: Request) => Identity | undefined): Plugin {
  const seen = new WeakMap<Request, Seen>();
  const on = logger.enabled('info');
  const named = (request: Request | undefined, document: DocumentNode, name?: string | null) => {
    const s = request && seen.get(request);
    if (s) Object.assign(s, describeOperation(document, name));
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
      writeAccessLine(logger, stream ? 'graphql stream opened' : 'graphql operation', { requestId: request.headers.get(REQUEST_ID_HEADER) ?? undefined, ...s, identity: identityOf(request), errors });
    },
  };
}
