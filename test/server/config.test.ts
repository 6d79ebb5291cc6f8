import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, requireFeishuCredentials, sha256Hex } from '../../src/config.js';

// API.md's operations contract, plus GRAPHIQL (which NODE_ENV=production's rule names) and the
// query limits beside QUERY_COST_BUDGET (armor's, and the per-client allowance).
const CONTRACT = [
  'PORT', 'HOST', 'FEISHU_APP_ID', 'FEISHU_APP_SECRET', 'FEISHU_BASE_URL', 'GATEWAY_API_KEYS', 'GATEWAY_API_KEY_HASHES',
  'REDIS_URL', 'REDIS_KEY_PREFIX', 'FEISHU_EVENT_MODE', 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY', 'WEBHOOK_MAX_SKEW_S',
  'LOG_LEVEL', 'NODE_ENV', 'GRAPHIQL', 'PERSISTED_OPERATIONS', 'CORS_ORIGINS', 'MAX_BODY_BYTES', 'MAX_UPLOAD_BYTES',
  'THROTTLE_MAX_WAIT_MS', 'EXECUTION_TIMEOUT_MS', 'QUERY_COST_BUDGET', 'METRICS_TOKEN', 'GATEWAY_BATCHING',
  'MAX_QUERY_DEPTH', 'MAX_ALIASES', 'MAX_TOKENS', 'MAX_DIRECTIVES', 'CLIENT_CALLS_PER_MINUTE',
  // The allow-list PERSISTED_OPERATIONS needs, and OpenTelemetry's own names for tracing.
  'PERSISTED_OPERATIONS_FILE', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME',
  // The gateway's own, beyond the contract (issue 10, limits).
  'UPLOAD_DIR', 'MAX_SUBSCRIPTIONS_PER_CONNECTION',
];

