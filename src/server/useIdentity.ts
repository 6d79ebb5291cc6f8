import type { Plugin } from 'graphql-yoga';
import type { Identity } from '../schema/context.js';
import { credentialsFrom, type Identify } from './identity.js';

export interface IdentityPlugin extends Plugin {
  /** The identity established for an HTTP request (set before its operation is parsed). */
  identityOf(request: Request): Identity | undefined;
}

/**
 * Settles who an HTTP GraphQL request runs as before its operation is even parsed, so a caller
 * without valid credentials learns nothing of the schema and causes no upstream call; it gets
 * `UNAUTHENTICATED` with HTTP 401. The GraphiQL page, `/health` and `/ready` are answered
 * earlier (in `onRequest`) and need none. graphql-ws operations are identified in the
 * WebSocket server's `onSubscribe`.
 */
export function useIdentity(identify: Identify): IdentityPlugin {
  const identities = new WeakMap<Request, Identity>();
  return {
    onRequestParse({ request }) {
      identities.set(request, identify(credentialsFrom(request.headers)));
    },
    identityOf: (request) => identities.get(request),
  };
}
