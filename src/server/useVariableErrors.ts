import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-js refuses variables that do not fit their types (an unknown enum value, a missing
 * required field) before execution, with a message and no code. This gives them BAD_USER_INPUT
 * and an `argumentPath` inside the variable (`input.type` for `$input`), like every other input
 * error of the gateway (API.md, Errors).
 */
export function useVariableErrors(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors?.length) return;
        if (!result.errors.some((e) => variableProblem(e))) return;
        setResult({ ...result, errors: result.errors.map((e) => withCode(e)) });
      },
    }),
  };
}

// Bad values (`got invalid value … at "input.records[1].fields"; …`), and a required variable left
// out or given null (`of required type "X!" was not provided.`, `of non-null type "X!" must not be null.`).
const VARIABLE = /^Variable "\$(\w+)" (?:got invalid value .*?(?: at "([^"]+)")?; |of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.)/s;

const variableProblem = (e: GraphQLError) => e.extensions?.code === undefined && e.path === undefined && VARIABLE.test(e.message);

function withCode(e: GraphQLError): GraphQLError {
  if (!variableProblem(e)) return e;
  const m = VARIABLE.exec(e.message)!;
  return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code: 'BAD_USER_INPUT', argumentPath: dotted(m[2] ?? m[1]) } });
}

/** graphql-js writes list indexes in brackets (`input.records[1].fields`); every other input error of the gateway uses dots (`input.records.1.fields`). */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');
