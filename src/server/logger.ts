import type { YogaLogger } from 'graphql-yoga';
import type { Config, LogLevel } from '../config.js';
import { createRedactor, redact as rawRedact, type Redact } from '../feishu/index.js';

const defaultRedact: Redact = (text) => rawRedact(text);

/**
 * Masks every secret the configuration holds, wherever it would appear in a log line or an error.
 * Each secret also in its JSON-escaped form: log lines are redacted once they are serialized, and
 * a secret holding a quote or a backslash would otherwise slip through as `\"` or `\\`.
 */
export const redactorFor = (config: Config): Redact => {
  const secrets = [config.feishu.appSecret, config.events.encryptKey, config.events.verificationToken, config.metricsToken].filter((x): x is string => !!x);
  return createRedactor([...new Set(secrets.flatMap((x) => [x, JSON.stringify(x).slice(1, -1)]))]);
};

/** The gateway's logger as configured: LOG_LEVEL, every configured secret redacted. */
export const loggerFor = (config: Config, write?: LoggerOptions['write']): GatewayLogger => createLogger(config.logLevel, redactorFor(config), { write });

export type EntryLevel = Exclude<LogLevel, 'silent'>;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The only fields an entry may carry. Secrets stay out by construction: whatever a caller hands
 * the logger (an options object, yoga's parameters, a request), keys not listed here are dropped,
 * so no header, variable, body or token can ride along; what is kept is a scalar or a list of
 * scalars, and the whole line, message included, still goes through the redactor.
 */
const FIELDS = new Set([
  // one GraphQL operation (useRequestLog.ts)
  'requestId', 'operation', 'operationType', 'identity', 'durationMs', 'errors', 'feishuLogIds', 'stream',
  // one graphql-ws operation (wsRequestLog.ts)
  'transport', 'results',
  // the Feishu client (retries, the circuit breaker)
  'endpoint', 'method', 'path', 'kind', 'httpStatus', 'code', 'feishuMsg', 'logId', 'attempts', 'network', 'delayMs',
  'host', 'state', 'failures', 'coolDownMs',
  // anything else: an error's name and message
  'error',
]);
/** Keys renamed on the way in (the Feishu client's `msg` would shadow the entry's). */
const RENAMED: Record<string, string> = { msg: 'feishuMsg' };
const MAX_STRING = 1_000;

export interface LoggerOptions {
  /** Where lines go; default stdout (debug, info) and stderr (warn, error). */
  write?: (line: string, level: EntryLevel) => void;
}

/** Yoga's logger interface, plus structured entries and a cheap check before building one. */
export interface GatewayLogger extends YogaLogger {
  enabled(level: EntryLevel): boolean;
  entry(level: EntryLevel, msg: string, fields: Record<string, unknown>): void;
}

/**
 * One line per entry: `{"time", "level", "msg", …fields}`. Arguments after the message are
 * folded in: strings and numbers join the message, an Error becomes `error: "Name: message"`
 * (never its stack: a stack can carry request data and paths), plain objects give their allowed
 * fields. Levels below the threshold are no-op functions, so `warn` or `silent` cost nothing.
 */
export function createLogger(level: LogLevel, redact: Redact = defaultRedact, options: LoggerOptions = {}): GatewayLogger {
  const write = options.write ?? ((line, at) => (at === 'warn' || at === 'error' ? process.stderr : process.stdout).write(line));
  const enabled = (at: EntryLevel) => LEVELS[at] >= LEVELS[level];
  const entry = (at: EntryLevel, msg: string, fields: Record<string, unknown>) => {
    if (!enabled(at)) return;
    const out: Record<string, unknown> = { time: new Date().toISOString(), level: at, msg: clip(msg, redact) };
    addFields(out, fields, redact);
    // One redaction pass over the whole line: a quarter of the cost of one per string.
    write(`${redact(JSON.stringify(out))}\n`, at);
  };
  const method = (at: EntryLevel) => {
    if (!enabled(at)) return () => undefined;
    return (...args: unknown[]) => {
      // Yoga logs every error its maskError replaced, bare: the access line already carries the
      // code sent and the mask logs the unexpected ones with their path, so this copy is debug.
      if (at === 'error' && args.length === 1 && args[0] instanceof Error) return entry('debug', 'error masked for the client', { error: describe(args[0]) });
      const words: string[] = [];
      const fields: Record<string, unknown> = {};
      for (const arg of args) {
        if (arg instanceof Error) fields.error = describe(arg);
        else if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean') words.push(String(arg));
        else if (arg && typeof arg === 'object' && !Array.isArray(arg)) Object.assign(fields, arg);
      }
      entry(at, words.join(' '), fields);
    };
  };
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error'), enabled, entry };
}

function addFields(out: Record<string, unknown>, fields: Record<string, unknown>, redact: Redact): void {
  for (const [raw, value] of Object.entries(fields)) {
    const key = RENAMED[raw] ?? raw;
    if (!FIELDS.has(key) || value === undefined || value === null) continue;
    const kept = Array.isArray(value) ? value.filter(isScalar).map((v) => scalar(v, redact)) : isScalar(value) ? scalar(value, redact) : undefined;
    if (kept !== undefined) out[key] = kept;
  }
}

const describe = (e: Error) => `${e.name}: ${e.message}`;
const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const scalar = (v: string | number | boolean, redact: Redact) => (typeof v === 'string' ? clip(v, redact) : v);
/** A long string is redacted before it is cut: a cut through a secret would leave its first part. */
const clip = (s: string, redact: Redact) => (s.length > MAX_STRING ? `${redact(s).slice(0, MAX_STRING)}…` : s);
