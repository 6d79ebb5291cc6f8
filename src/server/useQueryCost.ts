import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { estimateCost } from '../schema/cost/estimate.js';
import { gatewayError } from '../schema/errors.js';

/** What a request may ask in its `extensions.cost`: report the estimate, or only estimate. */
type CostRequest = 'report' | 'dry-run' | undefined;

const estimates = new WeakMap<object, number>();

/** The operation's estimated Feishu calls, once useQueryCost has priced it (useClientRateLimit spends it). */
export const estimatedCallsOf = (context: object): number | undefined => estimates.get(context);

/**
 * Prices each operation in Feishu calls before it runs (src/schema/cost) and refuses one over
 * QUERY_COST_BUDGET with `QUERY_TOO_EXPENSIVE` (`extensions.estimatedCalls`, `extensions.budget`):
 * execution never starts, so no Feishu call is made. Subscriptions are priced per event. A request
 * with `extensions: {"cost": "report"}` gets `extensions.cost = {estimatedCalls, budget}` on its
 * answer; `{"cost": "dry-run"}` gets only that, the operation is not executed (and costs nothing).
 */
export function useQueryCost(opts: { budget: number }): Plugin {
  const { budget } = opts;
  /** Prices the operation; the cost when the request asked for a report and may run. */
  const check = (args: ExecutionArgs, stop: (result: ExecutionResult) => void): { estimatedCalls: number; budget: number } | undefined => {
    const asked = costRequestOf(args.contextValue);
    const estimate = estimateCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
    if (!estimate) return undefined;
    const cost = { estimatedCalls: estimate.estimatedCalls, budget };
    estimates.set(args.contextValue as object, estimate.estimatedCalls);
    if (asked === 'dry-run') {
      stop({ data: null, extensions: { cost: { ...cost, executed: false } } });
      return undefined;
    }
    if (estimate.estimatedCalls > budget) {
      const message = `the operation would cost about ${estimate.estimatedCalls} Feishu calls, over the budget of ${budget} (QUERY_COST_BUDGET): ask for smaller pages (first) or fewer nested lists`;
      stop({ errors: [gatewayError('QUERY_TOO_EXPENSIVE', message, { ...cost })], extensions: { cost } });
      return undefined;
    }
    return asked === 'report' ? cost : undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = check(args, setResultAndStopExecution);
      if (!cost) return undefined;
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          setResult({ ...result, extensions: { ...result.extensions, cost } });
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      check(args, setResultAndStopExecution);
    },
  };
}

function costRequestOf(context: unknown): CostRequest {
  const asked = (context as { params?: { extensions?: { cost?: unknown } } } | undefined)?.params?.extensions?.cost;
  return asked === 'report' || asked === 'dry-run' ? asked : undefined;
}

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> => typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
