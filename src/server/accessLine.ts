import { getOperationAST, type DocumentNode, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Identity } from '../schema/context.js';
import type { GatewayLogger } from './logger.js';

/** Codes that mean the gateway or Feishu failed, not the caller: their access line is an `error`. */
const SERVER_SIDE = new Set(['INTERNAL_SERVER_ERROR', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR', 'TIMEOUT']);

/** What one access line says about one operation, over HTTP (useRequestLog.ts) or graphql-ws (wsRequestLog.ts). */
export interface Access {
  requestId?: string;
  operation?: string;
  operationType?: string;
  identity?: Identity;
  /** `performance.now()` when the operation began. */
  started: number;
  /** Every error sent for it, masked (yoga's maskError ran): their codes and Feishu log ids are logged, never their messages. */
  errors: readonly (GraphQLError | GraphQLFormattedError)[];
  /** graphql-ws only: `ws`, and for a subscription that ended, how many results it delivered. */
  transport?: 'ws';
  results?: number;
}

/** The operation's type and name as an access line names them (its own name, else the one asked for). */
export function describeOperation(document: DocumentNode, name?: string | null): Pick<Access, 'operation' | 'operationType'> {
  const ast = getOperationAST(document, name ?? undefined);
  return { operationType: ast?.operation, operation: ast?.name?.value ?? name ?? undefined };
}

/**
 * One access line: `info`, or `error` when a server-side code was sent. Built from named fields
 * only: never the query text, variables, headers or a token.
 */
export function writeAccessLine(logger: GatewayLogger, msg: string, a: Access): void {
  const codes = a.errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
  const logIds = a.errors.map((e) => (e.extensions?.feishu as { logId?: unknown } | undefined)?.logId).filter((l): l is string => typeof l === 'string');
  logger.entry(codes.some((c) => SERVER_SIDE.has(c)) ? 'error' : 'info', msg, {
    requestId: a.requestId,
    transport: a.transport,
    operation: a.operation,
    operationType: a.operationType,
    identity: a.identity?.kind.toLowerCase() ?? 'none',
    durationMs: Math.round(performance.now() - a.started),
    results: a.results,
    errors: codes.length ? codes : undefined,
    feishuLogIds: logIds.length ? [...new Set(logIds)] : undefined,
  });
}
