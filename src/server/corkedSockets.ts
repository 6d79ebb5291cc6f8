import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * One write per connection per turn of the event loop, instead of one per message. graphql-ws
 * waits for each message's write callback before it sends the subscription's next one, so a
 * socket write (a `writev` syscall, the largest cost of a fan-out) went out per message: the 10
 * results of one Feishu event were 10 writes to every subscriber. Here a connection's socket is
 * corked on its first send of a turn and uncorked once the turn ends (`setImmediate`), and the
 * send is reported done at once while the connection holds less than `MAX_BUFFERED` unsent
 * bytes, so the messages a turn produces leave together. Past that, sends wait for the socket
 * again: a slow client still holds back its own subscriptions (whose results then wait, bounded,
 * in their queues) rather than the gateway's memory.
 */

/** Unsent bytes a connection may hold before its sends wait for the socket again. */
export const MAX_BUFFERED = 1 << 20;

const corked = new Set<Socket>();

function flush(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Batches the writes of one WebSocket connection (call on the server's `connection`). */
export function corkWrites(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket) return;
  const send = ws.send.bind(ws) as (data: unknown, options?: unknown, cb?: (err?: Error) => void) => void;
  ws.send = ((data: unknown, optionsOrCb?: unknown, cb?: (err?: Error) => void) => {
    const callback = typeof optionsOrCb === 'function' ? (optionsOrCb as (err?: Error) => void) : cb;
    const options = typeof optionsOrCb === 'function' ? undefined : optionsOrCb;
    if (!socket.destroyed && !corked.has(socket)) {
      if (corked.size === 0) setImmediate(flush);
      socket.cork();
      corked.add(socket);
    }
    if (!callback || ws.bufferedAmount >= MAX_BUFFERED) return send(data, options, callback);
    send(data, options);
    callback();
  }) as WebSocket['send'];
}

/** Sends what `ws` holds now rather than at the turn's end (a fan-out's first sockets need not wait for its last). */
export function uncorkNow(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket || !corked.delete(socket)) return;
  socket.uncork();
}
