import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaLogger } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import { createContext, type Context, type Identity } from '../schema/context.js';
import { schema as appSchema } from '../schema/index.js';
import { createMaskError } from '../schema/errors.js';
import { createIdentify } from './identity.js';
import { loggerFor, redactorFor, type GatewayLogger } from './logger.js';
import { assignRequestId, REQUEST_ID_HEADER } from './requestId.js';
import { useRequestLog } from './useRequestLog.js';
import type { Upstream } from './upstream.js';
import { useDisableIntrospection } from './useDisableIntrospection.js';
import { createPersistedOperations, loadAllowList } from './usePersistedOperations.js';
import { useVariableErrors } from './useVariableErrors.js';
import { useVariableDepth } from './useVariableDepth.js';
import { useIdentity } from './useIdentity.js';
import { useUpstreamReadiness } from './useUpstreamReadiness.js';
import { serveGraphqlWs } from './graphqlWs.js';
import { isWebhookRequest, serveWebhook } from './webhookRoute.js';
import { createMetrics, type Metrics } from './metrics.js';
import { isMetricsRequest, serveMetrics } from './metricsRoute.js';
import { useMetrics } from './useMetrics.js';
import { useShutdown } from './useShutdown.js';
import type { Tracing } from './tracing.js';
import { useSharedSubscriptions } from './useSharedSubscriptions.js';
import { isUpload, useBodyLimits } from './useBodyLimits.js';
import { useExecutionTimeout } from './useExecutionTimeout.js';
import { wsOperations } from './wsOperations.js';
import { wsRequestLog } from './wsRequestLog.js';
import type { EventRuntime } from '../events/index.js';
import type { Redis } from 'ioredis';
import { useArmor } from './useArmor.js';
import { useQueryCost } from './useQueryCost.js';
import { useClientRateLimit } from './useClientRateLimit.js';
import { MemoryClientSpendStore, RedisClientSpendStore } from './clientSpendStore.js';

export interface GatewayDeps {
  config: Config;
  /** The Feishu app the gateway acts for (`FEISHU_APP_ID`, or the emulator's in the demo). */
  appId: string;
  upstream: Pick<Upstream, 'feishuFor' | 'checkUpstream'>;
  /** Defaults to the gateway's schema; tests may pass another. */
  schema?: GraphQLSchema;
  /** GraphiQL's header editor and first query (the demo pre-fills its API key). */
  graphiql?: { headers?: Record<string, string>; defaultQuery?: string };
  logger?: YogaLogger;
  /**
   * The events room (bus, drive subscriptions, webhook receiver); absent when events are off.
   * Its readiness joins `/ready`, and stopping the gateway closes it.
   */
  events?: Pick<EventRuntime, 'services' | 'handleWebhook' | 'ready' | 'close'>;
  /**
   * What `/metrics` serves; pass the one the upstream reports to (`createUpstream({metrics})`)
   * so upstream calls show. Defaults to a registry of the gateway's own (GraphQL metrics only).
   */
  metrics?: Metrics;
  /** The gateway's Redis (REDIS_URL): where CLIENT_CALLS_PER_MINUTE is counted across replicas. */
  redis?: Pick<Redis, 'eval'>;
  /** OpenTelemetry (tracing.ts): its operation spans; give the upstream its `onCall` too. */
  tracing?: Pick<Tracing, 'plugin'>;
}

export interface Gateway {
  server: Server;
  /** Listens; resolves with the GraphQL endpoint's URL and the port (0 picks a free one). */
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /**
   * Graceful stop: refuses new connections, closes WebSockets (1001), completes SSE
   * subscriptions, lets in-flight HTTP requests finish for up to `graceMs`, then drops what is left.
   */
  stop(graceMs?: number): Promise<void>;
}

/** What the node adapter and the graphql-ws server hand to yoga as the server context. */
export interface ServerContext {
  req?: IncomingMessage;
  res?: ServerResponse;
  /** Set by the graphql-ws server, which identifies each operation itself. */
  identity?: Identity;
  /** Set by the graphql-ws server: aborts when the client completes the operation or the socket closes. */
  signal?: AbortSignal;
  /** Set by the graphql-ws server, per operation (wsRequestLog.ts); over HTTP it is the `X-Request-Id` header. */
  requestId?: string;
}

export const GRAPHQL_PATH = '/graphql';

