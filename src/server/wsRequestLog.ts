import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import type { WebSocket } from 'ws';
import type { Identity } from '../schema/context.js';
import { describeOperation, writeAccessLine, type Access } from './accessLine.js';
import type { GatewayLogger } from './logger.js';
import { REQUEST_ID_HEADER, saneRequestId } from './requestId.js';

type Run = (args: ExecutionArgs) => unknown;
interface Runs {
  execute: Run;
  subscribe: Run;
}

/**
 * Request ids and access lines for graphql-ws operations, the HTTP access line's twin
 * (accessLine.ts): a query or mutation writes one `graphql operation` line when it finishes; a
 * subscription writes `graphql subscription started` when its stream opens (or `graphql
 * subscription refused`) and `graphql subscription ended` with its duration and the results it
 * delivered. An operation refused before it runs (credentials, parse, validation, a limit) gets
 * its line at once.
 *
 * The request id of an operation is `<connection>/<operation id>`: the connection part is the
 * upgrade request's `X-Request-Id` when sane, else a UUID made once per connection, so every
 * operation of a socket shares it; the client's operation id follows when the whole id stays sane,
 * else a fresh UUID does.
 */
export interface WsRequestLog {
  /** onSubscribe, first: operation `id` begins; its request id. */
  begin(socket: WebSocket, upgrade: IncomingMessage, id: string): string;
  /** Who runs it and what it is, as far as onSubscribe got. */
  settle(socket: WebSocket, id: string, at: { identity?: Identity; document?: DocumentNode; operationName?: string | null }): void;
  /** The execute and subscribe it runs with, watched for their errors and results. */
  watch<R extends Runs>(socket: WebSocket, id: string, runs: R): R;
  /** A subscription result was written to its socket (wsFrames.ts), with its masked errors. */
  delivered(socket: WebSocket, id: string, errors?: readonly GraphQLError[]): void;
  /** onError: the errors sent (masked); an operation refused before it ran gets its line now. */
  failed(socket: WebSocket, id: string, errors: readonly (GraphQLError | GraphQLFormattedError)[]): void;
  /** onComplete: the operation ended (finished, completed by the client, or its socket closed). */
  done(socket: WebSocket, id: string): void;
}

interface Op extends Access {
  errors: (GraphQLError | GraphQLFormattedError)[];
  phase: 'pending' | 'running' | 'streaming';
}

/** A subscription delivering errors in every event keeps only this many for its end line. */
const MAX_ERRORS_KEPT = 50;

export function wsRequestLog(logger?: GatewayLogger): WsRequestLog {
  const on = !!logger?.enabled('info');
  const connections = new WeakMap<WebSocket, { id: string; ops: Map<string, Op> }>();
  const opOf = (socket: WebSocket, id: string) => connections.get(socket)?.ops.get(id);
  const keep = (op: Op, errors: readonly (GraphQLError | GraphQLFormattedError)[] | undefined) => {
    if (errors) for (const e of errors) if (op.errors.length < MAX_ERRORS_KEPT) op.errors.push(e);
  };
  const write = (msg: string, op: Op) => logger && writeAccessLine(logger, msg, op);
  const finish = (socket: WebSocket, id: string, op: Op) => {
    connections.get(socket)?.ops.delete(id);
    const subscription = op.operationType === 'subscription';
    if (!subscription) return write('graphql operation', op);
    if (op.phase === 'streaming') return write('graphql subscription ended', op);
    write('graphql subscription refused', op);
  };
  const observed = async (result: unknown, op: Op) => {
    const r = await result;
    if (!isAsyncIterable(r)) {
      keep(op, (r as ExecutionResult).errors);
      return r;
    }
    if (op.operationType === 'subscription') {
      op.phase = 'streaming';
      op.results = 0;
      write('graphql subscription started', { ...op, errors: [] });
      op.started = performance.now();
    }
    return r;
  };

  return {
    begin(socket, upgrade, id) {
      let conn = connections.get(socket);
      if (!conn) connections.set(socket, (conn = { id: saneRequestId(upgrade.headers[REQUEST_ID_HEADER]) ?? randomUUID(), ops: new Map() }));
      const requestId = saneRequestId(`${conn.id}/${id}`) ?? `${conn.id}/${randomUUID()}`;
      if (on) conn.ops.set(id, { requestId, transport: 'ws', started: performance.now(), errors: [], phase: 'pending' });
      return requestId;
    },
    settle(socket, id, { identity, document, operationName }) {
      const op = opOf(socket, id);
      if (!op) return;
      if (identity) op.identity = identity;
      if (document) Object.assign(op, describeOperation(document, operationName));
    },
    watch(socket, id, runs) {
      const op = opOf(socket, id);
      if (!op) return runs;
      const run =
        (f: Run): Run =>
        (args) => {
          op.phase = 'running';
          return observed(f(args), op);
        };
      return { ...runs, execute: run(runs.execute), subscribe: run(runs.subscribe) };
    },
    delivered(socket, id, errors) {
      const op = opOf(socket, id);
      if (!op) return;
      op.results = (op.results ?? 0) + 1;
      keep(op, errors);
    },
    failed(socket, id, errors) {
      const op = opOf(socket, id);
      if (!op) return;
      keep(op, errors);
      // Refused before it ran: graphql-ws sends the errors and never completes it.
      if (op.phase === 'pending') finish(socket, id, op);
    },
    done(socket, id) {
      const op = opOf(socket, id);
      if (op) finish(socket, id, op);
    },
  };
}
