import { randomBytes } from 'node:crypto';
import { parseEmulatorArgs } from './emulator/cli.js';
import { startEmulator, type Emulator } from './emulator/server.js';
import { loadConfig, requireFeishuCredentials, sha256Hex, type Config } from './config.js';
import type { EventRuntime } from './events/index.js';
import { eventRuntimeFor } from './server/events.js';
import { createGateway, type Gateway } from './server/gateway.js';
import { loggerFor } from './server/logger.js';
import { createMetrics } from './server/metrics.js';
import { connectRedis } from './server/redis.js';
import { startTracing, type Tracing } from './server/tracing.js';
import { createUpstream, type Upstream } from './server/upstream.js';
import { WEBHOOK_PATH } from './server/webhookRoute.js';

/**
 * The CLI (the one module that may import both programs):
 * - `emulator [flags]`: the offline Feishu alone;
 * - `serve`: the gateway on the real Feishu (FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_BASE_URL);
 * - `demo [emulator flags]`: the emulator with demo data plus the gateway on it, in one process.
 * Without a command: `serve` when FEISHU_APP_ID is set, else `demo` (what `npm start` runs).
 */
const COMMANDS = ['emulator', 'serve', 'demo'] as const;
type Command = (typeof COMMANDS)[number];

/** The demo's sample query, shown in GraphiQL and printed as a curl command. */
/** A nested read of the demo base: tasks with their launch (a link), assignees (users) and files. */
const DEMO_QUERY = `{
  viewer { kind }
  app(appToken: "bascnPLIgpJjLoKFh1q26hd49nx") {
    name
    table(tableId: "tblDgFxLG45ZB0Hz") {
      name
      records(first: 5) {
        totalCount
        edges {
          node {
            recordId
            cells {
              field { name type }
              ... on TextCell { text }
              ... on SingleSelectCell { option { name } }
              ... on UserCell { users { name email } }
              ... on LinkCell { linkedTable { name } records { recordId fields } }
              ... on AttachmentCell { attachments { name temporaryUrl } }
            }
          }
        }
      }
    }
  }
}`;
const DEMO_USER_TOKEN = 'u-demo-alice';

async function main(argv: string[]): Promise<void> {
  const explicit = argv[0] !== undefined && !argv[0].startsWith('-');
  const command = explicit ? argv[0] : process.env.FEISHU_APP_ID ? 'serve' : 'demo';
  const rest = explicit ? argv.slice(1) : argv;
  if (!COMMANDS.includes(command as Command)) throw new Error(`unknown command "${command}" (expected ${COMMANDS.join(', ')})`);

  if (command === 'emulator') {
    const emulator = await startEmulator(parseEmulatorArgs(rest));
    console.log(`Feishu emulator listening on ${emulator.url} (app id ${emulator.rt.appId})`);
    return stopOnSignals([() => emulator.close()], 'saving and stopping');
  }
  if (command === 'serve') {
    if (rest.length > 0) throw new Error(`serve takes no arguments (settings come from the environment), got "${rest.join(' ')}"`);
    return serve(loadConfig());
  }
  return demo(loadConfig(), rest);
}

async function serve(config: Config): Promise<void> {
  const feishu = requireFeishuCredentials(config);
  const tracing = await startTracing(config.tracing);
  const { gateway, upstream } = assemble(config, feishu.appId, undefined, tracing);
  const { url } = await gateway.start();
  console.log(`Gateway listening on ${url} (Feishu at ${feishu.baseUrl}, app id ${feishu.appId}, events ${eventsShown(config)})`);
  stopOnSignals(stopsFor(gateway, upstream, tracing));
}

/**
 * The gateway's parts for a configuration: one Redis connection (REDIS_URL) shared by the
 * throttle budget, the write lock, the event bus and de-duplication; the upstream; the events
 * room per FEISHU_EVENT_MODE.
 * Nothing here waits for Redis: with Redis away the gateway starts and `/ready` says why not.
 */
function assemble(config: Config, appId: string, graphiql?: Parameters<typeof createGateway>[0]['graphiql'], tracing?: Tracing): { gateway: Gateway; upstream: Upstream; events?: EventRuntime } {
  const logger = loggerFor(config);
  const redis = config.redis.url ? connectRedis(config.redis.url) : undefined;
  // One registry for `/metrics`: the upstream reports its calls to it, the gateway the rest.
  const metrics = createMetrics();
  const upstream = createUpstream({
    ...requireFeishuCredentials(config),
    maxThrottleWaitMs: config.throttleMaxWaitMs,
    redis: redis && { client: redis, keyPrefix: config.redis.keyPrefix },
    metrics,
    // Retries and circuit-breaker changes, with the Feishu log ids of the failures.
    logger,
    onCall: tracing?.onCall,
  });
  const events = eventRuntimeFor({ config, appId, upstream, redis, logger, metrics });
  const gateway = createGateway({ config, appId, upstream, events, logger, graphiql, metrics, redis, tracing });
  return { gateway, upstream, events };
}

const eventsShown = (config: Config) =>
  config.events.mode === 'webhook' ? `by webhook at ${WEBHOOK_PATH}` : config.events.mode === 'off' ? 'off' : `by long connection (${config.feishu.baseUrl}/callback/ws/endpoint)`;

