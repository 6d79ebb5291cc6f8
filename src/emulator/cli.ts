import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './server.js';

const env = (name: string): string | undefined => process.env[name] || undefined; // empty counts as unset

/** Digits only: `Number()` alone would take "", " 1", "0x10" and "1e3". */
const wholeNumber = (text: string): number | undefined => (/^\d+$/.test(text) ? Number(text) : undefined);

/** `npm run emulator -- [--port 3100] [--host 127.0.0.1] [--seed demo|empty] [--latency-ms 0] [--rate-limits off|documented] [--data <file>]` */
export function parseEmulatorArgs(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '3100' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: 'demo' },
      'latency-ms': { type: 'string', default: '0' },
      'rate-limits': { type: 'string', default: 'off' },
      data: { type: 'string' },
    },
  });
  const port = wholeNumber(values.port);
  if (port === undefined || port > 65535) throw new Error(`--port must be a port number (0-65535), got "${values.port}"`);
  const latencyMs = wholeNumber(values['latency-ms']);
  if (latencyMs === undefined) throw new Error(`--latency-ms must be a whole number >= 0, got "${values['latency-ms']}"`);
  if (values.seed !== 'demo' && values.seed !== 'empty') throw new Error(`--seed must be demo or empty, got ${values.seed}`);
  const rateLimits = values['rate-limits'];
  if (rateLimits !== 'off' && rateLimits !== 'documented') throw new Error(`--rate-limits must be off or documented, got ${rateLimits}`);
  return {
    port,
    host: values.host,
    seed: values.seed,
    latencyMs,
    rateLimits,
    dataFile: values.data || undefined,
    appId: env('EMULATOR_APP_ID'),
    appSecret: env('EMULATOR_APP_SECRET'),
    publicUrl: env('EMULATOR_PUBLIC_URL'),
  };
}
