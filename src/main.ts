import { randomBytes } from 'node:crypto';
import { parseEmulatorArgs } from './emulator/cli.js';
import { startEmulator, type Emulator } from './emulator/server.js';
import { loadConfig, requireFeishuCredentials, sha256Hex, type Config } from './config.js';
import { createGateway, type Gateway } from './server/gateway.js';
import { connectRedis } from './server/redis.js';
import { createUpstream, type Upstream } from './server/upstream.js';

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
  const upstream = createUpstream({ ...feishu, maxThrottleWaitMs: config.throttleMaxWaitMs, redis: redisOf(config) });
  const gateway = createGateway({ config, appId: feishu.appId, upstream });
  const { url } = await gateway.start();
  console.log(`Gateway listening on ${url} (Feishu at ${feishu.baseUrl}, app id ${feishu.appId})`);
  stopOnSignals(stopsFor(gateway, upstream));
}

/**
 * The emulator with demo data (port 3100 unless `--port` says otherwise; 0 picks a free one),
 * then the gateway on PORT pointed at it, with a fresh API key pre-filled in GraphiQL.
 */
async function demo(config: Config, emulatorArgs: string[]): Promise<void> {
  const emulator = await startEmulator(parseEmulatorArgs(emulatorArgs));
  console.log(`Feishu emulator listening on ${emulator.url} (app id ${emulator.rt.appId})`);
  const apiKey = `demo-${randomBytes(18).toString('base64url')}`;
  const demoConfig: Config = {
    ...config,
    feishu: { appId: emulator.rt.appId, appSecret: emulator.rt.appSecret, baseUrl: emulator.url },
    apiKeyHashes: [...config.apiKeyHashes, sha256Hex(apiKey)],
  };
  const upstream = createUpstream({ ...requireFeishuCredentials(demoConfig), maxThrottleWaitMs: config.throttleMaxWaitMs, redis: redisOf(config) });
  const gateway = createGateway({
    config: demoConfig,
    appId: emulator.rt.appId,
    upstream,
    graphiql: { headers: { 'x-api-key': apiKey }, defaultQuery: DEMO_QUERY },
  });
  let url: string;
  try {
    ({ url } = await gateway.start());
  } catch (err) {
    await emulator.close();
    throw err;
  }
  const body = JSON.stringify({ query: DEMO_QUERY.replace(/\s+/g, ' ') });
  console.log(
    [
      `Gateway listening on ${url}`,
      '',
      `  GraphiQL      ${url}  (open it in a browser; the API key is pre-filled)`,
      `  Demo API key  ${apiKey}  (header X-Api-Key: acts as the app)`,
      `  Demo user     Authorization: Bearer ${DEMO_USER_TOKEN}  (acts as Alice Chen)`,
      '',
      'Try:',
      `  curl -s ${url} -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' \\`,
      `    -d '${body}'`,
      '',
    ].join('\n'),
  );
  stopOnSignals([...stopsFor(gateway, upstream), () => emulator.close()]);
}

const redisOf = (config: Config) => (config.redis.url ? { client: connectRedis(config.redis.url), keyPrefix: config.redis.keyPrefix } : undefined);

const stopsFor = (gateway: Gateway, upstream: Upstream): Array<() => Promise<void>> => [() => gateway.stop(), () => upstream.close()];

/** SIGTERM/SIGINT: run the stops in order (gateway first, so in-flight requests still reach Feishu). */
function stopOnSignals(stops: Array<() => Promise<void>>, doing = 'stopping'): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: ${doing}`);
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
