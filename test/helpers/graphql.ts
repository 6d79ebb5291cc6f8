import type { GraphQLFormattedError } from 'graphql';
import type { TypedDocumentString } from '../gql/graphql.js';

/** A GraphQL response body over HTTP, with `data` typed by the operation. */
export interface GraphQLResult<TData> {
  data?: TData | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/**
 * POSTs a typed document (generated from `test/operations/*.graphql` by `npm run codegen`) to a
 * GraphQL endpoint and answers the response body, typed by the operation. `variables` are the
 * operation's variables (`{}` when it has none); `headers` carry the identity
 * (`x-api-key` or `authorization`). A body that is not JSON throws, with the HTTP status.
 */
export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLResult<TResult>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as GraphQLResult<TResult>;
  } catch {
    throw new Error(`HTTP ${res.status}: not a GraphQL response: ${text.slice(0, 200)}`);
  }
}
