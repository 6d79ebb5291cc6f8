import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../schema/errors.js';

export interface ExecutionTimeout extends Plugin {
  /**
   * The signal an operation's Feishu calls take (the context factory binds its Feishu handle to
   * it): the client's own (HTTP request closed, graphql-ws `complete` or socket closed), and the
   * deadline once the operation executes.
   */
  signalFor(context: object, client?: AbortSignal): AbortSignal;
}

/**
 * EXECUTION_TIMEOUT_MS: a query or mutation still running after `timeoutMs` is answered with one
 * `TIMEOUT` error, and its signal aborts, so its Feishu calls stop: reads in flight are cut, calls
 * waiting for the throttle, the write queue or a retry are never sent (client.ts lets a write
 * already sent finish). Its partial data is dropped: a mutation that times out may have applied
 * some of its writes, which the message says. Subscriptions are exempt (they run through
 * `subscribe`, not `execute`): they last as long as their client wants.
 */
export function useExecutionTimeout(timeoutMs: number): ExecutionTimeout {
  /** Per operation context: the deadline it may abort, and the signal its calls take (deadline or client). */
  const runs = new WeakMap<object, { deadline: AbortController; signal: AbortSignal }>();
  return {
    signalFor(context, client) {
      const deadline = new AbortController();
      const signal = client ? AbortSignal.any([client, deadline.signal]) : deadline.signal;
      runs.set(context, { deadline, signal });
      return signal;
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const run = runs.get(args.contextValue as object);
      if (!run) return;
      const { deadline, signal } = run;
      setExecuteFn(
        (a) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              const error = gatewayError('TIMEOUT', `the operation ran longer than EXECUTION_TIMEOUT_MS (${timeoutMs} ms): stopped, its pending Feishu calls cancelled (writes already sent may have been applied)`);
              deadline.abort(error);
              resolve({ errors: [error] } satisfies ExecutionResult);
            }, timeoutMs);
            // The executor stops resolving further fields once the signal aborts.
            Promise.resolve(executeFn({ ...a, signal } as typeof a)).then(
              (result) => {
                clearTimeout(timer);
                resolve(result);
              },
              (err: unknown) => {
                clearTimeout(timer);
                // The executor rejects once the signal aborts. The client is gone or the deadline
                // has answered, so nobody reads this; a rejection would make graphql-ws close the
                // whole socket (4500) when one operation of it was completed.
                if (signal.aborted) resolve({ errors: [gatewayError('TIMEOUT', 'the operation was cancelled')] });
                else reject(err);
              },
            );
          }),
      );
    },
  };
}
