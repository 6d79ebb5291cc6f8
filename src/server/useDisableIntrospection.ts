import { GraphQLError, NoSchemaIntrospectionCustomRule, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Hides the schema from callers, for production unless `GRAPHIQL=on`: introspection queries
 * (`__schema`, `__type`) are refused at validation, and graphql-js's "Did you mean …?" hints,
 * which would spell out field, argument, type and enum value names to anyone probing with typos,
 * are cut from validation errors and from variable errors (those come from execution).
 * `__typename` stays allowed: clients need it.
 */
export function useDisableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map(withoutHint));
      };
    },
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        const { errors } = result as ExecutionResult;
        if (errors?.some((e) => HINT.test(e.message))) setResult({ ...(result as ExecutionResult), errors: errors.map(withoutHint) });
      },
    }),
  };
}

const HINT = /\s*Did you mean [^?]*\?/;
const HINTS = new RegExp(HINT.source, 'g');

function withoutHint<E extends Error>(e: E): E | GraphQLError {
  if (!(e instanceof GraphQLError) || !HINT.test(e.message)) return e;
  return new GraphQLError(e.message.replace(HINTS, ''), { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: e.extensions });
}
