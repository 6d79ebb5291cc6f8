import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { gatewayError } from '../schema/errors.js';

/**
 * Per graphql-ws connection: each operation's abort signal, and the subscription cap.
 * graphql-ws has no hook for a client's `complete` of a query still running (it only stops
 * listening), so the socket's messages are watched for it here; a closed socket aborts all.
 */
export interface WsOperations {
  /** Operation `id` begins: its signal aborts on the client's `complete` for it or when the socket closes. */
  start(socket: WebSocket, id: string): AbortSignal;
  /** After validation: a subscription past MAX_SUBSCRIPTIONS_PER_CONNECTION gets the error to send. */
  admit(socket: WebSocket, id: string, document: DocumentNode, operationName?: string | null): GraphQLError | undefined;
  /** Operation `id` ended (completed, failed or refused): forget it without aborting. */
  done(socket: WebSocket, id: string): void;
}

interface Connection {
  running: Map<string, AbortController>;
  subscriptions: Set<string>;
}

/** Longest client message that can be a `complete` worth parsing: `{"id":"…","type":"complete"}`. */
const COMPLETE_MAX_BYTES = 1024;

export function wsOperations(maxSubscriptions: number): WsOperations {
  const connections = new WeakMap<WebSocket, Connection>();
  const connectionOf = (socket: WebSocket): Connection => {
    let c = connections.get(socket);
    if (c) return c;
    const conn: Connection = { running: new Map(), subscriptions: new Set() };
    connections.set(socket, conn);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      // Only a `complete` concerns us; graphql-ws parses every message itself.
      if (isBinary || data.length > COMPLETE_MAX_BYTES || !data.includes('complete')) return;
      let message: { id?: unknown; type?: unknown };
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        return; // graphql-ws answers malformed messages itself
      }
      if (message?.type === 'complete' && typeof message.id === 'string') conn.running.get(message.id)?.abort(new DOMException('the client completed the operation', 'AbortError'));
    });
    socket.once('close', () => {
      for (const controller of conn.running.values()) controller.abort(new DOMException('the WebSocket closed', 'AbortError'));
      conn.running.clear();
      conn.subscriptions.clear();
    });
    c = conn;
    return c;
  };
  return {
    start(socket, id) {
      const controller = new AbortController();
      connectionOf(socket).running.set(id, controller);
      return controller.signal;
    },
    admit(socket, id, document, operationName) {
      if (getOperationAST(document, operationName ?? undefined)?.operation !== 'subscription') return undefined;
      const { subscriptions } = connectionOf(socket);
      if (subscriptions.size >= maxSubscriptions) {
        return gatewayError('BAD_USER_INPUT', `this connection already holds ${subscriptions.size} subscriptions, the most MAX_SUBSCRIPTIONS_PER_CONNECTION allows (${maxSubscriptions}): complete one or open another connection`, { limit: 'MAX_SUBSCRIPTIONS_PER_CONNECTION' });
      }
      subscriptions.add(id);
      return undefined;
    },
    done(socket, id) {
      const c = connections.get(socket);
      c?.running.delete(id);
      c?.subscriptions.delete(id);
    },
  };
}
