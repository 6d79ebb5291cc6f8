import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { z } from 'zod';

/**
 * Every gateway setting, read from the environment (API.md, operations contract). An empty
 * variable counts as unset. Errors name the variable but never echo its value: some are secrets.
 */

export type EventMode = 'long-connection' | 'webhook' | 'off';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type PersistedOperationsMode = 'off' | 'allow' | 'only';

export interface Config {
  port: number;
  host: string;
  feishu: { appId?: string; appSecret?: string; baseUrl: string };
  /** sha256 (lower-case hex) of every accepted `X-Api-Key`; empty: app identity is off. */
  apiKeyHashes: string[];
  redis: { url?: string; keyPrefix: string };
  events: { mode: EventMode; verificationToken?: string; encryptKey?: string; webhookMaxSkewS: number };
  logLevel: LogLevel;
  production: boolean;
  /** GraphiQL and introspection: on unless NODE_ENV=production, where `GRAPHIQL=on` turns both back on. */
  graphiql: boolean;
  introspection: boolean;
  persistedOperations: PersistedOperationsMode;
  /** The allow-list (codegen's persisted-documents JSON: id -> document); set when the mode is not `off`. */
  persistedOperationsFile?: string;
  /** Allowed browser origins; undefined: any origin (credentials travel in headers, never cookies). */
  corsOrigins?: string[];
  maxBodyBytes: number;
  maxUploadBytes: number;
  /** Where multipart uploads are written while their request runs; defaults to the OS temp dir. */
  uploadDir: string;
  /** Subscriptions one graphql-ws connection may hold at once. */
  maxSubscriptionsPerConnection: number;
  throttleMaxWaitMs: number;
  executionTimeoutMs: number;
  /** Estimated Feishu calls one operation may cost (src/schema/cost); over it: QUERY_TOO_EXPENSIVE. */
  queryCostBudget: number;
  /** graphql-armor's limits, checked when an operation is parsed and validated. */
  limits: { depth: number; aliases: number; tokens: number; directives: number };
  /** Estimated Feishu calls one client (API key or user token) may spend a minute; undefined: no limit. */
  clientCallsPerMinute?: number;
  metricsToken?: string;
  /** `GATEWAY_BATCHING=off`: every loader's batch size becomes 1 (tests and benchmarks only). */
  batching: boolean;
  /** OpenTelemetry traces over OTLP/HTTP (JSON); undefined: off, and no SDK is loaded. */
  tracing?: { endpoint: string; serviceName: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const text = z.string();
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));
const commaList = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** Each variable's schema and default; `undefined` default: optional. */
const vars = {
  PORT: [wholeNumber(0, 65535), '4000'],
  HOST: [text, '127.0.0.1'],
  FEISHU_APP_ID: [text, undefined],
  FEISHU_APP_SECRET: [text, undefined],
  FEISHU_BASE_URL: [httpUrl, 'https://open.feishu.cn'],
  GATEWAY_API_KEYS: [commaList, undefined],
  GATEWAY_API_KEY_HASHES: [
    commaList.pipe(z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be comma-separated sha256 hex digests (64 hex digits each)'))),
    undefined,
  ],
  REDIS_URL: [z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }), undefined],
  REDIS_KEY_PREFIX: [text, 'feishu-gateway:'],
  FEISHU_EVENT_MODE: [oneOf(['long-connection', 'webhook', 'off']), 'long-connection'],
  FEISHU_VERIFICATION_TOKEN: [text, undefined],
  FEISHU_ENCRYPT_KEY: [text, undefined],
  WEBHOOK_MAX_SKEW_S: [wholeNumber(0), '300'],
  LOG_LEVEL: [oneOf(['debug', 'info', 'warn', 'error', 'silent']), 'info'],
  NODE_ENV: [text, 'development'],
  GRAPHIQL: [oneOf(['on', 'off']), undefined],
  PERSISTED_OPERATIONS: [oneOf(['off', 'allow', 'only']), 'off'],
  PERSISTED_OPERATIONS_FILE: [text, undefined],
  CORS_ORIGINS: [commaList, undefined],
  MAX_BODY_BYTES: [wholeNumber(1), String(1024 * 1024)],
  MAX_UPLOAD_BYTES: [wholeNumber(1), String(256 * 1024 * 1024)],
  UPLOAD_DIR: [text, undefined],
  MAX_SUBSCRIPTIONS_PER_CONNECTION: [wholeNumber(1), '100'],
  THROTTLE_MAX_WAIT_MS: [wholeNumber(0), '30000'],
  EXECUTION_TIMEOUT_MS: [wholeNumber(1), '60000'],
  QUERY_COST_BUDGET: [wholeNumber(1), '1000'],
  MAX_QUERY_DEPTH: [wholeNumber(1), '20'],
  MAX_ALIASES: [wholeNumber(0), '30'],
  MAX_TOKENS: [wholeNumber(1), '5000'],
  MAX_DIRECTIVES: [wholeNumber(0), '50'],
  CLIENT_CALLS_PER_MINUTE: [wholeNumber(1), undefined],
  METRICS_TOKEN: [text, undefined],
  GATEWAY_BATCHING: [oneOf(['on', 'off']), 'on'],
  OTEL_EXPORTER_OTLP_ENDPOINT: [httpUrl, undefined],
  OTEL_SERVICE_NAME: [text, 'feishu-graphql-gateway'],
} as const satisfies Record<string, readonly [z.ZodType<unknown, string>, string | undefined]>;

