import type { ExecutionArgs, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Context } from '../schema/context.js';
import { corkWrites } from './corkedSockets.js';
import type { ServerContext } from './gateway.js';
import { credentialsFrom, hasCredentials, type Identify } from './identity.js';
import { wsFrames } from './wsFrames.js';
import type { WsOperations } from './wsOperations.js';
import type { WsRequestLog } from './wsRequestLog.js';

type Enveloped = ReturnType<YogaServerInstance<ServerContext, Context>['getEnveloped']>;
type Args = ExecutionArgs & { rootValue: Pick<Enveloped, 'execute' | 'subscribe'> };

/**
 * graphql-ws (`graphql-transport-ws`) on the GraphQL path. Each operation runs through yoga's
 * envelop pipeline (`getEnveloped`), so masking, introspection rules and the context are the
 * same as over HTTP. Identity is settled per operation, before parsing: the subscribe payload's
 * `extensions.headers` (what GraphiQL sends) when they carry credentials, else the connection's
 * `connectionParams`.
 */
export function serveGraphqlWs(
  yoga: YogaServerInstance<ServerContext, Context>,
  wss: WebSocketServer,
  identify: Identify,
  /** Every error sent to a client, after masking (the metrics count them by code). */
  onErrors: (errors: readonly (GraphQLError | GraphQLFormattedError)[]) => void,
  opts: {
    /** The document an operation runs (PERSISTED_OPERATIONS resolves ids, refuses documents); throws the refusal. */
    queryOf?: (payload: SubscribePayload) => string;
    /** Each operation's abort signal and the subscription cap (wsOperations.ts). */
    operations: WsOperations;
    /** Each operation's request id and access lines (wsRequestLog.ts). */
    log: WsRequestLog;
    /** yoga's `maskError`: results written past yoga's wrappers (wsFrames.ts) are masked with it. */
    maskError: (error: unknown) => unknown;
  },
) {
  const { queryOf = (payload: SubscribePayload) => payload.query, operations, log, maskError } = opts;
  const sinkFor = wsFrames(maskError, onErrors, forSocket);
  wss.on('connection', corkWrites);
  return useServer(
    {
      // Internal messages never reach a close reason.
      isProd: true,
      execute: (args) => (args as Args).rootValue.execute(args),
      subscribe: (args) => (args as Args).rootValue.subscribe(args),
      onSubscribe: async (ctx, id, payload) => {
        const requestId = log.begin(ctx.extra.socket, ctx.extra.request, id);
        const fromHeaders = credentialsFrom(payload.extensions?.headers as Record<string, unknown> | undefined);
        let identity;
        try {
          identity = identify(hasCredentials(fromHeaders) ? fromHeaders : credentialsFrom(ctx.connectionParams));
        } catch (err) {
          return [err as GraphQLError];
        }
        log.settle(ctx.extra.socket, id, { identity });
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          identity,
          signal: operations.start(ctx.extra.socket, id),
          requestId,
          resultSink: sinkFor(ctx.extra.socket, id, (errors) => log.delivered(ctx.extra.socket, id, errors)),
        });
        let document;
        try {
          document = parse(queryOf(payload));
        } catch (err) {
          return [err as GraphQLError];
        }
        log.settle(ctx.extra.socket, id, { document, operationName: payload.operationName });
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        // Errors returned here reach onError, which forgets the operation.
        const refused = operations.admit(ctx.extra.socket, id, document, payload.operationName);
        if (refused) return [refused];
        const args: Args = {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: log.watch(ctx.extra.socket, id, { execute, subscribe }),
        };
        return args;
      },
      onComplete: (ctx, id) => {
        operations.done(ctx.extra.socket, id);
        log.done(ctx.extra.socket, id);
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return undefined;
        onErrors(result.errors);
        return { ...result, errors: result.errors.map(forSocket) };
      },
      onError: (ctx, id, _payload, errors) => {
        operations.done(ctx.extra.socket, id);
        log.failed(ctx.extra.socket, id, errors);
        onErrors(errors);
        return errors.map(forSocket);
      },
    },
    wss,
  );
}

/** `extensions.http` (status, headers) means something over HTTP only. */
function forSocket(error: GraphQLError | GraphQLFormattedError): GraphQLFormattedError {
  const json = 'toJSON' in error ? error.toJSON() : error;
  if (!json.extensions || !('http' in json.extensions)) return json;
  const { http: _http, ...extensions } = json.extensions;
  return { ...json, extensions };
}
