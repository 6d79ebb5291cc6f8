import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { WebSocket } from 'ws';
import { MAX_BUFFERED, uncorkNow } from './corkedSockets.js';
import type { ResultSink } from './useSharedSubscriptions.js';

/** A result as a socket sends it: masked, its payload serialized once for every subscriber. */
interface Formatted {
  json: string;
  errors?: readonly GraphQLError[];
}

/** Frames a slow connection may hold back, per subscription, before its oldest are dropped. */
const HELD_FRAMES = 10_000;

/**
 * A shared stream's results written straight to graphql-ws subscribers (useSharedSubscriptions.ts):
 * graphql-ws spent ~20 µs per subscriber and message (its `emit.next`, a `JSON.stringify` of the
 * whole message, envelop's per-subscriber wrappers), the cost of a fan-out. Here a result is
 * masked and serialized once (cached by the result object, the same for every subscriber of a
 * stream) and each subscriber's `next` frame is its id spliced before that JSON. graphql-ws
 * still runs the operation's protocol (its iterator yields nothing and only ends: `complete`,
 * errors, the client's `complete`, the socket's close). Per subscriber: the errors it is sent
 * are counted (`onErrors`) and so is each delivery (`delivered`, set by the metrics plugin).
 */
export function wsFrames(
  maskError: (error: unknown) => unknown,
  onErrors: (errors: readonly (GraphQLError | GraphQLFormattedError)[]) => void,
  forSocket: (error: GraphQLError) => GraphQLFormattedError,
) {
  const formatted = new WeakMap<ExecutionResult, Formatted>();
  const format = (result: ExecutionResult): Formatted => {
    let f = formatted.get(result);
    if (f) return f;
    if (!result.errors) f = { json: JSON.stringify(result) };
    else {
      const errors = result.errors.map((e) => maskError(e) as GraphQLError);
      f = { json: JSON.stringify({ ...result, errors: errors.map(forSocket) }), errors };
    }
    formatted.set(result, f);
    return f;
  };

  /** Operation `id` on `ws`: its context's `resultSink`; `onWrite` hears of each result written. */
  return (ws: WebSocket, id: string, onWrite?: (errors?: readonly GraphQLError[]) => void): ResultSink => {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    // Frames waiting while the connection holds MAX_BUFFERED unsent bytes.
    let held: string[] | undefined;
    const send = (frame: string): void => {
      if (ws.bufferedAmount < MAX_BUFFERED) return ws.send(frame);
      held = [];
      ws.send(frame, () => {
        const due = held ?? [];
        held = undefined;
        if (ws.readyState === WebSocket.OPEN) for (const f of due) hold(f);
      });
    };
    const hold = (frame: string): void => {
      if (!held) return send(frame);
      held.push(frame);
      if (held.length > HELD_FRAMES) held.shift();
    };
    const sink: ResultSink = {
      write(result) {
        if (ws.readyState !== WebSocket.OPEN) return;
        const { json, errors } = format(result);
        if (errors) onErrors(errors);
        sink.delivered?.();
        onWrite?.(errors);
        hold(prefix + json + '}');
      },
      flush: () => uncorkNow(ws),
    };
    return sink;
  };
}