describe('the settings', () => {
  it("are the operations contract's, each documented in the README's table", () => {
    expect([...CONFIG_VARIABLES].sort()).toEqual([...CONTRACT].sort());
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of CONFIG_VARIABLES) expect(readme, name).toContain(`| \`${name}\` |`);
  });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      feishu: { appId: undefined, appSecret: undefined, baseUrl: 'https://open.feishu.cn' },
      apiKeyHashes: [],
      redis: { url: undefined, keyPrefix: 'feishu-gateway:' },
      events: { mode: 'long-connection', verificationToken: undefined, encryptKey: undefined, webhookMaxSkewS: 300 },
      logLevel: 'info',
      production: false,
      graphiql: true,
      introspection: true,
      persistedOperations: 'off',
      persistedOperationsFile: undefined,
      corsOrigins: undefined,
      maxBodyBytes: 1024 * 1024,
      maxUploadBytes: 256 * 1024 * 1024,
      uploadDir: tmpdir(),
      maxSubscriptionsPerConnection: 100,
      throttleMaxWaitMs: 30000,
      executionTimeoutMs: 60000,
      queryCostBudget: 1000,
      limits: { depth: 20, aliases: 30, tokens: 5000, directives: 50 },
      clientCallsPerMinute: undefined,
      metricsToken: undefined,
      batching: true,
      tracing: undefined,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', FEISHU_BASE_URL: '', GATEWAY_API_KEYS: '', LOG_LEVEL: '' })).toEqual(loadConfig({}));
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      FEISHU_APP_ID: 'cli_x',
      FEISHU_APP_SECRET: 's3cret',
      FEISHU_BASE_URL: 'https://open.larksuite.com/',
      GATEWAY_API_KEYS: 'one, two ,,',
      GATEWAY_API_KEY_HASHES: sha256Hex('three').toUpperCase(),
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: 'gw:',
      FEISHU_EVENT_MODE: 'webhook',
      FEISHU_VERIFICATION_TOKEN: 'vt',
      FEISHU_ENCRYPT_KEY: 'ek',
      WEBHOOK_MAX_SKEW_S: '60',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      GRAPHIQL: 'on',
      PERSISTED_OPERATIONS: 'only',
      PERSISTED_OPERATIONS_FILE: 'ops.json',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      MAX_BODY_BYTES: '2048',
      MAX_UPLOAD_BYTES: '4096',
      UPLOAD_DIR: '/var/tmp/uploads',
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '7',
      THROTTLE_MAX_WAIT_MS: '100',
      EXECUTION_TIMEOUT_MS: '5000',
      QUERY_COST_BUDGET: '300',
      MAX_QUERY_DEPTH: '12',
      MAX_ALIASES: '5',
      MAX_TOKENS: '800',
      MAX_DIRECTIVES: '4',
      CLIENT_CALLS_PER_MINUTE: '600',
      METRICS_TOKEN: 'mt',
      GATEWAY_BATCHING: 'off',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.internal:4318/',
      OTEL_SERVICE_NAME: 'gw-eu',
    });
    expect(c).toEqual({
      port: 8080,
      host: '0.0.0.0',
      feishu: { appId: 'cli_x', appSecret: 's3cret', baseUrl: 'https://open.larksuite.com' },
      apiKeyHashes: [sha256Hex('one'), sha256Hex('two'), sha256Hex('three')],
      redis: { url: 'redis://127.0.0.1:6379/0', keyPrefix: 'gw:' },
      events: { mode: 'webhook', verificationToken: 'vt', encryptKey: 'ek', webhookMaxSkewS: 60 },
      logLevel: 'warn',
      production: true,
      graphiql: true,
      introspection: true,
      persistedOperations: 'only',
      persistedOperationsFile: 'ops.json',
      corsOrigins: ['https://a.example', 'https://b.example'],
      maxBodyBytes: 2048,
      maxUploadBytes: 4096,
      uploadDir: '/var/tmp/uploads',
      maxSubscriptionsPerConnection: 7,
      throttleMaxWaitMs: 100,
      executionTimeoutMs: 5000,
      queryCostBudget: 300,
      limits: { depth: 12, aliases: 5, tokens: 800, directives: 4 },
      clientCallsPerMinute: 600,
      metricsToken: 'mt',
      batching: false,
      tracing: { endpoint: 'http://collector.internal:4318', serviceName: 'gw-eu' },
    });
  });

  it('keeps no API key itself, only its hash', () => {
    expect(JSON.stringify(loadConfig({ GATEWAY_API_KEYS: 'plain-key-value' }))).not.toContain('plain-key-value');
  });

  it('turns GraphiQL and introspection off in production unless GRAPHIQL=on', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig({ GRAPHIQL: 'off' })).toMatchObject({ graphiql: false, introspection: true });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT /],
    [{ PORT: '70000' }, /^PORT must be at most 65535/],
    [{ PORT: '-1' }, /^PORT /],
    [{ FEISHU_BASE_URL: 'open.feishu.cn' }, /^FEISHU_BASE_URL must be an http\(s\) URL/],
    [{ GATEWAY_API_KEY_HASHES: 'abc' }, /^GATEWAY_API_KEY_HASHES must be .*sha256/],
    [{ REDIS_URL: 'http://x' }, /^REDIS_URL must be a redis:\/\//],
    [{ FEISHU_EVENT_MODE: 'push' }, /^FEISHU_EVENT_MODE must be one of long-connection, webhook, off/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ GRAPHIQL: 'yes' }, /^GRAPHIQL must be one of on, off/],
    [{ PERSISTED_OPERATIONS: 'maybe' }, /^PERSISTED_OPERATIONS must be one of off, allow, only/],
    [{ MAX_BODY_BYTES: '1MB' }, /^MAX_BODY_BYTES /],
    [{ MAX_UPLOAD_BYTES: '0' }, /^MAX_UPLOAD_BYTES must be at least 1/],
    [{ EXECUTION_TIMEOUT_MS: '1.5' }, /^EXECUTION_TIMEOUT_MS /],
    [{ GATEWAY_BATCHING: 'no' }, /^GATEWAY_BATCHING must be one of on, off/],
    [{ FEISHU_APP_ID: 'cli_x' }, /^FEISHU_APP_SECRET is required when FEISHU_APP_ID is set/],
    [{ FEISHU_APP_SECRET: 'hush-hush-secret' }, /^FEISHU_APP_ID is required/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a value in its error', () => {
    expect(() => loadConfig({ FEISHU_BASE_URL: 'not a url with s3cret' })).toThrow(/^(?!.*s3cret)/);
  });

  it('serve needs the app credentials', () => {
    expect(() => requireFeishuCredentials(loadConfig({}))).toThrow(/FEISHU_APP_ID is required/);
    expect(requireFeishuCredentials(loadConfig({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's' }))).toEqual({
      appId: 'cli_x',
      appSecret: 's',
      baseUrl: 'https://open.feishu.cn',
    });
  });
});