/**
 * The emulator with demo data (port 3100 unless `--port` says otherwise; 0 picks a free one),
 * then the gateway on PORT pointed at it, with a fresh API key pre-filled in GraphiQL.
 */
async function demo(config: Config, emulatorArgs: string[]): Promise<void> {
  const emulator = await startEmulator(parseEmulatorArgs(emulatorArgs));
  console.log(`Feishu emulator listening on ${emulator.url} (app id ${emulator.rt.appId})`);
  const apiKey = `demo-${randomBytes(18).toString('base64url')}`;
  // Events over the long connection by default, as in production: the gateway dials the
  // emulator's /callback/ws/endpoint itself, so nothing needs registering and subscriptions work
  // out of the box. FEISHU_EVENT_MODE=webhook keeps the in-process webhook instead (fresh secrets
  // shared by both sides, deliveries encrypted and signed as Feishu's are); `off` keeps them off.
  const mode = config.events.mode;
  const webhook = mode === 'webhook' ? { encryptKey: randomBytes(24).toString('base64url'), verificationToken: randomBytes(24).toString('base64url') } : undefined;
  const demoConfig: Config = {
    ...config,
    feishu: { appId: emulator.rt.appId, appSecret: emulator.rt.appSecret, baseUrl: emulator.url },
    apiKeyHashes: [...config.apiKeyHashes, sha256Hex(apiKey)],
    events: webhook ? { ...config.events, ...webhook } : config.events,
  };
  const tracing = await startTracing(config.tracing);
  const { gateway, upstream, events } = assemble(demoConfig, emulator.rt.appId, { headers: { 'x-api-key': apiKey }, defaultQuery: DEMO_QUERY }, tracing);
  let url: string;
  try {
    ({ url } = await gateway.start());
  } catch (err) {
    await emulator.close();
    throw err;
  }
  const eventsLine =
    mode === 'off'
      ? 'off (FEISHU_EVENT_MODE=off)'
      : webhook
        ? await registerDemoWebhook(emulator.url, new URL(WEBHOOK_PATH, url).href, webhook)
        : await demoLongConnection(events?.longConnection);
  const body = JSON.stringify({ query: DEMO_QUERY.replace(/\s+/g, ' ') });
  console.log(
    [
      `Gateway listening on ${url}`,
      '',
      `  GraphiQL      ${url}  (open it in a browser; the API key is pre-filled)`,
      `  Demo API key  ${apiKey}  (header X-Api-Key: acts as the app)`,
      `  Demo user     Authorization: Bearer ${DEMO_USER_TOKEN}  (acts as Alice Chen)`,
      `  Events        ${eventsLine}`,
      '',
      'Try:',
      `  curl -s ${url} -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' \\`,
      `    -d '${body}'`,
      '',
    ].join('\n'),
  );
  stopOnSignals([...stopsFor(gateway, upstream, tracing), () => emulator.close()]);
}

/**
 * Waits (briefly: both ends are in this process) for the long connection to the emulator, so the
 * banner says whether subscriptions will see events. A failure leaves the demo running and says so.
 */
async function demoLongConnection(client: EventRuntime['longConnection']): Promise<string> {
  if (!client) return 'off';
  try {
    await client.connected(10_000);
    return `by long connection to the emulator (device_id ${client.deviceId}); subscriptions work out of the box`;
  } catch (err) {
    console.warn(`warning: ${(err as Error).message}: subscriptions will receive nothing until it connects`);
    return 'long connection not established yet (it keeps retrying)';
  }
}

/**
 * Points the emulator's event delivery at the gateway (admin `PUT /__emulator/webhook`), with the
 * secrets both sides share. A failure leaves the demo running, without events, and says so.
 */
async function registerDemoWebhook(emulatorUrl: string, webhookUrl: string, secrets: { encryptKey: string; verificationToken: string }): Promise<string> {
  try {
    const res = await fetch(`${emulatorUrl}/__emulator/webhook`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: webhookUrl, ...secrets }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return `the emulator delivers to ${webhookUrl} (encrypted, signed); subscriptions work out of the box`;
  } catch (err) {
    console.warn(`warning: the emulator did not take the webhook (${(err as Error).message}): subscriptions will receive nothing`);
    return 'off (the emulator did not take the webhook)';
  }
}

/** How long in-flight requests get to finish after SIGTERM (orchestrators wait 30 s by default before SIGKILL). */
const GRACE_MS = 10_000;

/** The tracer last: it flushes the spans of the requests the gateway let finish. */
const stopsFor = (gateway: Gateway, upstream: Upstream, tracing?: Tracing): Array<() => Promise<void>> => [() => gateway.stop(GRACE_MS), () => upstream.close(), ...(tracing ? [() => tracing.shutdown()] : [])];

/**
 * SIGTERM/SIGINT: run the stops in order (gateway first, so in-flight requests still reach
 * Feishu). A second signal, or stops still running well past the grace period, end the process.
 */
function stopOnSignals(stops: Array<() => Promise<void>>, doing = 'stopping'): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: ${doing}`);
    setTimeout(() => {
      console.error(`still stopping ${GRACE_MS + 5_000} ms after ${signal}: exiting`);
      process.exit(1);
    }, GRACE_MS + 5_000).unref();
    stops
      .reduce((done, next) => done.then(next), Promise.resolve())
      .then(
        () => process.exit(0),
        (err: Error) => {
          console.error(`error while stopping: ${err.message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
