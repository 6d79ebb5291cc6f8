import { isAsyncIterable, type Plugin } from 'graphql-yoga';

export interface ShutdownPlugin extends Plugin {
  /** Completes every open subscription stream (and any opened later): SSE responses then end cleanly. */
  endStreams(): void;
}

/**
 * Lets a stopping gateway end its subscriptions. An SSE subscription is an HTTP request that
 * never finishes by itself, so waiting for in-flight requests would wait for it until the grace
 * period runs out and its socket is cut. Completing its stream instead makes yoga send
 * `event: complete` and end the response, like any other finished request.
 */
export function useShutdown(): ShutdownPlugin {
  const shutdown = new AbortController();
  return {
    endStreams: () => shutdown.abort(),
    onSubscribe: () => ({
      onSubscribeResult({ result, setResult }) {
        if (isAsyncIterable(result)) setResult(endingOn(result, shutdown.signal));
      },
    }),
  };
}

/** `source`, completed early when `signal` aborts (the source is returned, not awaited: it may be parked on its next event). */
function endingOn<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const aborted = new Promise<IteratorReturnResult<undefined>>((resolve) => {
    if (signal.aborted) resolve(done);
    else signal.addEventListener('abort', () => resolve(done), { once: true });
  });
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      void it.return?.()?.catch?.(() => undefined);
    }
    return done;
  };
  return {
    next: async () => {
      if (finished || signal.aborted) return finish();
      const r = await Promise.race([it.next(), aborted]);
      return r === done ? finish() : r;
    },
    return: async () => finish(),
    throw: async (err?: unknown) => {
      finished = true;
      if (it.throw) return it.throw(err);
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
