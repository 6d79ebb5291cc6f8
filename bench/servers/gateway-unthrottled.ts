import { loadConfig, requireFeishuCredentials } from '../../src/config.js';
import { createGateway } from '../../src/server/gateway.js';
import { createLogger } from '../../src/server/logger.js';
import { createUpstream } from '../../src/server/upstream.js';

/**
 * The gateway with its throttle off (`createUpstream({ throttle: 'off' })`, the option
 * src/server/upstream.ts keeps for tests and benchmarks), for S2's one-upstream-call query only:
 * through `serve`, every endpoint is held to Feishu's documented QPS (20/s for a Bitable app),
 * so a load test would measure the quota, not the gateway. There is no environment setting for
 * this, hence this wrapper; everything else is `serve`'s (settings from the environment, no events).
 */
const config = loadConfig();
const feishu = requireFeishuCredentials(config);
const logger = createLogger(config.logLevel);
const upstream = createUpstream({ ...feishu, maxThrottleWaitMs: config.throttleMaxWaitMs, throttle: 'off' });
const gateway = createGateway({ config, appId: feishu.appId, upstream, logger });
const { url } = await gateway.start();
console.log(`Gateway (throttle off) listening on ${url}`);
const stop = () => void gateway.stop(2_000).then(() => upstream.close()).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