export function createGateway(deps: GatewayDeps): Gateway {
  const { config } = deps;
  const redact = redactorFor(config);
  const logger = deps.logger ?? loggerFor(config);
  if (config.apiKeyHashes.length === 0) logger.warn('no GATEWAY_API_KEYS or GATEWAY_API_KEY_HASHES: acting as the app is off, only user tokens are accepted');

  const identify = createIdentify({ appId: deps.appId, apiKeyHashes: config.apiKeyHashes });
  const identity = useIdentity(identify);
  const metrics = deps.metrics ?? createMetrics();
  const metricsPlugin = useMetrics(metrics);
  const shutdown = useShutdown();
  const schema = deps.schema ?? appSchema;
  const persisted =
    config.persistedOperations === 'off' ? undefined : createPersistedOperations(config.persistedOperations, loadAllowList(config.persistedOperationsFile!, schema));
  const timeout = useExecutionTimeout(config.executionTimeoutMs);
  const maskError = createMaskError(logger, redact);
  // Envelop runs plugins in this order: readiness and CSRF answer or refuse before identity is
  // looked at; identity before parsing; persisted operations swap an id for its document (or
  // refuse) before parsing too; introspection is refused at validation; metrics count
  // errors on results as sent (after masking, wherever it sits), so their place is free.
  // Armor's limits apply while parsing and validating, the variable depth before variables are
  // coerced; the cost estimate, then the client's allowance, are checked when execution is about
  // to start: all before any Feishu call. The timeout wraps execution; shared subscriptions come
  // last, below every other plugin's onSubscribeResult (README, Design notes).
  const plugins: Array<Plugin<any>> = [
    useUpstreamReadiness({ checkUpstream: readinessOf(deps), redact }),
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
    identity,
    ...(persisted ? [persisted.plugin] : []),
    ...(deps.tracing ? [deps.tracing.plugin] : []),
    ...(config.introspection ? [] : [useDisableIntrospection()]),
    useArmor(config),
    useVariableDepth(),
    useVariableErrors(),
    metricsPlugin,
    // After identity: an unidentified upload is refused before a byte of it is read.
    useBodyLimits({ maxBodyBytes: config.maxBodyBytes, maxUploadBytes: config.maxUploadBytes, uploadDir: config.uploadDir, schema }),
    timeout,
    useQueryCost({ budget: config.queryCostBudget }),
    ...(config.clientCallsPerMinute ? [useClientRateLimit({ perMinute: config.clientCallsPerMinute, store: deps.redis ? new RedisClientSpendStore(deps.redis, config.redis.keyPrefix) : new MemoryClientSpendStore() })] : []),
    shutdown,
    ...(isStructured(logger) ? [useRequestLog(logger, identity.identityOf)] : []),
    // Last: it shares the subscribe function every plugin before it settled on.
    useSharedSubscriptions(),
  ];

  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    extraParamNames: persisted ? ['documentId'] : undefined,
    healthCheckEndpoint: '/health',
    landingPage: false,
    // One cap for every body would be too small for uploads or too big for operations:
    // useBodyLimits counts each kind against its own.
    maxRequestBodySize: false,
    logging: logger,
    cors: corsFor(config.corsOrigins),
    maskedErrors: { maskError },
    graphiql: config.graphiql ? graphiqlOptions(deps.graphiql) : false,
    renderGraphiQL,
    plugins,
    context: (initial) => {
      const who = initial.identity ?? (initial.request ? identity.identityOf(initial.request) : undefined);
      // Unreachable: HTTP requests are identified before parsing, WebSocket operations before
      // they are handed to yoga. Refuse rather than run without an identity.
      if (!who) throw new Error('operation without an identity');
      const signal = timeout.signalFor(initial, initial.request?.signal ?? initial.signal);
      const requestId = initial.requestId ?? initial.request?.headers.get(REQUEST_ID_HEADER) ?? undefined;
      return createContext(who, deps.upstream.feishuFor(who, signal, requestId), signal, {
        batching: config.batching,
        events: deps.events?.services,
        // Reads shared by every subscription of one identity must outlive any one request.
        feishuFor: (as) => deps.upstream.feishuFor(as),
        onBatch: metrics.loaderBatch,
      });
    },
  });

  // Feishu's webhook is served only in webhook mode (else 404), before yoga, from the raw body.
  const webhook = config.events.mode === 'webhook' ? deps.events?.handleWebhook : undefined;
  const server = createServer((req, res) => {
    assignRequestId(req, res);
    if (isWebhookRequest(req)) return void serveWebhook(req, res, webhook, logger).catch((err) => logger.error('webhook route failed', err));
    if (isMetricsRequest(req)) return void serveMetrics(req, res, metrics, config.metricsToken).catch((err) => logger.error('metrics route failed', err));
    if (bodyTooLarge(req, config)) return refuseLargeBody(req, res, config);
    void yoga(req, res);
  });
  // A message over maxPayload closes its socket with 1009 (message too big).
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH, maxPayload: config.maxBodyBytes });
  const graphqlWs = serveGraphqlWs(yoga, wss, identify, metricsPlugin.errorsSent, { queryOf: persisted?.queryOf, operations: wsOperations(config.maxSubscriptionsPerConnection), log: wsRequestLog(isStructured(logger) ? logger : undefined), maskError });

  let stopping: Promise<void> | undefined;
  return {
    server,
    start: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const { port: actual } = server.address() as AddressInfo;
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${shown}:${actual}${GRAPHQL_PATH}`, port: actual });
        });
      }),
    stop: (graceMs = 10_000) =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await graphqlWs.dispose();
        shutdown.endStreams();
        // Keep-alive connections become idle once their response is sent: close them as they do,
        // and drop whatever is still busy when the grace period ends.
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearInterval(sweep);
        clearTimeout(deadline);
        await yoga.dispose();
        await deps.events?.close();
      })()),
  };
}

/** A logger of logger.ts (a test may inject a plain YogaLogger: it gets no access lines). */
const isStructured = (logger: YogaLogger): logger is GatewayLogger => typeof (logger as Partial<GatewayLogger>).entry === 'function';

/** `/ready`: Feishu (and Redis, through the upstream) and, when events are on, the bus. */
function readinessOf(deps: GatewayDeps): () => Promise<void> {
  const { upstream, events } = deps;
  if (!events) return () => upstream.checkUpstream();
  return async () => {
    await Promise.all([upstream.checkUpstream(), events.ready()]);
  };
}

function graphiqlOptions(opts: GatewayDeps['graphiql'] = {}) {
  const headers = opts.headers ? JSON.stringify(opts.headers, null, 2) : undefined;
  return {
    title: 'Feishu GraphQL gateway',
    subscriptionsProtocol: 'WS' as const,
    headers,
    defaultHeaders: headers,
    defaultQuery: opts.defaultQuery,
  };
}

/**
 * CORS: an allowed origin (any, without CORS_ORIGINS) is echoed with `Vary: Origin`; another gets
 * no CORS headers at all, so browsers keep its pages from reading answers. Credentials travel in
 * headers, never cookies, so `Allow-Credentials` is never sent; `Retry-After` is exposed for
 * RATE_LIMITED.
 */
function corsFor(origins: string[] | undefined) {
  const allowed = {
    origin: ['*'],
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', 'x-api-key', 'authorization', 'x-graphql-yoga-csrf', 'apollo-require-preflight'],
    exposedHeaders: ['retry-after'],
  };
  return (request: Request) => (!origins || origins.includes(request.headers.get('origin') ?? '') ? allowed : false);
}

const multipart = (req: IncomingMessage) => isUpload(req.headers['content-type']);

/**
 * Multipart requests carry uploads: their cap is MAX_UPLOAD_BYTES on top of MAX_BODY_BYTES. A
 * declared length over it is refused before reading; bodies without one are counted as they
 * arrive (useBodyLimits.ts).
 */
function bodyLimit(req: IncomingMessage, config: Config): number {
  return multipart(req) ? config.maxUploadBytes + config.maxBodyBytes : config.maxBodyBytes;
}

const bodyTooLarge = (req: IncomingMessage, config: Config): boolean => Number(req.headers['content-length'] ?? 0) > bodyLimit(req, config);

function refuseLargeBody(req: IncomingMessage, res: ServerResponse, config: Config): void {
  const body = JSON.stringify({
    errors: [{ message: `request body over the limit (MAX_BODY_BYTES ${config.maxBodyBytes}, uploads MAX_UPLOAD_BYTES ${config.maxUploadBytes})`, extensions: { code: 'BAD_USER_INPUT', limit: multipart(req) ? 'MAX_UPLOAD_BYTES' : 'MAX_BODY_BYTES' } }],
  });
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}
