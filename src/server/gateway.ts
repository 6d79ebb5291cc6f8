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
import { createLogger, redactorFor } from './logger.js';
import type { Upstream } from './upstream.js';
import { useDisableIntrospection } from './useDisableIntrospection.js';
import { useVariableErrors } from './useVariableErrors.js';
import { useVariableDepth } from './useVariableDepth.js';
import { useIdentity } from './useIdentity.js';
import { useUpstreamReadiness } from './useUpstreamReadiness.js';
import { serveGraphqlWs } from './graphqlWs.js';
import { isWebhookRequest, serveWebhook } from './webhookRoute.js';
import { createMetrics, type Metrics } from './metrics.js';
import { isMetricsRequest, serveMetrics } from './metricsRoute.js';
import { useMetrics } from './useMetrics.js';
import type { EventRuntime } from '../events/index.js';

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
}

export interface Gateway {
  server: Server;
  /** Listens; resolves with the GraphQL endpoint's URL and the port (0 picks a free one). */
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /**
   * Graceful stop: refuses new connections, closes WebSockets (1001), lets in-flight HTTP
   * requests finish for up to `graceMs`, then drops what is left.
   */
  stop(graceMs?: number): Promise<void>;
}

/** What the node adapter and the graphql-ws server hand to yoga as the server context. */
export interface ServerContext {
  req?: IncomingMessage;
  res?: ServerResponse;
  /** Set by the graphql-ws server, which identifies each operation itself. */
  identity?: Identity;
}

export const GRAPHQL_PATH = '/graphql';

export function createGateway(deps: GatewayDeps): Gateway {
  const { config } = deps;
  const redact = redactorFor(config);
  const logger = deps.logger ?? createLogger(config.logLevel, redact);
  if (config.apiKeyHashes.length === 0) logger.warn('no GATEWAY_API_KEYS or GATEWAY_API_KEY_HASHES: acting as the app is off, only user tokens are accepted');

  const identify = createIdentify({ appId: deps.appId, apiKeyHashes: config.apiKeyHashes });
  const identity = useIdentity(identify);
  const metrics = deps.metrics ?? createMetrics();
  const metricsPlugin = useMetrics(metrics);
  // Envelop runs plugins in this order: readiness and CSRF answer or refuse before identity is
  // looked at; identity before parsing; introspection is refused at validation; metrics count
  // errors on results as sent (after masking, wherever it sits), so their place is free.
  const plugins: Array<Plugin<any>> = [
    useUpstreamReadiness({ checkUpstream: readinessOf(deps), redact }),
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
    identity,
    ...(config.introspection ? [] : [useDisableIntrospection()]),
    useVariableDepth(),
    useVariableErrors(),
    metricsPlugin,
  ];

  const yoga = createYoga<ServerContext, Context>({
    schema: deps.schema ?? appSchema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Yoga streams every body through its own cap (25 MB by default), which would cut uploads
    // short of MAX_UPLOAD_BYTES (task attachments take 5 × 50 MB): allow the largest body the
    // gateway admits; bodyTooLarge() below already holds JSON bodies to MAX_BODY_BYTES.
    maxRequestBodySize: config.maxUploadBytes + config.maxBodyBytes,
    logging: logger,
    cors: config.corsOrigins ? { origin: config.corsOrigins } : undefined,
    maskedErrors: { maskError: createMaskError(logger, redact) },
    graphiql: config.graphiql ? graphiqlOptions(deps.graphiql) : false,
    renderGraphiQL,
    plugins,
    context: (initial) => {
      const who = initial.identity ?? (initial.request ? identity.identityOf(initial.request) : undefined);
      // Unreachable: HTTP requests are identified before parsing, WebSocket operations before
      // they are handed to yoga. Refuse rather than run without an identity.
      if (!who) throw new Error('operation without an identity');
      const signal = initial.request?.signal;
      return createContext(who, deps.upstream.feishuFor(who, signal), signal, {
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
    if (isWebhookRequest(req)) return void serveWebhook(req, res, webhook, logger).catch((err) => logger.error('webhook route failed', err));
    if (isMetricsRequest(req)) return void serveMetrics(req, res, metrics, config.metricsToken).catch((err) => logger.error('metrics route failed', err));
    if (bodyTooLarge(req, config)) return refuseLargeBody(res, config);
    void yoga(req, res);
  });
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const graphqlWs = serveGraphqlWs(yoga, wss, identify, metricsPlugin.errorsSent);

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

/** Multipart requests carry uploads: their cap is MAX_UPLOAD_BYTES on top of MAX_BODY_BYTES. */
function bodyLimit(req: IncomingMessage, config: Config): number {
  const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
  return multipart ? config.maxUploadBytes + config.maxBodyBytes : config.maxBodyBytes;
}

const bodyTooLarge = (req: IncomingMessage, config: Config): boolean => Number(req.headers['content-length'] ?? 0) > bodyLimit(req, config);

function refuseLargeBody(res: ServerResponse, config: Config): void {
  const body = JSON.stringify({
    errors: [{ message: `request body over the limit (MAX_BODY_BYTES ${config.maxBodyBytes}, uploads MAX_UPLOAD_BYTES ${config.maxUploadBytes})`, extensions: { code: 'BAD_USER_INPUT' } }],
  });
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}
