import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../schema/errors.js';

/** Deepest nesting of a variable's value (objects and lists) the gateway takes. */
export const MAX_VARIABLE_DEPTH = 64;

/**
 * Refuses variables nested deeper than MAX_VARIABLE_DEPTH before graphql-js coerces them: its
 * coercion and the resolvers' walks over JSON values recurse, and a `where` 5,000 levels deep or
 * a JSON cell of 50,000 nested lists (well under MAX_BODY_BYTES) overflowed the stack into an
 * INTERNAL_SERVER_ERROR. No real input comes near: `where` allows one level of `children`.
 */
export function useVariableDepth(): Plugin {
  const check = ({ args, setResultAndStopExecution }: { args: { variableValues?: unknown }; setResultAndStopExecution: (result: { errors: Error[] }) => void }) => {
    const deep = tooDeep(args.variableValues);
    if (deep) setResultAndStopExecution({ errors: [refusal(deep)] });
  };
  return { onExecute: check, onSubscribe: check };
}

const refusal = (name: string) => gatewayError('BAD_USER_INPUT', `variable $${name} nests deeper than ${MAX_VARIABLE_DEPTH} levels`, { argumentPath: name });

/** The name of the first variable nested too deep, measured without recursion. */
function tooDeep(variables: unknown): string | undefined {
  if (typeof variables !== 'object' || variables === null) return undefined;
  for (const [name, value] of Object.entries(variables)) {
    const stack: Array<[unknown, number]> = [[value, 1]];
    while (stack.length > 0) {
      const [v, depth] = stack.pop()!;
      if (typeof v !== 'object' || v === null) continue;
      if (depth > MAX_VARIABLE_DEPTH) return name;
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}