type Vars = typeof vars;
type Parsed = { [K in keyof Vars]: Vars[K][1] extends string ? z.output<Vars[K][0]> : z.output<Vars[K][0]> | undefined };

/** The variable names this module reads: the README's env table lists the same. */
export const CONFIG_VARIABLES = Object.keys(vars) as Array<keyof Vars>;

function parseVars(env: Record<string, string | undefined>): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, [schema, fallback]] of Object.entries(vars) as Array<[string, readonly [z.ZodType<unknown, string>, string | undefined]]>) {
    const raw = env[name] || fallback; // empty counts as unset
    if (raw === undefined) continue;
    const result = schema.safeParse(raw);
    if (!result.success) throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? 'is invalid'}`);
    out[name] = result.data;
  }
  return out as Parsed;
}

/** Reads and checks the gateway's settings; throws a `ConfigError` naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const v = parseVars(env);
  if (v.FEISHU_APP_ID && !v.FEISHU_APP_SECRET) throw new ConfigError('FEISHU_APP_SECRET is required when FEISHU_APP_ID is set');
  if (v.FEISHU_APP_SECRET && !v.FEISHU_APP_ID) throw new ConfigError('FEISHU_APP_ID is required when FEISHU_APP_SECRET is set');
  if (v.CLIENT_CALLS_PER_MINUTE !== undefined && v.CLIENT_CALLS_PER_MINUTE < v.QUERY_COST_BUDGET) {
    throw new ConfigError('CLIENT_CALLS_PER_MINUTE must be at least QUERY_COST_BUDGET (an operation the budget admits must fit in a minute)');
  }
  if (v.PERSISTED_OPERATIONS !== 'off' && !v.PERSISTED_OPERATIONS_FILE) {
    throw new ConfigError(`PERSISTED_OPERATIONS_FILE is required when PERSISTED_OPERATIONS is ${v.PERSISTED_OPERATIONS} (the allow-list \`npm run codegen\` writes)`);
  }
  const production = v.NODE_ENV === 'production';
  const graphiql = v.GRAPHIQL ? v.GRAPHIQL === 'on' : !production;
  const apiKeyHashes = [...(v.GATEWAY_API_KEYS ?? []).map(sha256Hex), ...(v.GATEWAY_API_KEY_HASHES ?? []).map((h) => h.toLowerCase())];
  return {
    port: v.PORT,
    host: v.HOST,
    feishu: { appId: v.FEISHU_APP_ID, appSecret: v.FEISHU_APP_SECRET, baseUrl: v.FEISHU_BASE_URL },
    apiKeyHashes: [...new Set(apiKeyHashes)],
    redis: { url: v.REDIS_URL, keyPrefix: v.REDIS_KEY_PREFIX },
    events: {
      mode: v.FEISHU_EVENT_MODE,
      verificationToken: v.FEISHU_VERIFICATION_TOKEN,
      encryptKey: v.FEISHU_ENCRYPT_KEY,
      webhookMaxSkewS: v.WEBHOOK_MAX_SKEW_S,
    },
    logLevel: v.LOG_LEVEL,
    production,
    graphiql,
    introspection: graphiql || !production,
    persistedOperations: v.PERSISTED_OPERATIONS,
    persistedOperationsFile: v.PERSISTED_OPERATIONS === 'off' ? undefined : v.PERSISTED_OPERATIONS_FILE,
    corsOrigins: v.CORS_ORIGINS?.length ? v.CORS_ORIGINS : undefined,
    maxBodyBytes: v.MAX_BODY_BYTES,
    maxUploadBytes: v.MAX_UPLOAD_BYTES,
    uploadDir: v.UPLOAD_DIR ?? tmpdir(),
    maxSubscriptionsPerConnection: v.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    throttleMaxWaitMs: v.THROTTLE_MAX_WAIT_MS,
    executionTimeoutMs: v.EXECUTION_TIMEOUT_MS,
    queryCostBudget: v.QUERY_COST_BUDGET,
    limits: { depth: v.MAX_QUERY_DEPTH, aliases: v.MAX_ALIASES, tokens: v.MAX_TOKENS, directives: v.MAX_DIRECTIVES },
    clientCallsPerMinute: v.CLIENT_CALLS_PER_MINUTE,
    metricsToken: v.METRICS_TOKEN,
    batching: v.GATEWAY_BATCHING === 'on',
    tracing: v.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: v.OTEL_SERVICE_NAME } : undefined,
  };
}

/** `serve` talks to the real Feishu: it needs the app's credentials. */
export function requireFeishuCredentials(config: Config): { appId: string; appSecret: string; baseUrl: string } {
  const { appId, appSecret, baseUrl } = config.feishu;
  if (!appId) throw new ConfigError('FEISHU_APP_ID is required (with FEISHU_APP_SECRET) to serve the real Feishu; without it, `npm start` runs the demo');
  if (!appSecret) throw new ConfigError('FEISHU_APP_SECRET is required when FEISHU_APP_ID is set');
  return { appId, appSecret, baseUrl };
}
