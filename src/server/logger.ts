import type { YogaLogger } from 'graphql-yoga';
import type { Config, LogLevel } from '../config.js';
import { createRedactor, redact as rawRedact, type Redact } from '../feishu/index.js';

const defaultRedact: Redact = (text) => rawRedact(text);

/** Masks every secret the configuration holds, wherever it would appear in a log line or an error. */
export const redactorFor = (config: Config): Redact =>
  createRedactor([config.feishu.appSecret, config.events.encryptKey, config.events.verificationToken, config.metricsToken]);

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * One line per entry, `<ISO time> <level> <message>`, with credentials redacted. Errors print
 * as `Name: message`, never with their stack (a stack can carry request data and paths).
 */
export function createLogger(level: LogLevel, redact: Redact = defaultRedact): YogaLogger {
  const line = (name: Exclude<LogLevel, 'silent'>, stream: NodeJS.WriteStream) => (...args: unknown[]) => {
    if (LEVELS[name] < LEVELS[level]) return;
    stream.write(`${new Date().toISOString()} ${name} ${redact(args.map(describe).join(' '))}\n`);
  };
  return {
    debug: line('debug', process.stdout),
    info: line('info', process.stdout),
    warn: line('warn', process.stderr),
    error: line('error', process.stderr),
  };
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
